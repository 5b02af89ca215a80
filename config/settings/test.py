"""The test suite: embedded PostgreSQL (or DATABASE_URL) and a Redis server of its own.

Nothing starts on import (mypy's django-stubs loads these settings): tests/conftest.py starts
the embedded PostgreSQL and the private Redis whose socket is named here."""

from pathlib import Path

from config import embedded

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-for-tests")
DEBUG = False
ALLOW_DEMO_DATA = env.bool("ALLOW_DEMO_DATA", default=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT_PER_ACCOUNT = 5
# The suite's own Redis (started by tests/conftest.py) unless REDIS_URL names one.
START_PRIVATE_REDIS = not env("REDIS_URL", default="")
if START_PRIVATE_REDIS:
    REDIS_URL = f"redis+socket://{embedded.private_redis_socket('redis-test')}"
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(embedded.VAR_DIR / "test-media")))

# Static files come straight from static/ (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# N+1 queries: django-zeal watches every request the tests make. In the query-count tests
# (every list page, tests/*/test_query_counts.py) and tests/test_n_plus_one.py an N+1 raises
# NPlusOneError and fails the test (tests/conftest.py turns ZEAL_RAISE on there); elsewhere it
# is a warning in the test report until the other suites have been checked with it on.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = False
