"""Settings for the regional public-health product catalogue.

Everything deployment-specific comes from the environment and fails loudly on bad values.
With DATABASE_URL unset the app runs on SQLite so a newcomer needs nothing but Python.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from catalogue.resources import resources_dir

BASE_DIR = Path(__file__).resolve().parent.parent
# templates/, static/, fixtures/ and locale/: BASE_DIR in a checkout, <prefix>/share/productencatalogus when installed.
_resources_dir = resources_dir(BASE_DIR)
if _resources_dir is None:
    raise ImproperlyConfigured(
        "templates/, static/ and fixtures/ not found beside the code nor in the installed package "
        "(install the project with `pip install .`)"
    )
RESOURCES_DIR = _resources_dir


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 1) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    # Local development only: a per-checkout key that never leaves the machine.
    SECRET_KEY = "insecure-development-key-" + str(BASE_DIR)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "catalogue.apps.LoginLockoutConfig",  # django-axes, under a Dutch name (catalogue.apps)
    "csp",
    "django_tasks",
    "catalogue.apps.TaskQueueConfig",  # django-tasks-db, under a Dutch name
    "drf_spectacular_sidecar",
    "corsheaders",
    # The project's apps, each depending only on those above it (see the README's layout section).
    "catalogue",
    "municipalities",
    "services",
    "editorial",
    "books",
    "importer",
    "api",
]

MIDDLEWARE = [
    # First: /gezondheid answers the load balancer whatever the Host header or scheme (catalogue.health).
    "catalogue.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "api.problems.ApiMiddleware",
    # Before sessions, CSRF and authentication: a cached public answer needs none of them.
    "services.public_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "catalogue.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [RESOURCES_DIR / "templates"],
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

WSGI_APPLICATION = "catalogue.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The catalogue's filter queries (EXISTS ... OR EXISTS) get cost estimates above PostgreSQL's
        # JIT threshold; compiling them takes longer than running them (measured with bench/web.py).
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [RESOURCES_DIR / "fixtures"]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# Dutch for the admin strings the installed apps leave in English (django-axes, django-tasks, ...).
LOCALE_PATHS = [RESOURCES_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [RESOURCES_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
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

# The edition year shown when a visitor does not pick one.
CATALOGUE_CURRENT_YEAR = int(os.environ.get("CATALOGUE_CURRENT_YEAR", "2026"))

# The cache: this process's memory by default; Redis (redis://host:6379/0) when several web servers
# must share it. Public responses, facet counts and book fingerprints are cached under the catalogue
# version (services.versioning), so entries never go stale: a write makes new keys.
CACHE_URL = os.environ.get("CATALOGUE_CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CATALOGUE_CACHE_PREFIX", "catalogus"),
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Whole pages of 20-200 kB each: a bound on what one worker holds.
            "OPTIONS": {"MAX_ENTRIES": env_int("CATALOGUE_CACHE_ENTRIES", 1000)},
        }
    }
elif CACHE_URL == "dummy://":
    # Nothing is kept: every request computes everything (the benches' cold runs).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(f"CATALOGUE_CACHE_URL must be redis://…, locmem:// or dummy://, not {CACHE_URL!r}")

# Anonymous public responses (pages, API reads) kept in the cache this long (0 turns it off), and what
# they tell browsers and proxies: fresh for CATALOGUE_PUBLIC_MAX_AGE seconds, then served stale while
# revalidating for CATALOGUE_PUBLIC_STALE_SECONDS more. Books, the admin and staff are never cached.
# Off by default with debug on: a developer editing a template sees the change on the next request.
CATALOGUE_PUBLIC_CACHE_SECONDS = env_int("CATALOGUE_PUBLIC_CACHE_SECONDS", 0 if DEBUG else 24 * 3600, minimum=0)
CATALOGUE_PUBLIC_MAX_AGE = env_int("CATALOGUE_PUBLIC_MAX_AGE", 60, minimum=0)
CATALOGUE_PUBLIC_STALE_SECONDS = env_int("CATALOGUE_PUBLIC_STALE_SECONDS", 300, minimum=0)
CATALOGUE_PUBLIC_CACHE_EXCLUDED = ("/beheer/", "/boeken/", "/gezondheid", "/static/")

# Where the source books live (read by the importer tests and the fixture check).
SEEDS_DIR = Path(os.environ.get("CATALOGUE_SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))

# Background tasks (django-tasks). The database backend lets several worker machines share one queue:
# run `python manage.py db_worker` beside the web server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CATALOGUE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# PDF books. WeasyPrint keeps the memory it used after a render, so the worker renders each book in a
# short-lived child process with these limits (seconds, megabytes of address space).
BOOK_RENDER_TIMEOUT = env_int("CATALOGUE_BOOK_TIMEOUT", 300)
BOOK_RENDER_MEMORY_MB = env_int("CATALOGUE_BOOK_MEMORY_MB", 2048, minimum=256)
# Off only in tests: render in the calling process instead of a child process.
BOOK_RENDER_ISOLATED = env_bool("CATALOGUE_BOOK_ISOLATED", True)
# Bounded work for anonymous visitors. At most this many renders wait or run at once; a request that would
# queue one more gets a "probeer het later" page (503). Staff previews are not counted against it.
BOOK_RENDER_QUEUE_LIMIT = env_int("CATALOGUE_BOOK_QUEUE_LIMIT", 20)
# Each visitor (client address, behind proxies as for the login lockout: catalogue.proxies) may queue this
# many new renders per window of seconds; serving a stored book or the waiting page is not counted.
BOOK_RATE_LIMIT = env_int("CATALOGUE_BOOK_RATE_LIMIT", 10)
BOOK_RATE_WINDOW = env_int("CATALOGUE_BOOK_RATE_WINDOW_SECONDS", 60)
# A rendering worker touches its render this often; one untouched for BOOK_RENDER_STALE_SECONDS is taken
# to be dead (a killed worker) and is queued again by the next request or by `prune_books`.
BOOK_RENDER_HEARTBEAT_SECONDS = env_int("CATALOGUE_BOOK_HEARTBEAT_SECONDS", 10)
BOOK_RENDER_STALE_SECONDS = env_int("CATALOGUE_BOOK_STALE_SECONDS", 45)
if BOOK_RENDER_STALE_SECONDS < 2 * BOOK_RENDER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "CATALOGUE_BOOK_STALE_SECONDS must be at least twice CATALOGUE_BOOK_HEARTBEAT_SECONDS, or a live render "
        "would be taken over"
    )
# Where renders keep their temporary folders (boek-*); `prune_books` removes the ones a killed worker left.
BOOK_RENDER_TEMP_DIR = os.environ.get("CATALOGUE_BOOK_TEMP_DIR", "") or None
# `prune_books`: selection books and failed renders older than this many days are removed.
BOOK_RENDER_KEEP_DAYS = env_int("CATALOGUE_BOOK_KEEP_DAYS", 7)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.CatalogueAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The API is public and read-only: no sessions, no CSRF, the same answer for everyone.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNICODE_JSON": True,
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Productencatalogus publieke gezondheid",
    "DESCRIPTION": (
        "Taken en diensten van GGD'en en centra voor jeugd en gezin, per gemeente, schil en wet. "
        "Alleen-lezen en openbaar. De API volgt de REST API Design Rules van de Nederlandse overheid: "
        "namen in camelCase, geen schuine streep aan het eind van paden, de header API-Version, fouten als "
        "application/problem+json, links als _links (HAL) en ETag/Last-Modified voor conditionele verzoeken."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Paths relative to the server, whose URL carries the major version (ADR /core/uri-version).
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": os.environ.get("CATALOGUE_API_SERVER_URL", "/api/v1"), "description": "Deze omgeving"}],
    # Who answers questions about the API (ADR: info.contact with name, url and e-mail); set per deployment.
    "CONTACT": {
        key: value
        for key, value in {
            "name": os.environ.get("CATALOGUE_API_CONTACT_NAME", "Beheer productencatalogus publieke gezondheid"),
            "url": os.environ.get("CATALOGUE_API_CONTACT_URL", ""),
            "email": os.environ.get("CATALOGUE_API_CONTACT_EMAIL", ""),
        }.items()
        if value
    },
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {
        "OrganisatieSoortEnum": "services.models.Organisation.Kind",
        "RegioSoortEnum": "municipalities.models.Region.Kind",
        "ProductStatusEnum": "services.models.Status",
        "EditieStatusEnum": "services.models.Edition.State",
        "OpdrachtgeverEnum": "services.models.Commissioning",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.postprocess_schema",
    ],
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

SIMPLE_HISTORY_REVERT_DISABLED = True  # restoring is a workflow step (editorial.operations.products.restore_version)

# Security. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1 (it must set X-Forwarded-Proto).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No page needs the camera, microphone, location, payment or other powerful browser features
# (django-permissions-policy sends the Permissions-Policy header).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Content Security Policy (django-csp): no inline script or style anywhere, the admin included
# (Django's admin needs neither). An inline <script>/<style> must carry nonce="{{ request.csp_nonce }}".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login lockout (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT failed attempts for one username from one
# address, logins stop for DJANGO_LOGIN_COOLOFF_MINUTES. Unknown usernames are counted and locked out the
# same way, and the message never says whether an account exists.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address as the lockout sees it. Directly on the internet: the connection's address. Behind
# reverse proxies that each append to X-Forwarded-For, set DJANGO_TRUSTED_PROXY_COUNT to how many there
# are; the client is then that many addresses from the right, and a forged header cannot move it.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "catalogue.proxies.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_COOLOFF_MESSAGE = "Te veel mislukte inlogpogingen. Probeer het later opnieuw."
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE

# CORS: anyone may read the API from a browser (ADR: public read API); nothing else is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = (
    "API-Version",
    "ETag",
    "Last-Modified",
    "Content-Disposition",
    "X-Total-Count",
    "X-Pagination-Page",
    "X-Pagination-Limit",
)

# Logs go to standard error: plain text, or one JSON object per line with DJANGO_LOG_FORMAT=json for a
# log collector (python-json-logger; a traceback stays inside its record as exc_info).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own console handler (debug only) would print every error a second time, unformatted.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
