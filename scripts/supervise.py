"""Keep one long-running command alive under `make run` (the Procfile's worker and beat lines).

    python scripts/supervise.py NAME -- COMMAND [ARGS ...]

- Starts (or joins) the embedded PostgreSQL first when DATABASE_URL is unset, and hands the
  command its address in DATABASE_URL: the settings themselves start nothing.
- When the command exits on its own (a crash, an out-of-memory kill), it logs why and starts
  it again after a pause (1 s, doubling to 30 s while it keeps crashing), so honcho does not
  take the web server down with it.
- On SIGTERM or SIGINT (honcho's stop, Ctrl-C) it stops the command, waits up to 4 s (honcho
  kills after 5 s), kills it if needed, and exits 0: no process is left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STOP_WAIT = 4.0
MAX_PAUSE = 30.0
STABLE_AFTER = 60.0  # a run this long resets the pause to 1 s


class Supervisor:
    def __init__(self, name: str, argv: list[str]) -> None:
        self.name = name
        self.argv = argv
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def log(self, message: str) -> None:
        print(f"supervise[{self.name}]: {message}", flush=True)

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        if not self.stopping:
            self.log(f"{signal.Signals(signum).name} received: stopping {self.name}")
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.on_signal)
        signal.signal(signal.SIGINT, self.on_signal)
        pause, restarts = 1.0, 0
        while not self.stopping:
            started = time.monotonic()
            self.child = subprocess.Popen(self.argv)
            code = self.wait_for_child()
            if self.stopping:
                break
            ran = time.monotonic() - started
            if ran > STABLE_AFTER:
                pause = 1.0
            restarts += 1
            self.log(f"{self.name} exited with code {code} after {ran:.1f} s; "
                     f"restarting in {pause:.0f} s (restart {restarts})")
            deadline = time.monotonic() + pause
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.1)
            pause = min(pause * 2, MAX_PAUSE)
        self.stop_child()
        self.log(f"{self.name} stopped")
        return 0

    def wait_for_child(self) -> int:
        assert self.child is not None
        while True:
            try:
                return self.child.wait()
            except InterruptedError:  # pragma: no cover - PEP 475 retries for us
                continue

    def stop_child(self) -> None:
        if self.child is None or self.child.poll() is not None:
            return
        self.child.send_signal(signal.SIGTERM)
        try:
            self.child.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            self.log(f"{self.name} did not stop within {STOP_WAIT:.0f} s: killing it")
            self.child.kill()
            self.child.wait()


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    name, command = argv[0], argv[2:]
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        from config import embedded

        uri = embedded.start_postgres()
        if uri:
            os.environ["DATABASE_URL"] = uri
    return Supervisor(name, command).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
