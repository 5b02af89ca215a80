"""Print mutmut's kill ratio per module (run by `make mutate` after `mutmut run`).

A mutant judged *equivalent* (no test can tell it from the original: it changes nothing a
caller can observe) is listed with its reason in scripts/mutation_equivalents.txt, one
``name  reason`` per line; it counts neither as killed nor as surviving. The goal is at least
95% of the other mutants killed in every module.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>[\w.]+)__mutmut_\d+: (?P<status>.+?)\s*$")
EQUIVALENTS = Path(__file__).with_name("mutation_equivalents.txt")


def module_of(name: str) -> str:
    """``partnership.periods.x_parse`` → ``partnership.periods`` (mutmut names functions
    ``x_<function>`` and methods ``x<Class>ǁ<method>``)."""
    parts = name.split(".")
    while parts and (parts[-1].startswith("x") and ("_" in parts[-1] or "ǁ" in parts[-1])):
        parts.pop()
    return ".".join(parts)


def main() -> int:
    output = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"],
                            capture_output=True, text=True, check=False).stdout
    equivalent = {line.split()[0] for line in EQUIVALENTS.read_text().splitlines()
                  if line.strip() and not line.startswith("#")} if EQUIVALENTS.exists() else set()
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for line in output.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        full = line.strip().split(":")[0]
        module = module_of(match["name"])
        status = "equivalent" if full in equivalent else match["status"]
        by_module[module][status] += 1
        if status not in ("killed", "equivalent"):
            survivors[module].append(f"{full} ({status})")
    if not by_module:
        print("No mutants found: run `mutmut run` first.")
        return 1
    worst = 100.0
    print(f"{'module':32} {'killed':>6} {'of':>4} {'equiv.':>6}  ratio")
    for module in sorted(by_module):
        counts = by_module[module]
        judged = sum(counts.values()) - counts["equivalent"]
        ratio = 100.0 * counts["killed"] / judged if judged else 100.0
        worst = min(worst, ratio)
        print(f"{module:32} {counts['killed']:>6} {judged:>4} {counts['equivalent']:>6}  "
              f"{ratio:5.1f}%")
    for module, names in sorted(survivors.items()):
        print(f"\nNot killed in {module} (`mutmut show <name>` shows the change):")
        for name in names:
            print(f"  {name}")
    print(f"\nLowest kill ratio: {worst:.1f}% (goal: 95% of non-equivalent mutants)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
