from .base import *  # noqa: F403
from .base import VAR_DIR

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# The page cache would carry pages from one test's database to the next: its own tests
# turn it on (cong/caching/tests).
CONG_PAGE_CACHE = {**CONG_PAGE_CACHE, "ENABLED": False, "FRONTCACHE_DIR": ""}  # noqa: F405
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The search index lives in RAM during tests (never in the shared var/ directory).
if SEARCH_BACKEND == "tantivy":  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_DIR"] = ":memory:"  # noqa: F405
