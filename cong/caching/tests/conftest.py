"""The page cache on (it is off for every other app's tests), with its own file tier."""

import pytest
from django.core.cache import cache

from cong.caching import store


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    settings.CONG_PAGE_CACHE = {
        "ENABLED": True,
        "TIMEOUT": 3600,
        "MAX_AGE": 0,
        "S_MAXAGE": 300,
        "FRONTCACHE_DIR": str(tmp_path / "frontcache"),
        "HOSTS": ["testserver", "127.0.0.1"],
    }
    settings.WAGTAILFRONTENDCACHE = {}
    cache.clear()
    store._local_epoch["seen"] = None
    yield tmp_path / "frontcache"
    cache.clear()


from cong.editorial.tests.conftest import articles, login, make_user, people  # noqa: E402, F401
