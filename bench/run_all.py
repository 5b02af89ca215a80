"""`make bench`: every benchmark against the big dataset, and bench/results.md.

1. bench/web.py makes (once) the benchmark database with the big dataset (generate_load,
   40 partnerships × 5 years) and measures the main pages against the floor;
2. bench/actions_import.py --big imports 10,000 actions into that database (rolled back),
   with a COPY of the same rows and the XLSX export;
3. the other bench/ scripts, each on its own throwaway database, their output kept as printed.

Writes bench/results.md: the figures with their goals, which goals are met, and the machine.

    .venv/bin/python bench/run_all.py [--quick]   (--quick: not the other scripts)
    .venv/bin/python bench/run_all.py --rewrite   (results.md again from the last run's output)
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
OTHERS = ["core_pages.py", "funding_pages.py", "board_pack.py", "measures_import.py",
          "hostile_imports.py"]


def _run(argv: list[str], env: dict[str, str] | None = None) -> str:
    print("$", " ".join(argv), flush=True)
    result = subprocess.run(argv, cwd=ROOT, env=env or os.environ.copy(), text=True,
                            capture_output=True, check=False)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr[-3000:])
    if result.returncode:
        return f"(exit {result.returncode})\n{result.stdout}\n{result.stderr[-2000:]}"
    return result.stdout


def _machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB memory"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return (f"{platform.platform()}; {os.cpu_count()} cores ({cpu}){memory}; Python "
            f"{platform.python_version()}; load average at the end "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)")


def main() -> None:
    quick = "--quick" in sys.argv
    OUT.mkdir(parents=True, exist_ok=True)
    web_json, import_json = OUT / "web.json", OUT / "import.json"
    if "--rewrite" in sys.argv:  # bench/results.md again from the last run's saved output
        saved = json.loads((OUT / "outputs.json").read_text())
        write_results(saved["started"], web_json, import_json, saved["web"], saved["import"],
                      saved["others"], machine=saved.get("machine"))
        return
    python = str(ROOT / ".venv" / "bin" / "python")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    web_argv = [python, "bench/web.py", "--json", str(web_json)]
    web_text = _run(web_argv)
    # The same benchmark database as bench/web.py (its URL is derived the same way).
    sys.path.insert(0, str(ROOT / "bench"))
    import web

    url = web._database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    import_text = _run([python, "bench/actions_import.py", "10000", "--big",
                        f"--json={import_json}"], env)
    others = {} if quick else {name: _run([python, f"bench/{name}"]) for name in OTHERS}
    (OUT / "outputs.json").write_text(json.dumps({"started": started, "web": web_text,
                                                  "import": import_text, "others": others,
                                                  "machine": _machine()}))
    write_results(started, web_json, import_json, web_text, import_text, others)


def _ratio_met(row: dict[str, Any]) -> bool:
    return bool(row["pct_of_floor"] >= row["goal_pct"])


def _p95_met(row: dict[str, Any]) -> bool:
    return bool(row["p95_ms"] < 250)


def _yes(met: bool) -> str:
    return "yes" if met else "NO"


def write_results(started: str, web_json: Path, import_json: Path, web_text: str,
                  import_text: str, others: dict[str, str], *,
                  machine: str | None = None) -> None:
    web_rows: list[dict[str, Any]] = json.loads(web_json.read_text()) if web_json.exists() else []
    figures: dict[str, Any] = json.loads(import_json.read_text()) if import_json.exists() else {}
    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {started}. Machine: {machine or _machine()}.",
        "",
        "**Read the ratios, not the absolute figures.** The machine has 2 cores, often shared "
        "with other test runs (see the load average above), so absolute req/s and ms move with "
        "the load. Each page's req/s is compared with the floor (the cheapest signed-in page "
        "through the same middleware) measured right before it in the same run, so both see "
        "the same load; the ratio is what the goals are about.",
        "",
        "## Web pages (bench/web.py)",
        "",
        "gunicorn, 2 sync workers, DEBUG off, persistent connections, on the big dataset "
        "(`generate_load --partnerships 40 --years 5`: 40 partnerships, each with 200 measures, "
        "1,500 actions with 6,000 updates, 10 awards × 20 lines with spend and returns, "
        "10 reviews, 20 meetings). Medians of 3 rounds of floor-then-page.",
        "",
        "| page | kind | clients | req/s | floor req/s | % of floor | goal | met | p50 ms "
        "| p95 ms | p95 goal | met | KB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in web_rows:
        p95_goal, p95_met = ("< 250", _yes(_p95_met(row))) if row["clients"] == 2 else ("–", "")
        lines.append(
            f"| {row['page']} | {row['kind']} | {row['clients']} | {row['rps']:.1f} | "
            f"{row['floor_rps']:.1f} | {row['pct_of_floor']:.1f}% | ≥ {row['goal_pct']:.0f}% | "
            f"{_yes(_ratio_met(row))} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {p95_goal} | "
            f"{p95_met} | {row['bytes'] / 1024:.0f} |")
    if not web_rows:
        lines += ["", "(bench/web.py produced no figures:)", "", "```", web_text[-3000:], "```"]
    lines += ["", "## Import and export of 10,000 actions (bench/actions_import.py --big)", ""]
    if figures:
        lines += [
            "| figure | value | goal | met |",
            "|---|---|---|---|",
            f"| import (check + apply) | {figures['import_s']:.2f} s | – | |",
            f"| COPY of the same rows (audited too) | {figures['copy_s']:.2f} s | – | |",
            f"| import / COPY | {figures['ratio']:.1f}× | ≤ 5× | "
            f"{'yes' if figures['ratio'] <= 5 else 'NO'} |",
            f"| export to XLSX | {figures['export_s']:.2f} s | ≤ 3 s | "
            f"{'yes' if figures['export_s'] <= 3 else 'NO'} |",
            f"| re-import, every row changed | {figures['reimport_s']:.2f} s | – | |",
            "| audit events: one per row written (import, COPY, re-import) | checked | every "
            "event kept | yes |",
        ]
    lines += ["", "```", import_text.strip()[-3000:], "```"]
    for name, text in others.items():
        lines += ["", f"## bench/{name} (its own throwaway database)", "", "```",
                  text.strip()[-2500:], "```"]
    lines += ["", "## Which goals are met", ""]
    if web_rows:
        ratio_missed = [r for r in web_rows if not _ratio_met(r)]
        timed = [r for r in web_rows if r["clients"] == 2]
        p95_missed = [r for r in timed if not _p95_met(r)]
        lines.append(
            f"Web, share of the floor: {len(web_rows) - len(ratio_missed)} of {len(web_rows)} "
            "page × client figures meet their goal." + (" Missed: " + "; ".join(
                f"{r['page']} at {r['clients']} clients ({r['pct_of_floor']:.1f}% against "
                f"{r['goal_pct']:.0f}%)" for r in ratio_missed) + "." if ratio_missed else ""))
        lines += ["", f"Web, p95 under 250 ms at 2 clients: {len(timed) - len(p95_missed)} of "
                  f"{len(timed)} pages." + (" Missed: " + "; ".join(
                      f"{r['page']} ({r['p95_ms']:.0f} ms)" for r in p95_missed) + "."
                      if p95_missed else "")]
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    lines.append("")
    (ROOT / "bench" / "results.md").write_text("\n".join(lines))
    print("Wrote bench/results.md")


if __name__ == "__main__":
    main()
