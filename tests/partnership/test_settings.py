"""Production settings refuse to start without their secrets and pass check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "SECRET_KEY": "x7!kq" * 12,
    "ALLOWED_HOSTS": "csp.example.org",
    "DATABASE_URL": "postgres://csp:secret@db.example.org:5432/csp",
    "REDIS_URL": "redis://redis.example.org:6379/0",
}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in GOOD_ENV and k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
                          timeout=120, check=False)


def test_production_refuses_to_start_without_secrets() -> None:
    result = run(["manage.py", "check"], {})
    assert result.returncode != 0
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        assert name in result.stderr


def test_production_names_only_what_is_missing() -> None:
    env = {k: v for k, v in GOOD_ENV.items() if k != "REDIS_URL"}
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
    assert "SECRET_KEY" not in result.stderr.split("ImproperlyConfigured")[-1]


def test_production_refuses_a_weak_secret_key() -> None:
    result = run(["manage.py", "check"], {**GOOD_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr


def test_check_deploy_passes_with_no_warnings() -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], GOOD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_data_is_refused_in_production() -> None:
    from django.conf import settings

    assert settings.ALLOW_DEMO_DATA  # the test settings allow it ...
    result = run(["-c", "import config.settings.production as s; print(s.ALLOW_DEMO_DATA)"],
                 GOOD_ENV)
    assert result.stdout.strip() == "False", result.stderr  # ... production never does


def test_security_headers_on_every_page(client: object, db: object) -> None:
    from django.test import Client

    response = Client().get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
