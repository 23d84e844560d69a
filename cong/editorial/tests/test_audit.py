"""The audit log of a portal: who did what, when, where; on screen and as CSV."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from cong.editorial.models import AuditScope
from cong.editorial.tests.helpers import article_form_data

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def history(login, people, articles):
    """An edit with publish in Ba Đình (by its approver) and one in Hoàn Kiếm (by a superuser)."""
    own, other = articles["badinh"], articles["hoankiem"]
    response = login(people["approver"]).post(
        reverse("wagtailadmin_pages:edit", args=[own.pk]),
        article_form_data(own, title="Tin của badinh (sửa)", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    other.specific.save_revision(log_action=True).publish()
    return own, other


def test_each_log_entry_knows_its_portal(history, small_network):
    own, other = history
    scopes = dict(
        AuditScope.objects.filter(entry__page_id__in=[own.pk, other.pk]).values_list(
            "entry__page_id", "portal_title"
        )
    )
    assert scopes == {own.pk: "Phường Ba Đình", other.pk: "Phường Hoàn Kiếm"}


def test_csv_export_is_per_portal(login, people, history, small_network):
    own, other = history
    portals = small_network["portals"]
    approver = login(people["approver"])
    url = reverse("editorial_audit_log", args=[portals["badinh"].pk])
    rows = csv_rows(approver.get(url, {"format": "csv"}))
    assert rows, "the publication is logged"
    page_ids = {r["trang_id"] for r in rows}
    assert str(own.pk) in page_ids and str(other.pk) not in page_ids
    assert {r["cong"] for r in rows} == {"Phường Ba Đình"}
    published = [r for r in rows if r["hanh_dong"] == "wagtail.publish"]
    assert published and published[0]["tai_khoan"] == "ld_badinh"
    assert published[0]["cong"] == "Phường Ba Đình"
    assert published[0]["thoi_gian"]
    # Filters apply to the export.
    only = csv_rows(approver.get(url, {"format": "csv", "action": "wagtail.edit"}))
    assert {r["hanh_dong"] for r in only} <= {"wagtail.edit"}
    # The screen shows the same entries.
    screen = approver.get(url).content.decode()
    assert "Tin của badinh (sửa)" in screen and other.title not in screen


def test_province_admin_sees_its_communes_but_communes_not_each_other(
    login, people, history, small_network
):
    own, other = history
    portals = small_network["portals"]
    province = login(people["province_admin"])
    rows = csv_rows(
        province.get(reverse("editorial_audit_log", args=[portals["hanoi"].pk]), {"format": "csv"})
    )
    assert {str(own.pk), str(other.pk)} <= {r["trang_id"] for r in rows}
    for user, portal in [
        ("approver", "hoankiem"),
        ("approver", "hanoi"),
        ("editor", "badinh"),
        ("admin", "hue"),
    ]:
        client = login(people[user])
        for params in ({}, {"format": "csv"}):
            response = client.get(reverse("editorial_audit_log", args=[portals[portal].pk]), params)
            assert response.status_code in (302, 403), (user, portal)
            assert response.get("Content-Type", "").startswith("text/html")


def test_log_entries_survive_page_deletion(login, people, history, small_network):
    own, _other = history
    entries = PageLogEntry.objects.filter(page_id=own.pk).count()
    own.delete()
    rows = csv_rows(
        login(people["province_admin"]).get(
            reverse("editorial_audit_log", args=[small_network["portals"]["badinh"].pk]),
            {"format": "csv"},
        )
    )
    assert len([r for r in rows if r["trang_id"] == str(own.pk)]) >= entries
