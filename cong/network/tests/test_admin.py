"""Units in the Wagtail admin: listing, filters, accent-insensitive search, edit, no delete,
chooser."""

import pytest
from django.contrib.auth import get_user_model

from cong.network.models import Unit
from cong.network.tests.helpers import SAMPLE_2015, seed

INDEX = "/admin/network/units/"


@pytest.fixture
def admin_client(db, client):
    seed("--from", str(SAMPLE_2015), "--no-portals")
    user = get_user_model().objects.create_superuser("admin", "admin@example.vn", "x")
    client.force_login(user)
    return client


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {unit.code for unit in response.context["object_list"]}


def test_listing_filters_and_search(admin_client):
    assert len(listed(admin_client.get(INDEX))) == 38
    assert listed(admin_client.get(INDEX, {"level": "1"})) == {"01", "02"}
    assert listed(admin_client.get(INDEX, {"unit_type": "quận"})) == {"001", "002"}
    assert listed(admin_client.get(INDEX, {"scheme": "vn-2015", "level": "2"})) == {
        "001",
        "002",
        "024",
        "026",
    }
    assert listed(admin_client.get(INDEX, {"q": "dien bien"})) == {"00019"}
    assert listed(admin_client.get(INDEX, {"q": "Điện Biên"})) == {"00019"}
    assert listed(admin_client.get(INDEX, {"q": "00712"})) == {"00712"}


def test_current_filter(admin_client):
    Unit.objects.filter(code="00712").update(valid_to="2020-01-01")
    assert "00712" not in listed(admin_client.get(INDEX, {"current": "true"}))
    assert listed(admin_client.get(INDEX, {"current": "false"})) == {"00712"}


def test_edit_but_never_delete(admin_client):
    unit = Unit.objects.get(code="00001")
    edit = admin_client.get(f"{INDEX}edit/{unit.pk}/")
    assert edit.status_code == 200
    response = admin_client.post(
        f"{INDEX}edit/{unit.pk}/",
        {
            "scheme": "vn-2015",
            "code": "00001",
            "name": "Phường Phúc Xá",
            "name_en": "Phuc Xa Ward",
            "unit_type": "phường",
            "level": "3",
            "parent": str(unit.parent_id),
            "valid_from": "2016-01-01",
            "valid_to": "",
            "successor": "",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_en == "Phuc Xa Ward"
    delete = admin_client.get(f"{INDEX}delete/{unit.pk}/")
    assert delete.status_code in (302, 403)
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_unit_chooser_searches_without_accents(admin_client):
    response = admin_client.get("/admin/unit_chooser/results/", {"q": "phuc xa"})
    assert response.status_code == 200
    assert "Phường Phúc Xá" in response.content.decode()
    assert "Phường Kim Mã" not in response.content.decode()
