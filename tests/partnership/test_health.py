"""/health/ reports database, Redis and worker reachability: 200 or 503."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_no_worker_is_503(db: Any) -> None:
    response = Client().get("/health/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "No worker answered" in body
    assert body.count("govuk-tag--green") == 2  # database and Redis are fine


def test_redis_down_is_503(db: Any, monkeypatch: Any) -> None:
    """A broker nobody listens on: the page says so and answers 503."""
    from celery import Celery

    unreachable = Celery("unreachable", broker="redis+socket:///nonexistent/redis.sock",
                         set_as_current=False)
    monkeypatch.setattr("config.celery.app", unreachable)
    response = Client().get("/health/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Not checked: Redis is unreachable" in body
    assert body.count("govuk-tag--green") == 1  # only the database


def test_healthy_with_a_real_worker_process(db: Any, settings: Any) -> None:
    """A real `celery worker` process on the test Redis makes the page 200."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "REDIS_URL": settings.REDIS_URL}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
         "--without-mingle", "--without-gossip", "--loglevel", "WARNING"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        response = Client().get("/health/")
        while response.status_code != 200 and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker process exited"
            time.sleep(0.5)
            response = Client().get("/health/")
    finally:
        worker.terminate()
        worker.wait(30)
    assert response.status_code == 200, response.content.decode()
    assert "1 worker answered" in response.content.decode()
