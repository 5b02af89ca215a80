"""Shared set-up for benchmark scripts: Django on a throwaway test database.

Usage in a script::

    from harness import bench_database, timed
    with bench_database():
        ...  # create data, then `with timed("label") as t: ...`
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from config import embedded  # noqa: E402

# The settings start nothing on import (as in tests/conftest.py): start the embedded PostgreSQL.
embedded.start_postgres()


@contextlib.contextmanager
def bench_database() -> Iterator[None]:
    """Create a fresh test database with migrations, and drop it afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


class Timer:
    seconds: float = 0.0
    queries: int = 0


@contextlib.contextmanager
def timed(label: str) -> Iterator[Timer]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timer = Timer()
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        yield timer
        timer.seconds = time.perf_counter() - start
    timer.queries = len(captured.captured_queries)
    print(f"{label:60} {timer.seconds * 1000:9.1f} ms {timer.queries:6d} queries", flush=True)
