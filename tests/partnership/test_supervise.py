"""scripts/supervise.py (the Procfile's worker and beat lines): a crash is restarted and logged;
SIGINT/SIGTERM stop the command and leave no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]


def supervise(name: str, code: str, tmp_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": "postgres://unused@localhost/unused"}  # no embedded start
    return subprocess.Popen([sys.executable, "scripts/supervise.py", name, "--", sys.executable, "-c", code],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def test_a_crashing_command_is_restarted_and_the_log_says_so(tmp_path: Path) -> None:
    starts = tmp_path / "starts"
    crash = f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)"
    process = supervise("worker", crash, tmp_path)
    deadline = time.monotonic() + 15
    while (not starts.exists() or len(starts.read_text()) < 2) and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=10)
    assert len(starts.read_text()) >= 2  # started again after the crash
    assert "supervise[worker]: worker exited with code 3" in output
    assert "restarting in 1 s (restart 1)" in output
    assert process.returncode == 0


def test_sigterm_stops_the_command_and_leaves_no_process(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    code = f"import time; open({str(ready)!r}, 'w').write('1'); time.sleep(600)"
    process = supervise("beat", code, tmp_path)
    deadline = time.monotonic() + 15
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    children = psutil.Process(process.pid).children(recursive=True)
    assert len(children) == 1
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "SIGTERM received: stopping beat" in output
    assert "restarting" not in output
    assert not psutil.pid_exists(children[0].pid) or children[0].status() == psutil.STATUS_ZOMBIE
