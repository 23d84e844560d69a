"""Settings shared by every environment. Everything deployment-specific comes from the
environment; a feature turns on when its variable is present."""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("CONG_VAR_DIR", BASE_DIR / "var"))
SHARED_DATA_DIR = Path(os.environ.get("CONG_SHARED_DATA", BASE_DIR.parent / "shared" / "data"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "cong.core",
    "cong.network",
    "cong.news",
    "cong.legal",
    "cong.search",
    "cong.editorial",
    "cong.citizens",
    "cong.services",
    "cong.api",
    "cong.operations",
    "cong.caching",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ninja",
]

MIDDLEWARE = [
    # Request id, log line and metrics; /healthz, /readyz, /metrics; 503 when the database is
    # down (docs/operations.md).
    "cong.operations.middleware.ObservabilityMiddleware",
    "cong.operations.middleware.ProbeMiddleware",
    "cong.operations.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the cache before sessions, locale and CSRF (docs/caching.md).
    "cong.caching.middleware.FullPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Hostname → Wagtail Site from the cache, not one query per request (cong.network.sites).
    "cong.network.sites.SiteCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cong.urls"
WSGI_APPLICATION = "cong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cong.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo's web server and task worker share the file; the longer timeout
    # rides out the worker's short write transactions instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Fail fast when the database is down: a request gets the 503 page in seconds instead of
    # waiting for the operating system's TCP timeout (docs/operations.md).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cong",
        "OPTIONS": {"MAX_ENTRIES": 5000},  # whole pages live here too (cong.caching)
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "cong",
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Full-page cache, front tier files and CDN purge (docs/caching.md).
from cong.caching.conf import frontend_cache_backends, page_cache_settings  # noqa: E402

CONG_PAGE_CACHE = page_cache_settings(os.environ, VAR_DIR)
WAGTAILFRONTENDCACHE = frontend_cache_backends(os.environ)

WAGTAIL_SITE_NAME = "Cổng Thông tin điện tử"
WAGTAILADMIN_BASE_URL = os.environ.get("CONG_BASE_URL", "http://localhost:8000")
# Search (docs/search.md): tantivy embedded by default; PostgreSQL full text with the
# `vietnamese` configuration when the database is PostgreSQL (or SEARCH_BACKEND=postgres);
# OpenSearch with the same analysis when OPENSEARCH_URL is set.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND") or (
    "postgres" if "postgresql" in DATABASES["default"]["ENGINE"] else "tantivy"
)
SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(VAR_DIR / "search" / "tantivy"))
if os.environ.get("OPENSEARCH_URL"):
    SEARCH_BACKEND = "opensearch"
if SEARCH_BACKEND == "postgres":
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "cong.search.backends.postgres", "SEARCH_CONFIG": "vietnamese"}
    }
elif SEARCH_BACKEND == "opensearch":
    from cong.search.opensearch import opensearch_backend_settings

    WAGTAILSEARCH_BACKENDS = {"default": opensearch_backend_settings(os.environ["OPENSEARCH_URL"])}
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "cong.search.backends.tantivy", "INDEX_DIR": SEARCH_INDEX_DIR}
    }
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "csv", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# LOG_FORMAT=json: one JSON object a line, with the request id (docs/operations.md).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ValueError(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cong.operations.context.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(created)f %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Portal addressing: the national host serves every portal by path.
CONG_NATIONAL_HOSTNAME = os.environ.get("CONG_NATIONAL_HOSTNAME", "localhost")

# Citizens (Q&A, consultations, alerts): see docs/citizens.md.
CONG_PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("CONG_PERSONAL_DATA_RETENTION_DAYS", "365"))
CONG_CITIZEN_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("CONG_CITIZEN_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
)
# Operations (docs/operations.md): /readyz fails when a due task has waited this long.
CONG_READY_QUEUE_MAX_AGE = int(os.environ.get("CONG_READY_QUEUE_MAX_AGE", "300"))
CONG_BACKUP_DIR = Path(os.environ.get("CONG_BACKUP_DIR", VAR_DIR / "backups"))

CONG_PRIVATE_MEDIA_ROOT = Path(os.environ.get("CONG_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
