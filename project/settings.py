"""Settings of the demo host site. Everything a deployment changes comes from the environment.

Production (the README's "Production" section): DJANGO_SECRET_KEY (required unless DJANGO_DEBUG=1),
DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_SSL_REDIRECT,
DJANGO_SECURE_COOKIES, DJANGO_HSTS_SECONDS, DJANGO_TRUSTED_PROXIES, DJANGO_ADMINS, DJANGO_CACHE_URL.
Services: DATABASE_URL (default: SQLite in the repo), DATABASE_HEALTH_CHECKS, CELERY_BROKER_URL
(default: none, tasks run eagerly in-process), GSEF_SESSIONS_BASE_URL.
"""

import copy
import os
import sys
from pathlib import Path

import dj_database_url
import django
from django.utils.log import DEFAULT_LOGGING

BASE_DIR = Path(__file__).resolve().parent.parent


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default):
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


# Off unless asked for: a 500 page with DEBUG on shows the environment, DATABASE_URL included.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or ("django-insecure-gsef-sessions-demo-only" if DEBUG else "")
if not SECRET_KEY:
    # One line, not a traceback: this is the first thing a new deployment runs into.
    sys.exit("error: set DJANGO_SECRET_KEY (required unless DJANGO_DEBUG=1; see the README's Production section)")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# HTTPS. Redirecting is off by default so that tests, benchmarks and a proxy that terminates TLS
# (and sends plain HTTP on) keep working.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
# This host's own subdomains only; preloading (which binds the whole registered domain) stays a
# decision of its own (security.W021, explained in the README).
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The client's address for the API's throttles: REMOTE_ADDR, or with N proxies in front, the Nth
# X-Forwarded-For entry from the right. Those proxies also say whether the client used HTTPS.
GSEF_SESSIONS_TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
if GSEF_SESSIONS_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Django's logging, except that errors and warnings reach stderr whatever DEBUG says (Django prints
# them only with DEBUG on), from every logger (django.request's 500s with their tracebacks,
# gsef_sessions, celery), with their level and origin. DJANGO_ADMINS (comma-separated addresses)
# also get 500s by mail, as Django sends them.
ADMINS = env_list("DJANGO_ADMINS", "")
if django.VERSION < (6, 0):  # Django 6 takes plain addresses and deprecates (name, address) pairs
    ADMINS = [(address, address) for address in ADMINS]
LOGGING = copy.deepcopy(DEFAULT_LOGGING)
LOGGING["formatters"]["plain"] = {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
LOGGING["handlers"]["console"].update(filters=[], formatter="plain")
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}
LOGGING["loggers"]["django"]["propagate"] = False  # the console has its records already

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "parler",
    "django_countries",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "gsef_sessions",
    "project.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, except that the unprefixed API and admin keep following Accept-Language (project/middleware.py).
    "project.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Persistent connections. Without health checks (Django's default): a check is a round trip to
# the database on every request, as costly as the lookup that answers a 304; a connection the
# server dropped fails one request and is then replaced. DATABASE_HEALTH_CHECKS=true turns them on.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A writer takes SQLite's lock when its transaction begins, waiting up to "timeout" seconds for
    # another's to end: the later of two concurrent saves then reads the earlier's version and gets
    # 412 or 409. Deferred (the default), it would fail with "database is locked", a 500.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
PARLER_LANGUAGES = {
    None: ({"code": "en"}, {"code": "es"}, {"code": "fr"}),
    "default": {"fallbacks": ["en"], "hide_untranslated": False},
}
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's per-process memory cache, unless DJANGO_CACHE_URL names a Redis (redis://host:6379/1)
# that every web process shares.
if os.environ.get("DJANGO_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["DJANGO_CACHE_URL"],
        }
    }

