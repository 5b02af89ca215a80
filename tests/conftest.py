from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _start_embedded_services() -> None:
    """The settings start nothing on import: the suite starts the embedded PostgreSQL (unless
    DATABASE_URL is set) and its own Redis on the socket test.py names (unless REDIS_URL is)."""
    from django.conf import settings

    from config import embedded

    embedded.start_postgres()
    if getattr(settings, "START_PRIVATE_REDIS", False):
        embedded.start_private_redis("redis-test")


_start_embedded_services()


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    """The demo data (the same as `make run` loads), with handy lookups."""
    from partnership.models import Partnership, User

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {
        "users": {u.email: u for u in User.objects.all()},
        "hunts": Partnership.objects.get(slug="huntingdonshire"),
        "bhb": Partnership.objects.get(slug="blaby-hinckley-bosworth"),
    }


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture(autouse=True)
def _n_plus_one_fails_query_count_tests(request: Any, settings: Any) -> None:
    """Any N+1 in a request of a query-count test raises (django-zeal; see the test settings)."""
    if request.module.__name__.endswith(("test_query_counts", "test_n_plus_one")):
        settings.ZEAL_RAISE = True


def steady_queries(func: Callable[[], Any]) -> int:
    """The queries of a page view once the session is settled: ``func`` runs once first (a
    session's first visit to a partnership writes the session, and remembers whether the user
    has an authenticator), then again, counted."""
    func()
    return count_queries(func)


def count_queries(func: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)
