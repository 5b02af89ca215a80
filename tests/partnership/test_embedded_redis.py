"""The embedded Redis of `make run` keeps queued Celery tasks across a restart (append-only file)."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import redis
from celery import Celery

from config import embedded


def test_a_queued_task_survives_a_redis_crash_and_restart(tmp_path: Path) -> None:
    socket_path = tmp_path / "r" / "redis.sock"
    server = embedded.start_redis_at(socket_path, persist=True)
    try:
        app = Celery("persist-check", broker=f"redis+socket://{socket_path}")
        app.send_task("partnership.tasks.run_daily_reminders", args=[], queue="celery")
        app.close()
        assert redis.Redis(unix_socket_path=str(socket_path)).llen("celery") == 1
        time.sleep(1.2)  # appendfsync everysec
    finally:
        server.send_signal(signal.SIGKILL)  # a crash: no shutdown save
        server.wait(5)
    socket_path.unlink(missing_ok=True)

    restarted = embedded.start_redis_at(socket_path, persist=True)
    try:
        client = redis.Redis(unix_socket_path=str(socket_path))
        messages = client.lrange("celery", 0, -1)
        assert len(messages) == 1
        assert json.loads(messages[0])["headers"]["task"] == "partnership.tasks.run_daily_reminders"
    finally:
        restarted.terminate()
        restarted.wait(5)


def test_the_make_run_redis_command_line_turns_on_the_append_only_file(tmp_path: Path) -> None:
    argv = embedded.redis_server_argv(tmp_path / "redis.sock")
    pairs = dict(zip(argv[1::2], argv[2::2], strict=False))
    assert pairs["--appendonly"] == "yes"
    assert pairs["--appendfsync"] == "everysec"