# Without a broker (the demo, the SQLite test runs) tasks run in-process and raise their errors.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
if not CELERY_BROKER_URL:
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# Sites sharing one Redis (and the worker tests) keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# One message at a time per worker process: a long render never holds others hostage.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Typst keeps a memo cache per process that grows slowly (~0.3 MiB a render): recycle processes.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
# Render time limit and Redis' visibility timeout go together (the limit must stay below it).
GSEF_SESSIONS_RENDER_TIME_LIMIT = int(os.environ.get("GSEF_SESSIONS_RENDER_TIME_LIMIT", "120"))
GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT", "3600"))
GSEF_SESSIONS_REQUEUE_AFTER = int(os.environ.get("GSEF_SESSIONS_REQUEUE_AFTER", "300"))
GSEF_SESSIONS_REQUEUE_INTERVAL = float(os.environ.get("GSEF_SESSIONS_REQUEUE_INTERVAL", "60"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT,
    # A dead broker must fail a publish quickly (bounded retries follow), never hang a save.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BEAT_SCHEDULE = {
    "gsef-sessions-requeue-stale-renders": {
        "task": "gsef_sessions.requeue_stale_renders",
        "schedule": GSEF_SESSIONS_REQUEUE_INTERVAL,
    },
    "gsef-sessions-requeue-stale-deliveries": {
        "task": "gsef_sessions.requeue_stale_deliveries",
        "schedule": GSEF_SESSIONS_REQUEUE_INTERVAL,
    },
    "gsef-sessions-requeue-stale-attendance": {
        "task": "gsef_sessions.requeue_stale_attendance",
        "schedule": GSEF_SESSIONS_REQUEUE_INTERVAL,
    },
}

GSEF_SESSIONS_BASE_URL = os.environ.get("GSEF_SESSIONS_BASE_URL", "http://127.0.0.1:8000")
# Outside MEDIA_ROOT: PDFs (drafts too) leave only through the permission-checking view.
GSEF_SESSIONS_PDF_ROOT = os.environ.get("GSEF_SESSIONS_PDF_ROOT", str(BASE_DIR / "var" / "pdfs"))
GSEF_SESSIONS_PDF_RENDERER = os.environ.get("GSEF_SESSIONS_PDF_RENDERER", "gsef_sessions.pdf.typst.TypstRenderer")

# REST API (gsef_sessions.api): token or session sign-in; the app sets its own permissions,
# throttles (rates: GSEF_SESSIONS_API_THROTTLE_RATES), pagination and schema per view.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The demo is generous; production hosts tune these to their traffic.
GSEF_SESSIONS_API_THROTTLE_RATES = {"anon": "20000/hour", "read": "10000/hour", "export": "1000/hour"}
# Overridable as "scope=rate,…", e.g. "anon=100000/second,read=100000/second" (benchmarks/api_load.sh).
if os.environ.get("GSEF_SESSIONS_API_THROTTLE_RATES"):
    GSEF_SESSIONS_API_THROTTLE_RATES = dict(
        item.split("=", 1) for item in env_list("GSEF_SESSIONS_API_THROTTLE_RATES", "")
    )
# Swagger UI's files come from drf-spectacular-sidecar's static files: no CDN needed.
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS = {
    "TITLE": "GSEF session reports API",
    "DESCRIPTION": "Published reports of the Global Social Economy Forum's sessions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Distinct names for choice sets that share a field name ("role", "status").
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "gsef_sessions.enums.SessionStatus",
        "RoleCategoryEnum": "gsef_sessions.enums.RoleCategory",
        "SponsorRoleEnum": "gsef_sessions.domain.read_model.SPONSOR_ROLES",
        "PdfStatusEnum": "gsef_sessions.domain.read_model.PDF_STATUSES",
        "RoundKindEnum": "gsef_sessions.enums.RoundKind",
        "MaterialKindEnum": "gsef_sessions.enums.MaterialKind",
        "AttendanceKindEnum": "gsef_sessions.enums.AttendanceKind",
        "LanguageEnum": "gsef_sessions.api.serializers.LANGUAGE_CODES",
    },
}
