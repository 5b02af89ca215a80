"""With production settings, collectstatic succeeds and the sign-in page answers 200.

Runs in a child process with `config.settings.production` exactly as a deploy does (manifest
storage, SSL redirect, HSTS, whitenoise), collecting into a temporary STATIC_ROOT, then asks for
the sign-in page through the whole production middleware stack over `X-Forwarded-Proto: https`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

CHILD = r"""
import json, django
from django.core.management import call_command
django.setup()
call_command("collectstatic", "--noinput", verbosity=0)
from django.test import Client
client = Client()
secure = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "portal.example.org"}
login = client.get("/accounts/login/", **secure)
plain = client.get("/accounts/login/", HTTP_HOST="portal.example.org")
html = login.content.decode()
import re
css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
css_response = client.get(css.group(1), **secure) if css else None
print(json.dumps({
    "status": login.status_code,
    "hsts": login.headers.get("Strict-Transport-Security", ""),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "hashed_css": css.group(1) if css else None,
    "css_status": css_response.status_code if css_response else None,
}))
"""


def _database_url() -> str:
    s = connection.settings_dict
    host = s["HOST"] or ""
    if host.startswith("/"):
        return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@/{s['NAME']}?host={host}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def test_collectstatic_and_sign_in_page_with_production_settings(db: Any, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "p" * 20 + "r0duct10n-test-key-" + "x" * 20,
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 200
    assert result["hsts"].startswith("max-age=31536000")
    assert result["plain_status"] == 301
    assert result["plain_location"] == "https://portal.example.org/accounts/login/"
    assert result["hashed_css"] is not None
    assert result["css_status"] == 200
    assert (tmp_path / "static" / "staticfiles.json").is_file()
