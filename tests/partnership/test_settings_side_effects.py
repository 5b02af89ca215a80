"""Importing the settings starts no server and writes nothing: manage.py, the test conftest
and scripts/supervise.py start the embedded PostgreSQL and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_settings_module_starts_nothing(tmp_path: Path) -> None:
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env["CSP_VAR_DIR"] = str(var)
    code = ("import config.settings.base, config.settings.dev, config.settings.test as t; "
            "print(t.DATABASES['default']['HOST'] or 'no-host', t.REDIS_URL)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    host, redis_url = result.stdout.split()
    assert host == "no-host"  # no server was started to give a socket directory
    assert redis_url.startswith(f"redis+socket://{var}/redis-test-")
    assert not var.exists()  # no PostgreSQL data folder, no Redis socket, no runtime dir


def test_the_base_settings_carry_no_insecure_defaults() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOW_DEMO_DATA")}
    code = "import config.settings.base as b; print(repr(b.SECRET_KEY), b.ALLOW_DEMO_DATA)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.stdout.split() == ["''", "False"], result.stderr
