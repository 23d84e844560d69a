"""Roles are created with the portals (in bulk), and assigned by command or admin screen."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry, WorkflowPage

from cong.editorial.models import PortalRole, Role
from cong.editorial.roles import create_portal_roles
from cong.network.models import PortalPage
from cong.network.tests.helpers import mini_2025, seed, unit, write

pytestmark = pytest.mark.django_db


def test_seeding_creates_four_roles_and_a_workflow_per_portal(tmp_path):
    communes = [unit(f"0000{i}", f"Phường Số {i}", "phường") for i in range(1, 6)]
    seed("--from", str(write(tmp_path, mini_2025(*communes))))
    portals = list(PortalPage.objects.all())
    assert len(portals) == 7  # the Government, Hà Nội, five wards
    for portal in portals:
        roles = dict(PortalRole.objects.filter(portal=portal).values_list("role", "group__name"))
        assert set(roles) == set(Role.values)
        assert roles[Role.EDITOR] == f"Biên tập · {portal.title} · {portal.pk}"
        assert WorkflowPage.objects.filter(page=portal).exists()
    editor_group = PortalRole.objects.get(portal=portals[-1], role=Role.EDITOR).group
    assert set(
        GroupPagePermission.objects.filter(group=editor_group).values_list(
            "page_id", "permission__codename"
        )
    ) == {(portals[-1].pk, c) for c in ("add_page", "change_page", "lock_page", "unlock_page")}
    assert editor_group.permissions.filter(codename="access_admin").exists()
    # Seeding again creates nothing twice.
    groups = Group.objects.count()
    seed("--from", str(write(tmp_path, mini_2025(*communes))))
    assert Group.objects.count() == groups


def _portal_ids(n, small_network):
    parent = small_network["portals"]["hue"]
    from cong.network.tests.factories import PortalPageFactory, UnitFactory

    ids = []
    for i in range(n):
        portal = PortalPageFactory(
            parent=parent,
            unit=UnitFactory(code=f"9{i:04d}", name=f"Xã {i}", level=2, parent=parent.unit),
            title=f"Xã {i}",
            slug=f"xa-{i}",
        )
        ids.append(portal.pk)
    PortalRole.objects.filter(portal_id__in=ids).delete()
    Group.objects.filter(portal_role__isnull=True, name__contains=" · ").delete()
    return ids


def test_bulk_role_creation_does_not_grow_with_the_number_of_portals(small_network):
    ids = _portal_ids(18, small_network)
    with CaptureQueriesContext(connection) as few:
        assert create_portal_roles(ids[:3]) == 12
    with CaptureQueriesContext(connection) as many:
        assert create_portal_roles(ids[3:]) == 60
    # Five times the portals: the same statements (SQLite may split a bulk insert in two).
    assert len(many) <= len(few) + 2
    assert create_portal_roles(ids) == 0, "idempotent"


def test_grant_role_command(people, small_network, make_user):
    user = make_user("nguyenvana")
    out = StringIO()
    call_command("grant_role", "nguyenvana", "bien-tap", "ha-noi/phuong-ba-dinh", stdout=out)
    assert "Phường Ba Đình" in out.getvalue()
    badinh = small_network["portals"]["badinh"]
    assert user.groups.filter(portal_role__portal=badinh, portal_role__role=Role.EDITOR).exists()
    assert PageLogEntry.objects.filter(page=badinh, action="cong.role.grant").exists()
    # By unit code, by e-mail; again is harmless.
    call_command("grant_role", "nguyenvana@example.vn", "approver", "00004", stdout=StringIO())
    out = StringIO()
    call_command("grant_role", "nguyenvana", "approver", "00004", stdout=out)
    assert "already" in out.getvalue()
    call_command("grant_role", "nguyenvana", "editor", "00004", "--revoke", stdout=StringIO())
    assert not user.groups.filter(portal_role__role=Role.EDITOR).exists()
    with pytest.raises(CommandError, match="Unknown role"):
        call_command("grant_role", "nguyenvana", "tong-bien-tap", "00004")
    with pytest.raises(CommandError, match="No user"):
        call_command("grant_role", "khong-co", "editor", "00004")
    with pytest.raises(CommandError):
        call_command("grant_role", "nguyenvana", "editor", "khong-co-cong-nay")


def test_admin_screen_grants_and_revokes_below_the_province(
    login, people, small_network, make_user
):
    newcomer = make_user("tranthib")
    badinh = small_network["portals"]["badinh"]
    admin = login(people["province_admin"])
    index = admin.get(reverse("editorial_roles"))
    assert index.status_code == 200
    body = index.content.decode()
    assert "Phường Ba Đình" in body and "Thành phố Huế" not in body
    url = reverse("editorial_portal_roles", args=[badinh.pk])
    response = admin.post(url, {"username": "tranthib", "role": Role.AUTHOR})
    assert response.status_code == 302
    assert newcomer.groups.filter(
        portal_role__portal=badinh, portal_role__role=Role.AUTHOR
    ).exists()
    assert "tranthib" in admin.get(url).content.decode()
    admin.post(
        reverse("editorial_revoke_role", args=[badinh.pk]),
        {"user": newcomer.pk, "role": Role.AUTHOR},
    )
    assert not newcomer.groups.exists()
    # The form says who is missing instead of failing.
    response = admin.post(url, {"username": "ai-do", "role": Role.AUTHOR})
    assert response.status_code == 200 and "ai-do" in response.content.decode()
    # A commune editor has no roles screen at all.
    editor = login(people["editor"])
    assert editor.get(reverse("editorial_roles")).status_code in (302, 403)
    assert editor.post(url, {"username": "bt_badinh", "role": Role.ADMIN}).status_code in (302, 403)
    assert not people["editor"].groups.filter(portal_role__role=Role.ADMIN).exists()


def test_admin_is_in_vietnamese_and_the_dashboard_shows_only_own_portal(login, people):
    body = login(people["editor"]).get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="vi"' in body
    assert "Cổng của bạn" in body  # our dashboard panel
    assert "Phường Ba Đình</a>" in body and "Biên tập viên" in body
    for other in ("Phường Hoàn Kiếm", "Thành phố Huế"):
        assert other not in body
    proposals = login(people["editor"]).get(reverse("editorial_proposals")).content.decode()
    assert "Đề xuất" in proposals
