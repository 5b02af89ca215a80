"""A real `celery worker` process for tests, on the suite's Redis, database and media folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def celery_worker(settings: Any, *extra: str) -> Iterator[subprocess.Popen[bytes]]:
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "REDIS_URL": settings.REDIS_URL, "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "CELERY_VISIBILITY_TIMEOUT": "4",
           "DATABASE_URL": f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--without-mingle",
         "--without-gossip", "--loglevel", "WARNING", *extra],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(30)
