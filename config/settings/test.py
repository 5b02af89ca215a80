"""The test suite: embedded PostgreSQL (or DATABASE_URL) and a Redis server of its own."""

from pathlib import Path

from config import embedded

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT_PER_ACCOUNT = 5
if not env("REDIS_URL", default=""):
    REDIS_URL = embedded.start_private_redis("redis-test")
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(embedded.VAR_DIR / "test-media")))

# Static files come straight from static/ (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
