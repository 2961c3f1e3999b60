"""Fulcrum's one settings file, driven by environment variables.

It works straight after checkout: SQLite in ``var/`` beside the source tree,
a secret key generated on first use and kept in the data directory. Set
``FULCRUM_DB=postgres`` (with ``FULCRUM_DB_*``) for a multi-user deployment.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word in {"1", "true", "yes", "on"}:
        return True
    if word in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(env_str("FULCRUM_DATA_DIR", str(BASE_DIR.parent.parent / "var"))).resolve()


def _secret_key() -> str:
    configured = os.environ.get("FULCRUM_SECRET_KEY")
    if configured:
        return configured
    # A local install keeps its own random key so sessions survive restarts
    # without anyone having to invent one.
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()

# The keys that encrypt stored text live outside the database (fulcrum/kernel/keys.py,
# docs/encryption.md): in FULCRUM_DATA_KEY, or in a key file in FULCRUM_KEY_DIR, a
# folder beside the data folder made on first use.
FULCRUM_DATA_KEY = env_str("FULCRUM_DATA_KEY", "")
# Empty: "<data folder>-keys" beside the data folder, worked out when asked
# (fulcrum.kernel.keys.key_dir).
_KEY_DIR = env_str("FULCRUM_KEY_DIR", "")
FULCRUM_KEY_DIR = Path(_KEY_DIR).resolve() if _KEY_DIR else ""
DEBUG = env_bool("FULCRUM_DEBUG", False)
# Set by `fulcrum serve` (or by hand): a server a practice reaches over HTTPS. It turns on
# the transport protections below and serves static files with hashed, compressed names.
PRODUCTION = env_bool("FULCRUM_PRODUCTION", False)
ALLOWED_HOSTS = env_list("FULCRUM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("FULCRUM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "template_partials",
    "fulcrum.kernel",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "fulcrum.accounts",
    "fulcrum.clients",
    "fulcrum.powermaps",
    "fulcrum.checkins",
    "fulcrum.transcripts",
    "fulcrum.reflection",
    "fulcrum.harbour",
    "fulcrum.clientvoice",
    "fulcrum.supervision",
    "fulcrum.course",
    "fulcrum.ledger",
    "fulcrum.history",
    "fulcrum.incidents",
    "fulcrum.vignettes",
    "fulcrum.policies",
    "fulcrum.workspace",
    "fulcrum.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fulcrum.accounts.middleware.SignInLifetimeMiddleware",
    "fulcrum.accounts.timezones.PersonalTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fulcrum.kernel.middleware.PrivacyHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if PRODUCTION:
    # Static files from the app itself, compressed, from what `fulcrum serve` collected;
    # `fulcrum run` serves them from the source tree instead.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

# Django's renderer with the one-line inputs written in Python (fulcrum/kernel/form_renderer.py).
FORM_RENDERER = "fulcrum.kernel.form_renderer.FulcrumFormRenderer"

ROOT_URLCONF = "fulcrum.urls"
WSGI_APPLICATION = "fulcrum.wsgi.application"

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
            ],
        },
    },
]

DB_ENGINE = env_str("FULCRUM_DB", "sqlite")
if DB_ENGINE == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("FULCRUM_DB_NAME", "fulcrum"),
            "USER": env_str("FULCRUM_DB_USER", "postgres"),
            "PASSWORD": env_str("FULCRUM_DB_PASSWORD", ""),
            "HOST": env_str("FULCRUM_DB_HOST", "127.0.0.1"),
            "PORT": env_str("FULCRUM_DB_PORT", "5432"),
            "CONN_MAX_AGE": env_int("FULCRUM_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": env_str("FULCRUM_DB_TEST_NAME", "test_fulcrum")},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("FULCRUM_SQLITE_PATH", str(DATA_DIR / "fulcrum.sqlite3")),
            "OPTIONS": {
                # WAL lets the pages read while a check-in is being written.
                # FULL: an acknowledged save survives a power cut, not only a crash
                # (docs/decisions/0009-durable-saves.md).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                "transaction_mode": "IMMEDIATE",
            },
            # Each server thread keeps its connection, and with it SQLite's page cache
            # and the schema it has read, instead of opening the file for every request.
            "CONN_MAX_AGE": env_int("FULCRUM_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }

AUTH_USER_MODEL = "accounts.User"
# Django's password check; a session's account is read with its roles in one query.
AUTHENTICATION_BACKENDS = ["fulcrum.accounts.backends.AccountBackend"]
# Argon2id first (fulcrum/accounts/hashers.py); the others only read older hashes,
# which are rehashed with Argon2id at their owner's next sign-in.
PASSWORD_HASHERS = [
    "fulcrum.accounts.hashers.PracticeArgon2Hasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fulcrum.accounts.validators.PasswordStrengthValidator"},
]
# The second factor: an authenticator app's six-digit codes, and recovery codes.
OTP_TOTP_ISSUER = "Fulcrum"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Notices can carry free text (a transcript's file name): keep them in the server-side
# session rather than in a cookie the browser stores.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# ...and the session itself is stored encrypted (fulcrum/kernel/sessions.py).
SESSION_ENGINE = "fulcrum.kernel.sessions"
SESSION_COOKIE_HTTPONLY = True
# A sign-in ends twelve hours after it was made (fulcrum/accounts/middleware.py), not
# after Django's two weeks: the pages hold clinical records.
SESSION_COOKIE_AGE = env_int("FULCRUM_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("FULCRUM_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only, once a practice serves Fulcrum (docs/deploying.md). Behind a reverse proxy
# that ends TLS, the proxy says which scheme the visitor used.
SECURE_SSL_REDIRECT = env_bool("FULCRUM_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("FULCRUM_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FULCRUM_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("FULCRUM_HSTS_PRELOAD", False)
if env_bool("FULCRUM_BEHIND_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Preloading HSTS is a promise to browser makers about every subdomain, for years; it is
# the site owner's to make (FULCRUM_HSTS_PRELOAD), so its reminder is not a warning here.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("FULCRUM_TIME_ZONE", "UTC")
# Fulcrum writes its pages in its own English words and ships no translation catalogue.
# Without the translation machinery every address reversed and every date formatted
# skips a per-request language lookup; dates still follow LANGUAGE_CODE's formats.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("FULCRUM_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files from the app itself, compressed; in production with
# hashed names (collected by `fulcrum serve`), so browsers may keep them for good.
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
# The address client links and QR codes use, e.g. https://fulcrum.example.org; without
# it they use the address the practitioner's own browser used.
FULCRUM_PUBLIC_URL = env_str("FULCRUM_PUBLIC_URL", "").rstrip("/")
# The provider's approvals printed on course certificates, one line per approving body
# with its approval number, separated by "|"; none by default.
FULCRUM_CE_ACCREDITATION = [
    line.strip() for line in env_str("FULCRUM_CE_ACCREDITATION", "").split("|") if line.strip()
]
# The share of a course's computed CE hours a learner must have spent with it, as the
# server counts their time, before a certificate is issued (0 to 1; half by default).
FULCRUM_CE_TIME_FRACTION = env_str("FULCRUM_CE_TIME_FRACTION", "0.5")
# Who teaches the course and the provider's approval number, printed on certificates.
FULCRUM_CE_INSTRUCTOR = env_str("FULCRUM_CE_INSTRUCTOR", "")
FULCRUM_CE_APPROVAL_NUMBER = env_str("FULCRUM_CE_APPROVAL_NUMBER", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How long a client's single-use feedback link stays open.
FULCRUM_VOICE_LINK_DAYS = env_int("FULCRUM_VOICE_LINK_DAYS", 7)
# Failed link lookups allowed per address within the window before the page refuses
# to check any more (so links cannot be guessed by trying many).
FULCRUM_VOICE_FAILURES_ALLOWED = env_int("FULCRUM_VOICE_FAILURES_ALLOWED", 10, minimum=1)
FULCRUM_VOICE_FAILURE_WINDOW_MINUTES = env_int(
    "FULCRUM_VOICE_FAILURE_WINDOW_MINUTES", 15, minimum=1
)
# How long after answering a consent link the client can still download its receipt.
FULCRUM_CONSENT_RECEIPT_MINUTES = env_int("FULCRUM_CONSENT_RECEIPT_MINUTES", 60)
# Ask every client to agree again once a year has passed since their latest agreement to
# a policy, even when its words have not changed (off by default).
FULCRUM_CONSENT_YEARLY = env_bool("FULCRUM_CONSENT_YEARLY", False)
# Days a client has to agree again after a material change before it shows as overdue.
FULCRUM_RECONSENT_GRACE_DAYS = env_int("FULCRUM_RECONSENT_GRACE_DAYS", 30, minimum=0)
# Failed sign-ins allowed per address, and per username, within the window before the
# sign-in page stops checking passwords for them (so passwords cannot be guessed).
FULCRUM_SIGNIN_FAILURES_ALLOWED = env_int("FULCRUM_SIGNIN_FAILURES_ALLOWED", 10, minimum=1)
FULCRUM_SIGNIN_FAILURE_WINDOW_MINUTES = env_int(
    "FULCRUM_SIGNIN_FAILURE_WINDOW_MINUTES", 15, minimum=1
)
# Reverse proxies whose X-Forwarded-For is believed when failures are counted (addresses
# or networks, comma-separated); without them every visitor behind a proxy shares its
# address, and one visitor's failures would refuse everyone (fulcrum/kernel/addresses.py).
FULCRUM_TRUSTED_PROXIES = env_list("FULCRUM_TRUSTED_PROXIES", [])

# Uploaded transcripts are parsed in memory and never stored on disk by default.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FULCRUM_MAX_UPLOAD_BYTES", 6 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# The most utterances (speaker turns) one transcript may hold, on the pages, the API and
# `fulcrum analyze` alike; a longer file is refused with a sentence naming the limit.
TRANSCRIPT_MAX_UTTERANCES = env_int("FULCRUM_TRANSCRIPT_MAX_UTTERANCES", 5_000, minimum=1)

LOG_LEVEL = env_str("FULCRUM_LOG_LEVEL", "WARNING")
# Django's own loggers (requests, the development server) go through handlers that
# keep query strings and client-link tokens out of the log (fulcrum/kernel/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_urls": {"()": "fulcrum.kernel.logs.HidePrivateUrls"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_urls"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["private_urls"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
