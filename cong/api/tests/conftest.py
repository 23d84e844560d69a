import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from cong.api.models import ApiToken
from cong.core.bulk import bulk_add_children
from cong.news.models import ArticlePage, DirectiveScope
from cong.news.tests.factories import TopicFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_network(small_network):
    """small_network with topics, news in every portal and directives pushed down. Articles are
    bulk-inserted (no signals, no search indexing) to keep each test's setup short."""
    sections = small_network["sections"]
    portals = small_network["portals"]
    base = timezone.now() - dt.timedelta(days=1)
    economy = TopicFactory(name="Kinh tế")
    health = TopicFactory(name="Y tế")
    pairs = []
    for i, key in enumerate(["nation", "hanoi", "hue", "badinh", "hoankiem"]):
        for n in range(3):
            article = ArticlePage(
                title=f"Tin {key} số {n}",
                slug=f"tin-{key}-{n}",
                sapo=f"Tóm tắt tin {key} {n} – đổi mới & phát triển <b>",
                published_at=base + dt.timedelta(minutes=10 * i + n),
                portal=portals[key],
                live=True,
            )
            article._key = f"{key}-{n}"
            article._topic = economy if n % 2 == 0 else health
            pairs.append((sections[key]["news"], article))
    directive_all = ArticlePage(
        title="Chỉ thị về phòng chống thiên tai",
        slug="chi-thi-thien-tai",
        directive_scope=DirectiveScope.ALL,
        published_at=base + dt.timedelta(hours=2),
        portal=portals["nation"],
        live=True,
    )
    directive_all._key, directive_all._topic = "directive-all", None
    directive_communes = ArticlePage(
        title="Công điện gửi các phường",
        slug="cong-dien-phuong",
        directive_scope=DirectiveScope.LEVEL,
        directive_level=2,
        published_at=base + dt.timedelta(hours=3),
        portal=portals["hanoi"],
        live=True,
    )
    directive_communes._key, directive_communes._topic = "directive-communes", None
    pairs += [
        (sections["nation"]["directives"], directive_all),
        (sections["hanoi"]["directives"], directive_communes),
    ]
    created = bulk_add_children(pairs)
    ArticlePage.topics.through.objects.bulk_create(
        [
            ArticlePage.topics.through(articlepage_id=a.pk, topic_id=a._topic.pk)
            for a in created
            if a._topic
        ]
    )
    articles = {a._key: ArticlePage.objects.get(pk=a.pk) for a in created}
    return {**small_network, "articles": articles, "topics": {"economy": economy, "health": health}}


@pytest.fixture
def token_for(api_network):
    user = get_user_model().objects.create_user("quantri", password="x")

    def issue(portal_key="hanoi", role="publisher"):
        return ApiToken.issue(
            name="Hệ thống điều hành",
            portal=api_network["portals"][portal_key],
            role=role,
            created_by=user,
        )[1]

    return issue


@pytest.fixture
def documents(api_network):
    """Two central documents, one local to Hà Nội, one replacing another."""
    from cong.legal.models import DocumentRelation, RelationKind
    from cong.legal.tests.factories import DocumentFactory

    old = DocumentFactory(
        number="15/2020/NĐ-CP",
        abstract="Quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính",
        issued_on=dt.date(2020, 2, 3),
        effective_on=dt.date(2020, 4, 15),
    )
    new = DocumentFactory(
        number="42/2022/NĐ-CP",
        abstract="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến",
        issued_on=dt.date(2022, 6, 24),
        effective_on=dt.date(2022, 8, 1),
        signer="Lê Minh Khái",
    )
    local = DocumentFactory(
        number="12/2024/QĐ-UBND",
        abstract="Quyết định của Ủy ban nhân dân thành phố Hà Nội",
        unit=api_network["portals"]["hanoi"].unit,
        issued_on=dt.date(2024, 3, 1),
    )
    DocumentRelation.objects.create(source=new, target=old, kind=RelationKind.REPLACES)
    return {"old": old, "new": new, "local": local}
