"""/health/: database, Redis and Celery worker reachability. 200 when all answer, else 503."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "Reachable"
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        return False, f"Unreachable ({error.__class__.__name__})"


def check_redis() -> tuple[bool, str]:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            client = conn.default_channel.client  # type: ignore[attr-defined]
            client.ping()
        return True, "Reachable"
    except Exception as error:  # noqa: BLE001
        return False, f"Unreachable ({error.__class__.__name__})"


def check_workers() -> tuple[bool, str]:
    from config.celery import app

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception as error:  # noqa: BLE001
        return False, f"Unreachable ({error.__class__.__name__})"
    if not replies:
        return False, "No worker answered"
    return True, f"{len(replies)} worker{'s' if len(replies) != 1 else ''} answered"


class HealthView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        checks: list[dict[str, Any]] = []
        db_ok, db_detail = check_database()
        checks.append({"name": "Database", "ok": db_ok, "detail": db_detail})
        redis_ok, redis_detail = check_redis()
        checks.append({"name": "Redis", "ok": redis_ok, "detail": redis_detail})
        if redis_ok:
            worker_ok, worker_detail = check_workers()
        else:
            worker_ok, worker_detail = False, "Not checked: Redis is unreachable"
        checks.append({"name": "Celery workers", "ok": worker_ok, "detail": worker_detail})
        healthy = all(check["ok"] for check in checks)
        return render(request, "health.html", {"checks": checks, "healthy": healthy},
                      status=200 if healthy else 503)
