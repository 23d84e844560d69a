"""Portal frames (cong.core.frames): what every page of a portal shares is read once per change
of the network, and a change reaches the next page rendered, in this process and in others."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from cong.core import frames
from cong.network.models import PortalPage, Unit
from cong.network.tests.factories import ContactPageFactory, PortalPageFactory, UnitFactory
from cong.news.tests.factories import ArticlePageFactory


@pytest.fixture
def net(small_network):
    portals, sections = small_network["portals"], small_network["sections"]
    ContactPageFactory(parent=portals["hanoi"], address="12 Lê Lai, Hoàn Kiếm, Hà Nội")
    small_network["article"] = ArticlePageFactory(
        parent=sections["badinh"]["news"], title="Ba Đình ra quân dọn vỉa hè"
    )
    return small_network


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def wagtail_breadcrumbs(page):
    return list(page.get_ancestors().filter(depth__gt=1).live().values_list("pk", flat=True))


def test_breadcrumbs_from_the_frame_are_wagtails_live_ancestors(net):
    portals, sections = net["portals"], net["sections"]
    for page in [
        portals["nation"],
        portals["hanoi"],
        portals["badinh"],
        sections["badinh"]["news"],
        net["article"],
    ]:
        page = fresh(page)
        assert [crumb.pk for crumb in page.breadcrumbs] == wagtail_breadcrumbs(page), page.title

    sections["badinh"]["news"].unpublish()
    article = fresh(net["article"])
    assert [crumb.pk for crumb in article.breadcrumbs] == wagtail_breadcrumbs(article)
    assert sections["badinh"]["news"].pk not in [crumb.pk for crumb in article.breadcrumbs]


def test_owning_portal_and_the_articles_portal_come_without_queries(net):
    def use(article):
        assert article.owning_portal.pk == net["portals"]["badinh"].pk
        assert article.portal.title == "Phường Ba Đình"
        assert [crumb.pk for crumb in article.breadcrumbs]
        assert list(article.get_view_restrictions()) == []

    with CaptureQueriesContext(connection) as first:
        use(fresh(net["article"]))  # the first page of the portal reads its frame
    article = fresh(net["article"])
    with CaptureQueriesContext(connection) as queries:
        use(article)
    assert len(first) > 0
    assert len(queries) == 0


def test_a_renamed_section_and_unit_show_on_the_next_page(client, net):
    url = net["article"].url
    assert "Phường Ba Đình" in client.get(url).content.decode()

    section = fresh(net["sections"]["badinh"]["news"])
    section.title = "Tin hoạt động"
    section.save_revision().publish()
    unit = Unit.objects.get(pk=net["portals"]["badinh"].unit_id)
    unit.name = "Phường Ba Đình mới"
    unit.save()

    html = client.get(url).content.decode()
    assert "Phường Ba Đình mới" in html
    assert "Tin hoạt động" in html  # the section's title in the breadcrumbs' JSON-LD


def test_an_unpublished_section_leaves_the_menu_and_a_new_portal_joins_the_list(client, net):
    hanoi = net["portals"]["hanoi"]
    html = client.get("/ha-noi/").content.decode()
    directives = net["sections"]["hanoi"]["directives"]
    directives_href = f'href="{directives.url}"'
    assert directives_href in html

    fresh(directives).unpublish()
    PortalPageFactory(
        parent=hanoi,
        unit=UnitFactory(code="00010", name="Phường Mới", level=2, parent=hanoi.unit),
        title="Phường Mới",
        slug="phuong-moi",
    )

    html = client.get("/ha-noi/").content.decode()
    assert directives_href not in html
    assert 'href="/ha-noi/phuong-moi/"' in html


def test_another_process_bump_is_seen_before_the_next_page(client, net):
    """Rows changed without signals (as a bulk job or another server does) stay unseen until
    the shared generation moves, then the next page shows them."""
    url = "/ha-noi/"
    assert "Thành phố Hà Nội" in client.get(url).content.decode()
    Unit.objects.filter(pk=net["portals"]["hanoi"].unit_id).update(name="Thủ đô Hà Nội")
    assert "Thủ đô Hà Nội" not in client.get(url).content.decode()  # this process's frame

    frames._write_generation_file()  # what another process's bump writes

    assert "Thủ đô Hà Nội" in client.get(url).content.decode()


def test_with_a_shared_cache_the_generation_lives_in_the_cache(settings, tmp_path, net):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    before = frames.generation()
    assert frames.generation() == before
    frames._write_generation_file()  # a local file means nothing with a shared cache
    assert frames.generation() == before
    frames.bump_now()
    assert frames.generation() != before


def test_a_change_in_a_transaction_bumps_again_once_on_commit(net):
    with transaction.atomic():
        during = frames.generation()
        frames.bump()
        assert frames.generation() != during  # this transaction's own pages see it at once
        frames.bump()
        frames.bump()
        on_commit = [func for _ids, func, _robust in connection.run_on_commit]
        assert on_commit.count(frames.bump_now) == 1  # and others after it commits, once


def test_publishing_an_article_keeps_the_frames(net):
    frames.frame_for_page(net["portals"]["badinh"])
    before = frames.generation()
    ArticlePageFactory(parent=net["sections"]["badinh"]["news"], title="Tin mới")
    assert frames.generation() == before


def test_view_restrictions_are_read_only_where_one_exists(client, net):
    section = net["sections"]["hue"]["news"]
    hidden = ArticlePageFactory(parent=section, title="Tin nội bộ")
    public = fresh(net["article"])
    assert client.get(hidden.url).status_code == 200

    PageViewRestriction.objects.create(page=section, restriction_type="login")

    assert client.get(hidden.url).status_code == 302  # to the login page
    assert client.get(public.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert list(fresh(net["article"]).get_view_restrictions()) == []
    assert not any("pageviewrestriction" in q["sql"] for q in queries.captured_queries)
    assert [r.page_id for r in fresh(hidden).get_view_restrictions()] == [section.pk]


def test_frames_follow_the_portal_tree(net):
    province = frames.frame(net["portals"]["hanoi"].pk)
    assert [pk for pk, _title, _url in province.subordinates] == [
        net["portals"]["badinh"].pk,
        net["portals"]["hoankiem"].pk,
    ]
    assert sorted(province.live_descendant_portal_ids) == sorted(
        PortalPage.objects.filter(path__startswith=province.portal.path, depth__gt=3).values_list(
            "pk", flat=True
        )
    )
    assert province.live_ancestor_portal_ids == [net["portals"]["nation"].pk]
    assert province.contact.address == "12 Lê Lai, Hoàn Kiếm, Hà Nội"
    assert frames.owning_portal_id(net["article"].path) == net["portals"]["badinh"].pk
