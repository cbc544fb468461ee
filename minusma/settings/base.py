"""Settings for every environment, read once from the environment (and `.env`)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# Variables already in the environment win over the file; DJANGO_ENV_FILE=/dev/null reads none.
environ.Env.read_env(env.path("DJANGO_ENV_FILE", default=BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only development has a default key; without debug, a missing key stops the start.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or ("dev-only-not-secret" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set, and debug is off. Generate one with "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'` and put it in the environment or in .env."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# Origins allowed to POST forms when they differ from the Host header, e.g. "https://briefings.example.org".
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "axes",
    "csp",
    # Editorial workflow: every content change kept (history with undo) and the admin's rich-text editor.
    "simple_history",
    "django_prose_editor",
    # Background jobs (the admin's imports): Django 6's tasks framework, backported, queued in the database.
    "django_tasks",
    "django_tasks_db",
    # The project's own apps, each importing only those listed after it (checked by `make lint`).
    "minusma",
    "demo",
    "pages",
    "imports",
    "timeline",
    "missions",
    "editorial",
]

MIDDLEWARE = [
    # First, so a load balancer's probe is answered whatever its Host header or scheme.
    "minusma.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages kept for readers are served from here, before anything below runs (pages.cache).
    "pages.cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "minusma.security.PermissionsPolicyMiddleware",
    # Up here with the other headers, so even a refused Host header gets it.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: history records name the user who made each change, inlines included.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Changes a Publisher scheduled are published by the first request after their time.
    "editorial.middleware.ScheduledRevisionsMiddleware",
    # Inside the header middleware (its refusal gets their headers), before any view reads the body.
    "minusma.security.RequestSizeLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "minusma.urls"
WSGI_APPLICATION = "minusma.wsgi.application"

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
                "pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer in WAL mode; IMMEDIATE takes the write lock when a
    # transaction begins, so two saves queue for up to `timeout` seconds instead of one
    # failing at once with "database is locked" when it upgrades from reading to writing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("DJANGO_SQLITE_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# Each worker keeps its database connection from one request to the next, checked before reuse:
# opening one (and, on SQLite, setting it up) cost more than all of a small page's queries.
# `?conn_max_age=` in DATABASE_URL overrides it (0 closes the connection after every request).
DATABASES["default"].setdefault("CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache every process on this host shares (pages kept for readers, the content version, sessions,
# the worker's heartbeat), so a change made through one gunicorn worker is seen by all; Redis
# (CACHE_URL=redis://…) across hosts.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}?max_entries=20000")}
# Staff sessions (readers get none) live in the database, which every app server shares, and are read
# through the cache: a signed-in request reads Redis rather than PostgreSQL, and a cache that is lost
# or evicts under memory pressure logs no one out, since the database still holds every session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long a public page may be kept at most (it is dropped at once when content changes, and at
# the next scheduled publication), and how long a CDN in front may reuse it (browsers revalidate).
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=3600)
PAGE_CACHE_CDN_SECONDS = env.int("DJANGO_PAGE_CACHE_CDN_SECONDS", default=60)

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (hero images) are files under MEDIA_ROOT, served at /media/ by nginx, unless DJANGO_S3_BUCKET
# names an S3-compatible bucket; readers then fetch them from DJANGO_MEDIA_URL, the bucket's public
# address (or a CDN's in front of it), which the content security policy allows below.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = env("DJANGO_MEDIA_URL", default="media/").rstrip("/") + "/"
S3_BUCKET = env("DJANGO_S3_BUCKET", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Source maps are fetched by developers' tools only. Compressing them, the rich-text editor's 2.3 MB
# map above all, took half of collectstatic's time (13 of 25 CPU seconds).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
_media = urlsplit(MEDIA_URL)
if S3_BUCKET:
    if _media.scheme not in ("https", "http") or not _media.netloc:
        raise ImproperlyConfigured(
            f"DJANGO_S3_BUCKET is set, so DJANGO_MEDIA_URL must be the address readers fetch the bucket's files "
            f"from, such as https://media.example.org/ (it is {MEDIA_URL!r})."
        )
    # Keys, region and a non-AWS endpoint come from boto3's own variables (AWS_ACCESS_KEY_ID,
    # AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3) or the machine's role.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # Pages link files at the public address, unsigned, so that browsers and a CDN may keep them.
            "url_protocol": f"{_media.scheme}:",
            "custom_domain": _media.netloc + _media.path.rstrip("/"),
            # Every stored name is new (editorial/images.py): what an address holds never changes.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

# The site's own name and the address it is served at, for canonical URLs and
# Open Graph tags (absolute URLs cannot be guessed safely from the Host header).
# The default name is translated; a name set in the environment is used as it is.
SITE_NAME = env("SITE_NAME", default="") or _("Peacekeeping Briefings")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Behind a reverse proxy, over HTTPS -------------------------------------------------
# Only trust X-Forwarded-Proto and X-Forwarded-For when a proxy we run sets them: a client
# talking to gunicorn directly could otherwise claim to be on HTTPS, or anyone's address.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies append to X-Forwarded-For (nginx alone: 1; a load balancer and nginx: 2).
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1)

# Browsers reach the site over HTTPS whenever a TLS proxy stands in front of it; gunicorn
# alone on 127.0.0.1 (`make serve`) speaks plain HTTP, where secure cookies would never come back.
HTTPS = env.bool("DJANGO_HTTPS", default=BEHIND_PROXY and not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise only the domain's owner can make (and hard to take back), so it is opt-in.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- Response headers ----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features the site never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


def _origins(name):
    origins = env.list(name, default=[])
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.path not in ("", "/"):
            raise ImproperlyConfigured(f"{name}: {origin!r} is not an origin such as https://images.example.org")
    return [origin.rstrip("/") for origin in origins]


# Same-origin only, never 'unsafe-inline' or 'unsafe-eval': the public templates have no inline
# scripts or styles, and the admin runs under this policy with no violation (checked in Chromium
# by tests/security/test_admin_csp_browser.py). Images may also come from the media's own address
# (an S3-compatible bucket's) and from the origins named in DJANGO_CSP_IMG_SRC.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # NONCE: the admin's rich-text editor needs one inline import map (and one empty style element
        # that stops it injecting styles); django-csp only sends a nonce on responses that use it (the
        # admin change forms), so public pages stay 'self' only.
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [
            SELF,
            *([f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []),
            *_origins("DJANGO_CSP_IMG_SRC"),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    },
}

CSRF_FAILURE_VIEW = "minusma.security.csrf_failure"

# --- Request size ----------------------------------------------------------------------------
# Form fields (not files) held in memory; the admin's biggest forms stay far below it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A mission with many personnel reports posts thousands of fields in one admin form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads bigger than this are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# No request body may be bigger than this, uploads included (a hero image fits easily).
MAX_REQUEST_BODY_SIZE = env.int("DJANGO_MAX_REQUEST_BODY_SIZE", default=10 * 1024 * 1024)

# --- UN data imports -------------------------------------------------------------------------
# The admin's imports are queued in the database and run by `manage.py worker` (imports/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The admin downloads only over https from these hosts (every redirect checked again); the command
# line, an operator's tool, may fetch any address. Default: the UN Peace and Security Data Hub's API.
IMPORTS_ALLOWED_HOSTS = env.list("DJANGO_IMPORTS_ALLOWED_HOSTS", default=["api.psdata.un.org"])
# The whole of an admin download, however slowly the server answers: shorter than gunicorn's 30 s
# worker timeout (gunicorn.conf.py), so a slow server never gets a worker killed.
IMPORTS_DOWNLOAD_SECONDS = env.int("DJANGO_IMPORTS_DOWNLOAD_SECONDS", default=20)
# The posts `manage.py fetch_updates` adds from the missions' feeds are drafts in the review queue,
# since nobody has read them; true publishes them as they come.
FETCHED_UPDATES_PUBLISHED = env.bool("DJANGO_FETCHED_UPDATES_PUBLISHED", default=False)

# --- Login throttling (django-axes) ----------------------------------------------------------
# Five failed logins lock that username from that address for a while. Unknown usernames lock
# the same way, so the lockout tells an attacker nothing about which accounts exist.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failed logins of any usernames from one address lock that address (an office shares one: higher).
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_HANDLER = "minusma.security.LoginThrottle"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "minusma.security.client_ip"
AXES_LOCKOUT_CALLABLE = "minusma.security.lockout_response"
# A lockout ends by itself; an administrator ends one early with `manage.py axes_reset_username
# NAME`. The attempt log stays out of the editors' admin.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Without debug nothing is printed by default: errors (with their tracebacks) go to stderr,
# where gunicorn and systemd's journal collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO"), "propagate": False},
        # Lockouts, for whoever watches the logs.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
