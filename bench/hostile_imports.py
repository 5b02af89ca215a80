"""Benchmark: hostile spreadsheets are refused fast and in little memory (issue 10).

Each file is read by the real import entry points (the measure import's `read_dataset`, the
action-plan import's `read_rows`) in a fresh child process, which reports the wall time of the
read and its peak RSS. The floor is the same child reading a 10-row valid file, measured in the
same run; figures are printed as a ratio to it, with the goal beside them (under 2 s and under
200 MB for a hostile file).

    .venv/bin/python bench/hostile_imports.py

Files (built here, in a temporary folder):
  - csv-200k:   200,000 data rows of CSV (about 2.4 MB) for the measure import;
  - ss-bomb:    an XLSX of about 400 KB whose shared strings inflate to 400 MB;
  - wide-sheet: an XLSX with a 5,000 × 2,000 sheet (10 million cells).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.spreadsheet_files import with_member, xlsx  # noqa: E402

MB = 1024 * 1024

CHILD = r"""
import io, json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.exceptions import ValidationError
from actionplans.resources import read_rows
from priorities.imports import read_dataset
path, reader = sys.argv[1], sys.argv[2]
content = open(path, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    if reader == "measures":
        read_dataset(io.BytesIO(content), name=os.path.basename(path))
    else:
        read_rows(content)
    outcome = "read"
except ValidationError as error:
    outcome = "refused: " + " ".join(error.messages)[:90]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kb": peak, "before_kb": before, "outcome": outcome}))
"""


def build(folder: Path) -> dict[str, Path]:
    files = {}
    small = folder / "small.csv"
    small.write_bytes(b"measure,period,value\n" + b"Reports of ASB,2016/17,1\n" * 10)
    files["floor-csv"] = small
    small_xlsx = folder / "small.xlsx"
    small_xlsx.write_bytes(xlsx([["id", "reference", "description"],
                        *[[n, f"P{n}", "x"] for n in range(10)]]))
    files["floor-xlsx"] = small_xlsx

    big_csv = folder / "rows.csv"
    big_csv.write_bytes(b"measure,period,value\n" + b"Reports of ASB,2016/17,1\n" * 200_000)
    files["csv-200k"] = big_csv

    template = xlsx([["id", "description"], [1, "x"]])
    bomb = folder / "bomb.xlsx"

    def strings() -> Iterator[bytes]:
        yield b"<sst xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><si><t>"
        block = b"A" * MB
        for _ in range(400):
            yield block
        yield b"</t></si></sst>"

    with_member(bomb, template, "xl/sharedStrings.xml", strings())
    files["ss-bomb"] = bomb

    wide = folder / "wide.xlsx"

    def sheet() -> Iterator[bytes]:
        yield (b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
               b"<dimension ref='A1:BXX5000'/><sheetData>")
        cells = b"<c><v>1</v></c>" * 2000
        for n in range(1, 5001):
            yield b"<row r='%d'>" % n + cells + b"</row>"
        yield b"</sheetData></worksheet>"

    with_member(wide, template, "xl/worksheets/sheet1.xml", sheet())
    files["wide-sheet"] = wide
    return files


def measure(path: Path, reader: str) -> dict[str, object]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           # No Redis needed to read a file: do not start one.
           "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:1/0")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), reader], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp))
        floors = {"measures": measure(files["floor-csv"], "measures"),
                  "actions": measure(files["floor-xlsx"], "actions")}
        print(f"{'file':<12} {'import':<9} {'size':>9} {'seconds':>8} {'x floor':>8} "
              f"{'peak MB':>8} {'x floor':>8}  outcome")
        for reader, floor in floors.items():
            name = "floor-csv" if reader == "measures" else "floor-xlsx"
            _row(name, reader, files[name], floor, floor)
        failures = 0
        for name, reader in [("csv-200k", "measures"), ("ss-bomb", "measures"),
                             ("ss-bomb", "actions"), ("wide-sheet", "measures"),
                             ("wide-sheet", "actions")]:
            result = measure(files[name], reader)
            _row(name, reader, files[name], result, floors[reader])
            ok = (float(result["seconds"]) < 2.0  # type: ignore[arg-type]
                  and int(result["peak_kb"]) < 200 * 1024  # type: ignore[call-overload]
                  and str(result["outcome"]).startswith("refused"))
            failures += not ok
        print("goal: refused, under 2 s and under 200 MB peak RSS:",
              "met" if failures == 0 else f"NOT met for {failures} case(s)")


def _row(name: str, reader: str, path: Path, result: dict[str, object],
         floor: dict[str, object]) -> None:
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    peak = int(result["peak_kb"]) / 1024  # type: ignore[call-overload]
    floor_seconds = max(float(floor["seconds"]), 1e-4)  # type: ignore[arg-type]
    floor_peak = int(floor["peak_kb"]) / 1024  # type: ignore[call-overload]
    size = path.stat().st_size
    print(f"{name:<12} {reader:<9} {size / 1024:>7.0f}KB {seconds:>8.3f} "
          f"{seconds / floor_seconds:>8.1f} {peak:>8.0f} {peak / floor_peak:>8.2f}  "
          f"{result['outcome']}")


if __name__ == "__main__":
    main()
