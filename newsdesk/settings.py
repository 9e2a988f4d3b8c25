"""Newsdesk settings, all read from the environment.

Development needs nothing set: SQLite in the project folder, DEBUG on, the immediate task backend.
Production sets NEWSDESK_ENV=production, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; that mode turns
on the HTTPS-only settings that `manage.py check --deploy` asks for.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    """Read an integer environment variable."""
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("NEWSDESK_ENV", "development") == "production"
DEBUG = envbool("DEBUG", "false" if PRODUCTION else "true")

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when NEWSDESK_ENV=production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "newsdesk.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "ninja",
    "newsdesk",
    "newsdesk.api",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsdesk.middleware.RefuseControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsdesk.middleware.PrivateCacheMiddleware",
    "newsdesk.middleware.MethodNotAllowedBodyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a lockout found during login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"
ASGI_APPLICATION = "newsdesk.asgi.application"

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
                "csp.context_processors.nonce",
                "reviews.notification_views.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two reviewers writing at once must queue, not fail with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement prepared from its fifth use on a connection
    # (psycopg's threshold): a workspace request sends the same dozen statements every time, so
    # PostgreSQL parses and plans them once per connection. On bench/workspace.py's review, both
    # modes alternated in one process: a verdict p50 28.5 -> 22.5 ms. PG_PREPARE_THRESHOLD=none
    # turns preparing off, for a pooler in transaction mode that cannot keep prepared statements
    # (PgBouncer before 1.21).
    _threshold = os.environ.get("PG_PREPARE_THRESHOLD", "5").strip().lower()
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=None if _threshold == "none" else int(_threshold),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes) on every login form, /login/ and /admin/login/ alike: after
# AXES_FAILURE_LIMIT failures for one username, or from one address, that username or address
# is locked out for the cool-off. Successes reset the count. Failures and lockouts are logged
# (logger "axes") and kept in the admin (Access attempts, Access failures).
# One limit serves both: django-axes 8.3.1 compares the larger of the per-username and the
# per-address counts with the single AXES_FAILURE_LIMIT (an int, or a callable of the request
# and credentials), so a higher limit per address (a newsroom behind one NAT) would need a
# handler of our own (AXES_HANDLER); not done.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "newsdesk.backends.ModelBackend",  # Django's, with permissions in one query
]
AXES_FAILURE_LIMIT = envint("NEWSDESK_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("NEWSDESK_LOGIN_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "newsdesk.errors.login_locked_out"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production WhiteNoise serves straight from the app folders (no collectstatic needed),
# whatever DEBUG says; production serves the hashed, compressed files collectstatic wrote.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Background work (the comparison engine on long stories). The immediate backend runs tasks in
# the request; NEWSDESK_TASKS=database queues them for `manage.py db_worker`.
if os.environ.get("NEWSDESK_TASKS", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Email (notifications): the console in development; SMTP once EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsdesk <newsdesk@localhost>")
# How often the header's unread count is refreshed in the browser, and what counts as due soon.
NEWSDESK_UNREAD_POLL_SECONDS = envint("NEWSDESK_UNREAD_POLL_SECONDS", "5")
NEWSDESK_DUE_SOON_HOURS = envint("NEWSDESK_DUE_SOON_HOURS", "24")

# Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload directive only states consent; nothing happens until someone submits the
    # domain to the browsers' list. SECURE_HSTS_PRELOAD=false withholds that consent.
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Newsdesk rules.
# Longest story body accepted, in characters (about 30,000 words of English).
NEWSDESK_MAX_BODY_CHARS = envint("NEWSDESK_MAX_BODY_CHARS", "200000")
# Largest upload accepted, in bytes (UTF-8 text; four bytes a character at worst).
NEWSDESK_MAX_UPLOAD_BYTES = envint("NEWSDESK_MAX_UPLOAD_BYTES", "800000")
# Sign-offs a rewrite needs, in order: by default one reviewer, then one editor.
NEWSDESK_REQUIRED_SIGNOFFS = envlist("NEWSDESK_REQUIRED_SIGNOFFS", "reviewer,editor")
# Separation of duties: the required sign-offs must come from different people (someone in both
# groups, or a superuser, may give one of them, not all). Off only for a one-person newsroom.
NEWSDESK_SEPARATE_SIGNOFFS = envbool("NEWSDESK_SEPARATE_SIGNOFFS", "true")
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSDESK_MAX_UPLOAD_BYTES * 3
# Analysis lease: a run not finished within this many seconds, plus the per-10,000-characters
# allowance for the pair's length, is marked failed (retryable) instead of running forever.
NEWSDESK_ANALYSIS_LEASE_SECONDS = envint("NEWSDESK_ANALYSIS_LEASE_SECONDS", "120")
NEWSDESK_ANALYSIS_LEASE_SECONDS_PER_10K_CHARS = envint(
    "NEWSDESK_ANALYSIS_LEASE_SECONDS_PER_10K_CHARS", "15"
)
# Seconds a client is asked to wait (Retry-After) when the database is unavailable (503).
NEWSDESK_RETRY_AFTER_SECONDS = envint("NEWSDESK_RETRY_AFTER_SECONDS", "10")

# Links in exported records and webhook payloads are absolute from this root (no trailing slash);
# empty means site-relative links.
NEWSDESK_SITE_URL = os.environ.get(
    "NEWSDESK_SITE_URL", "" if PRODUCTION else "http://localhost:8000"
)

# API for pipelines (newsdesk/api/): calls per token per fixed window of seconds.
NEWSDESK_API_RATE_LIMIT = envint("NEWSDESK_API_RATE_LIMIT", "120")
NEWSDESK_API_RATE_WINDOW = envint("NEWSDESK_API_RATE_WINDOW", "60")
# Webhooks: seconds to wait for a receiver, and the delays between retries of a failed delivery.
NEWSDESK_WEBHOOK_TIMEOUT = envint("NEWSDESK_WEBHOOK_TIMEOUT", "5")
NEWSDESK_WEBHOOK_RETRY_DELAYS = [
    int(s) for s in envlist("NEWSDESK_WEBHOOK_RETRY_DELAYS", "30,120,600,3600,21600")
]
