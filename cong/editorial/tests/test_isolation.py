"""A commune editor, attacking through the real admin, reaches nothing outside their portal.

Every forged request carries a valid CSRF token from the attacker's own session (the client
enforces CSRF checks), so a refusal comes from the permission checks, not from CSRF."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from cong.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def attacker(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["editor"])
    page = client.get(reverse("wagtailadmin_home"))
    assert page.status_code == 200
    client.csrf = client.cookies["csrftoken"].value
    return client


def forge(client, url, data=None):
    return client.post(url, {"csrfmiddlewaretoken": client.csrf, **(data or {})})


def denied(response):
    """Wagtail answers a refused admin action with a redirect to the dashboard or a 403/404."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] in ("/admin/", "/admin/login/")


@pytest.fixture
def targets(articles, small_network):
    """Pages the Ba Đình editor must not touch: another commune's and the province's."""
    return [articles["hoankiem"], articles["hanoi"], small_network["portals"]["hoankiem"]]


def snapshot(page):
    page = Page.objects.get(pk=page.pk)
    return (page.title, page.live, page.path, page.locked, page.latest_revision_id, page.numchild)


def test_own_portal_is_reachable(attacker, articles):
    """The control: the same client can open its own article's edit form."""
    own = articles["badinh"]
    assert attacker.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200


def test_cannot_open_foreign_edit_forms(attacker, targets):
    for page in targets:
        response = attacker.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert denied(response), page


def test_forged_edit_and_publish_are_refused(attacker, targets):
    for page in targets:
        before = snapshot(page)
        for action in ({}, {"action-publish": "action-publish"}, {"action-submit": "1"}):
            response = forge(
                attacker,
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                {"title": "Bị chiếm quyền", "slug": page.slug, **action},
            )
            assert denied(response), (page, action)
        assert snapshot(page) == before


def test_forged_move_copy_delete_unpublish_are_refused(attacker, targets, small_network):
    own_news = small_network["sections"]["badinh"]["news"]
    for page in targets:
        before = snapshot(page)
        assert denied(attacker.get(reverse("wagtailadmin_pages:move", args=[page.pk])))
        assert denied(
            forge(attacker, reverse("wagtailadmin_pages:move_confirm", args=[page.pk, own_news.pk]))
        )
        assert denied(
            forge(
                attacker,
                reverse("wagtailadmin_pages:copy", args=[page.pk]),
                {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": own_news.pk},
            )
        )
        assert denied(forge(attacker, reverse("wagtailadmin_pages:delete", args=[page.pk])))
        assert denied(forge(attacker, reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
        assert snapshot(page) == before
    assert not ArticlePage.objects.filter(slug="ban-sao").exists()


def test_forged_revert_is_refused(attacker, articles):
    page = articles["hoankiem"].specific
    first = page.save_revision()
    page.title = "Bản sửa thứ hai"
    page.save_revision().publish()
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk])
    assert denied(attacker.get(url))
    before = snapshot(page)
    assert denied(forge(attacker, reverse("wagtailadmin_pages:edit", args=[page.pk]),
                        {"title": page.title, "slug": page.slug, "revision": first.pk}))
    assert snapshot(page) == before


def test_forged_lock_and_unlock_are_refused(attacker, articles, people):
    locked = articles["hoankiem"]
    Page.objects.filter(pk=locked.pk).update(locked=True, locked_by=people["other_editor"])
    assert denied(forge(attacker, reverse("wagtailadmin_pages:unlock", args=[locked.pk])))
    assert Page.objects.get(pk=locked.pk).locked
    free = articles["hanoi"]
    assert denied(forge(attacker, reverse("wagtailadmin_pages:lock", args=[free.pk])))
    assert not Page.objects.get(pk=free.pk).locked


def test_cannot_add_pages_in_foreign_sections(attacker, small_network):
    section = small_network["sections"]["hoankiem"]["news"]
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    assert denied(attacker.get(url))
    assert denied(forge(attacker, url, {"title": "Tin giả", "slug": "tin-gia"}))
    assert not ArticlePage.objects.filter(slug="tin-gia").exists()


def _titles(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _html(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]
    return response.content.decode()


def test_explorer_shows_only_own_portal(attacker, articles, small_network):
    portals = small_network["portals"]
    # The explorer's entry point is the editor's own portal.
    home = attacker.get(reverse("wagtailadmin_explore_root"))
    assert home.status_code in (200, 302)
    own = attacker.get(reverse("wagtailadmin_explore", args=[portals["badinh"].pk]))
    assert own.status_code == 200
    for key in ("hoankiem", "hanoi", "nation"):
        response = attacker.get(reverse("wagtailadmin_explore", args=[portals[key].pk]))
        assert denied(response) or "Tin của" not in response.content.decode()
    section = small_network["sections"]["hoankiem"]["news"]
    response = attacker.get(reverse("wagtailadmin_explore", args=[section.pk]))
    assert denied(response) or articles["hoankiem"].title not in response.content.decode()


def test_admin_search_finds_only_own_pages(attacker, articles):
    response = attacker.get(reverse("wagtailadmin_pages:search"), {"q": "Tin của"})
    assert response.status_code == 200
    body = _titles(response.content.decode())
    assert articles["badinh"].title in body
    for key in ("hoankiem", "hanoi", "nation", "hue"):
        assert articles[key].title not in body


def test_page_chooser_shows_only_own_pages(attacker, articles, small_network):
    search = attacker.get(reverse("wagtailadmin_choose_page_search"), {"q": "Tin của"})
    assert search.status_code == 200
    body = _html(search)
    assert articles["badinh"].title in body
    for key in ("hoankiem", "hanoi", "nation", "hue"):
        assert articles[key].title not in body
    root = attacker.get(reverse("wagtailadmin_choose_page"))
    assert root.status_code == 200
    assert small_network["portals"]["hue"].title not in _html(root)
    foreign = small_network["sections"]["hoankiem"]["news"]
    response = attacker.get(reverse("wagtailadmin_choose_page_child", args=[foreign.pk]))
    assert denied(response)
    own = small_network["sections"]["badinh"]["news"]
    response = attacker.get(reverse("wagtailadmin_choose_page_child", args=[own.pk]))
    assert response.status_code == 200
    assert articles["badinh"].title in _html(response)


def test_province_admin_manages_commune_but_commune_admin_not_province(
    login, people, articles, small_network
):
    portals = small_network["portals"]
    province_admin = login(people["province_admin"])
    commune_article = articles["badinh"]
    edit = reverse("wagtailadmin_pages:edit", args=[commune_article.pk])
    assert province_admin.get(edit).status_code == 200
    assert province_admin.get(
        reverse("editorial_portal_roles", args=[portals["badinh"].pk])
    ).status_code == 200
    commune_admin = login(people["admin"])
    for key in ("hanoi", "hoankiem"):
        url = reverse("editorial_portal_roles", args=[portals[key].pk])
        assert denied(commune_admin.get(url))
        assert denied(commune_admin.post(url, {"username": "qt_badinh", "role": "admin"}))
    assert not people["admin"].groups.filter(portal_role__portal=portals["hanoi"]).exists()
    assert denied(commune_admin.get(reverse("wagtailadmin_pages:edit", args=[articles["hanoi"].pk])))
    # Nor may a province admin reach another province.
    assert denied(province_admin.get(reverse("wagtailadmin_pages:edit", args=[articles["hue"].pk])))
