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
    assert denied(
        forge(
            attacker,
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {"title": page.title, "slug": page.slug, "revision": first.pk},
        )
    )
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
    assert (
        province_admin.get(
            reverse("editorial_portal_roles", args=[portals["badinh"].pk])
        ).status_code
        == 200
    )
    commune_admin = login(people["admin"])
    for key in ("hanoi", "hoankiem"):
        url = reverse("editorial_portal_roles", args=[portals[key].pk])
        assert denied(commune_admin.get(url))
        assert denied(commune_admin.post(url, {"username": "qt_badinh", "role": "admin"}))
    assert not people["admin"].groups.filter(portal_role__portal=portals["hanoi"]).exists()
    assert denied(
        commune_admin.get(reverse("wagtailadmin_pages:edit", args=[articles["hanoi"].pk]))
    )
    # Nor may a province admin reach another province.
    assert denied(province_admin.get(reverse("wagtailadmin_pages:edit", args=[articles["hue"].pk])))


def bulk(client, action, pages, data=None):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    query = "&".join(f"id={p.pk}" for p in pages)
    return forge(client, f"{url}?{query}", data)


def test_forged_bulk_actions_are_refused(attacker, targets, small_network):
    """The listing's bulk actions (publish, unpublish, delete, move) check each page too."""
    own_news = small_network["sections"]["badinh"]["news"]
    before = [snapshot(p) for p in targets]
    for action, data in [
        ("publish", {}),
        ("unpublish", {"include_descendants": "on"}),
        ("delete", {}),
        ("move", {"chooser": own_news.pk}),
    ]:
        bulk(attacker, action, targets, data)
    assert [snapshot(p) for p in targets] == before


def test_bulk_action_control_province_admin_unpublishes_a_commune_page(people, articles):
    """The same forged request works for someone entitled: the refusals above are real."""
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(people["province_admin"])
    admin.get(reverse("wagtailadmin_home"))
    admin.csrf = admin.cookies["csrftoken"].value
    page = articles["badinh"]
    response = bulk(admin, "unpublish", [page], {"include_descendants": "on"})
    assert response.status_code == 302
    assert not Page.objects.get(pk=page.pk).live


def test_foreign_drafts_revisions_and_history_are_hidden(attacker, articles):
    page = articles["hoankiem"].specific
    page.title = "Bản nháp bí mật của Hoàn Kiếm"
    revision = page.save_revision()
    for name, args in [
        ("wagtailadmin_pages:view_draft", [page.pk]),
        ("wagtailadmin_pages:preview_on_edit", [page.pk]),
        ("wagtailadmin_pages:revisions_index", [page.pk]),
        ("wagtailadmin_pages:revisions_view", [page.pk, revision.pk]),
        ("wagtailadmin_pages:revisions_compare", [page.pk, "live", revision.pk]),
        ("wagtailadmin_pages:history", [page.pk]),
        ("wagtailadmin_pages:workflow_history", [page.pk]),
        ("wagtailadmin_pages:usage", [page.pk]),
    ]:
        response = attacker.get(reverse(name, args=args))
        assert denied(response) or "Bản nháp bí mật" not in response.content.decode(), name
    before = snapshot(page)
    assert denied(
        forge(
            attacker,
            reverse("wagtailadmin_pages:revisions_unschedule", args=[page.pk, revision.pk]),
        )
    )
    assert snapshot(page) == before


def test_forged_workflow_action_on_a_foreign_page_is_refused(
    login, people, articles, small_network
):
    from wagtail.models import TaskState

    from cong.editorial.tests.helpers import article_form_data

    page = articles["hoankiem"]
    author = login(people_author := people["other_editor"])
    response = author.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form_data(page, title="Chờ duyệt ở Hoàn Kiếm", **{"action-submit": "1"}),
    )
    assert response.status_code == 302, people_author
    state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
    attacker = Client(enforce_csrf_checks=True)
    attacker.force_login(people["editor"])
    attacker.get(reverse("wagtailadmin_home"))
    attacker.csrf = attacker.cookies["csrftoken"].value
    for action in ("approve", "reject"):
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
        assert denied(forge(attacker, url, {"comment": "Giả mạo"}))
    cancel = reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[page.pk])
    assert denied(attacker.get(cancel)) or "Chờ duyệt" not in attacker.get(cancel).content.decode()
    state.refresh_from_db()
    assert state.status == "in_progress"


def test_admin_api_and_reports_show_only_own_portal(attacker, articles):
    """The sidebar explorer reads the admin API; reports list pages and log entries."""
    api = attacker.get("/admin/api/main/pages/", {"search": "Tin của", "limit": 50})
    if api.status_code == 200:
        titles = {item["title"] for item in api.json()["items"]}
        for key in ("hoankiem", "hanoi", "nation", "hue"):
            assert articles[key].title not in titles
    detail = attacker.get(f"/admin/api/main/pages/{articles['hoankiem'].pk}/")
    assert detail.status_code == 404
    children = attacker.get(
        "/admin/api/main/pages/", {"child_of": articles["hoankiem"].get_parent().pk}
    )
    assert children.status_code in (200, 400, 404)
    if children.status_code == 200:
        assert articles["hoankiem"].title not in str(children.json())
    for name in (
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:workflow",
    ):
        response = attacker.get(reverse(name))
        body = response.content.decode()
        for key in ("hoankiem", "hanoi", "nation", "hue"):
            assert articles[key].title not in body, (name, key)


def test_explorer_filter_lists_only_own_portals_people(attacker, people, articles, small_network):
    """The explorer's Owner / Edited by filters name no one from other portals."""
    from wagtail.models import Page

    Page.objects.filter(pk=articles["hoankiem"].pk).update(owner=people["other_editor"])
    Page.objects.filter(pk=articles["badinh"].pk).update(owner=people["author"])
    response = attacker.get(
        reverse("wagtailadmin_explore", args=[small_network["sections"]["badinh"]["news"].pk])
    )
    body = response.content.decode()
    assert "pv_badinh" in body
    assert "bt_hoankiem" not in body
