"""The benchmarks (bench/web.py, `make bench`): production-like (DEBUG off, persistent
connections) on a benchmark database, plus the floor view (loadgen.bench_urls). Never deployed."""

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, env

SECRET_KEY = env("SECRET_KEY", default="bench-only-insecure-key-never-deployed-0123456789abcdef")
DEBUG = False
ALLOW_DEMO_DATA = True  # generate_load
ROOT_URLCONF = "loadgen.bench_urls"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
