import datetime

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from cong.news.tests.factories import ArticlePageFactory

BACKENDS = ["tantivy"] + (["postgres"] if connection.vendor == "postgresql" else [])


def make_backend(name):
    if name == "tantivy":
        backend = get_search_backend("cong.search.backends.tantivy", INDEX_DIR=":memory:")
    else:
        backend = get_search_backend("cong.search.backends.postgres")
    backend.reset_indexes()
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request, db):
    return make_backend(request.param)


@pytest.fixture
def tantivy_backend(db):
    return make_backend("tantivy")


def index_all(backend):
    """Bring the backend up to date with every article (tests create them with factories)."""
    from cong.news.models import ArticlePage

    backend.reset_indexes()
    backend.add_bulk(ArticlePage, list(ArticlePage.objects.all()))
    backend.refresh_indexes()


ARTICLES = [
    # key, section, title, sapo
    (
        "quochoi",
        "nation",
        "Quốc hội thông qua Luật Đất đai sửa đổi",
        "Kỳ họp thứ 5 Quốc hội khóa XV.",
    ),
    (
        "danguy",
        "hanoi",
        "Đảng ủy Thành phố Hà Nội họp phiên thường kỳ",
        "Ban Thường vụ Thành ủy đánh giá.",
    ),
    (
        "chinhphu",
        "nation",
        "Chính phủ ban hành Nghị định 46/2016/NĐ-CP",
        "Nghị định xử phạt vi phạm hành chính.",
    ),
    (
        "hoabinh",
        "badinh",
        "Phường Ba Đình tổ chức Ngày hội hòa bình",
        "Ngày hội hoà bình của thanh niên.",
    ),
    ("thuyloi", "hue", "Huế nạo vét công trình thủy lợi", "Công trình thuỷ lợi phục vụ mùa khô."),
    (
        "quoc",
        "hoankiem",
        "Hội chợ đồ cổ quốc tế",
        "Hội chợ có nhiều quốc gia tham dự, hội viên đông.",
    ),
    ("dang", "hanoi", "Đang triển khai dự án đường sắt", "Công trình đang thi công."),
]


@pytest.fixture
def articles(small_network):
    now = timezone.now()
    created = {}
    for n, (key, section, title, sapo) in enumerate(ARTICLES):
        created[key] = ArticlePageFactory(
            parent=small_network["sections"][section]["news"],
            title=title,
            sapo=sapo,
            published_at=now - datetime.timedelta(days=n),
        )
    return created


@pytest.fixture(autouse=True)
def clean_default_index(db, settings, tmp_path):
    """A fresh default index per test (the RAM index outlives the rolled-back database)."""
    settings.VAR_DIR = tmp_path
    get_search_backend().reset_indexes()
