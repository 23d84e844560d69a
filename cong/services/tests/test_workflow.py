"""Every transition, who may perform it, and the handling unit's screens over HTTP."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cong.services import workflow
from cong.services.models import Dossier, DossierEvent

pytestmark = pytest.mark.django_db

FULL_PATH = [
    ("assign", "bd_leader", "assigned"),
    ("start", "bd_officer", "processing"),
    ("request_supplement", "bd_officer", "supplement_requested"),
    ("supplemented", "bd_officer", "supplemented"),
    ("resume", "bd_officer", "processing"),
    ("result", "bd_officer", "result_ready"),
    ("return", "bd_officer", "returned"),
]


def test_the_whole_path_is_logged(make_dossier, officers):
    dossier = make_dossier()
    for action, who, status in FULL_PATH:
        note = "Bổ sung giấy chứng sinh bản chính" if action == "request_supplement" else ""
        dossier = workflow.perform(officers[who], dossier.pk, action, note=note)
        assert dossier.status == status
    events = list(DossierEvent.objects.filter(dossier=dossier))
    assert [e.to_status for e in events] == ["received"] + [s for _a, _w, s in FULL_PATH]
    assert events[1].actor == officers["bd_leader"] and events[2].actor == officers["bd_officer"]
    assert events[3].note == "Bổ sung giấy chứng sinh bản chính"
    dossier.refresh_from_db()
    assert dossier.assignee == officers["bd_leader"]
    assert dossier.resolved_at and dossier.finished_at


def test_reject_needs_a_reason_and_a_leader(make_dossier, officers):
    dossier = make_dossier()
    with pytest.raises(PermissionDenied):
        workflow.perform(officers["bd_officer"], dossier.pk, "reject", note="Thiếu giấy tờ")
    with pytest.raises(ValidationError):
        workflow.perform(officers["bd_leader"], dossier.pk, "reject", note="  ")
    dossier = workflow.perform(officers["bd_leader"], dossier.pk, "reject", note="Sai thẩm quyền")
    assert dossier.status == "rejected" and dossier.reject_reason == "Sai thẩm quyền"
    with pytest.raises(ValidationError):  # a finished dossier goes nowhere
        workflow.perform(officers["bd_leader"], dossier.pk, "start")


@pytest.mark.parametrize(
    "who, action, allowed",
    [
        ("bd_officer", "assign", False),  # officers do not assign
        ("bd_author", "assign", False),  # authors have no part in dossiers
        ("hk_leader", "assign", False),  # another commune's leader
        ("hn_editor", "assign", False),  # the province's editor is not the commune
        ("hn_admin", "assign", True),  # the province's administrator oversees its communes
        ("bd_leader", "assign", True),
    ],
)
def test_who_may_assign(make_dossier, officers, who, action, allowed):
    dossier = make_dossier()
    if allowed:
        assert workflow.perform(officers[who], dossier.pk, action).status == "assigned"
    else:
        with pytest.raises(PermissionDenied):
            workflow.perform(officers[who], dossier.pk, action)
        assert Dossier.objects.get(pk=dossier.pk).status == "received"


@pytest.mark.parametrize("action", ["start", "request_supplement", "result", "return"])
def test_another_communes_officer_cannot_act(make_dossier, officers, action):
    dossier = make_dossier()
    workflow.perform(officers["bd_leader"], dossier.pk, "assign")
    with pytest.raises(PermissionDenied):
        workflow.perform(officers["hk_officer"], dossier.pk, action, note="x")


def test_wrong_order_is_refused(make_dossier, officers):
    dossier = make_dossier()
    for action in ("start", "result", "return", "supplemented", "resume"):
        with pytest.raises(ValidationError):
            workflow.perform(officers["bd_officer"], dossier.pk, action)
    with pytest.raises(ValidationError):
        workflow.perform(officers["bd_officer"], dossier.pk, "no-such-action")


def test_supplement_restarts_the_clock(make_dossier, officers):
    from django.utils import timezone

    from cong.services.workdays import add_working_days

    dossier = make_dossier()
    for action in ("assign", "start"):
        workflow.perform(officers["bd_leader"], dossier.pk, action)
    workflow.perform(officers["bd_officer"], dossier.pk, "request_supplement", note="Bổ sung")
    dossier = workflow.perform(officers["bd_officer"], dossier.pk, "supplemented")
    assert dossier.due_date == add_working_days(timezone.localdate(), 3)


# --- over HTTP --------------------------------------------------------------------------------


def edit_url(dossier):
    return reverse("services_dossier:edit", args=[dossier.pk])


def test_officer_lists_only_their_units_dossiers(client, make_dossier, officers):
    mine, theirs = make_dossier("badinh"), make_dossier("hoankiem")
    client.force_login(officers["bd_officer"])
    listing = client.get(reverse("services_dossier:index")).content.decode()
    assert mine.code in listing and theirs.code not in listing
    client.force_login(officers["hn_admin"])
    listing = client.get(reverse("services_dossier:index")).content.decode()
    assert mine.code in listing and theirs.code in listing


def test_commune_officer_is_forbidden_on_another_communes_dossier(client, make_dossier, officers):
    theirs = make_dossier("hoankiem")
    client.force_login(officers["bd_leader"])
    assert client.get(edit_url(theirs)).status_code == 404
    response = client.post(edit_url(theirs), {"action": "assign", "note": ""})
    assert response.status_code == 404
    assert Dossier.objects.get(pk=theirs.pk).status == "received"
    file_url = reverse("services_dossier:file", args=[1])
    assert client.get(file_url).status_code == 404


def test_forged_posts_change_nothing(client, make_dossier, officers):
    dossier = make_dossier("badinh")
    client.force_login(officers["bd_officer"])
    # Not in the officer's available actions (assign is for leaders; result skips steps).
    for action in ("assign", "reject", "result", "bogus"):
        response = client.post(edit_url(dossier), {"action": action, "note": "x"})
        # Wagtail answers a PermissionDenied in its admin with a redirect and a message.
        assert response.status_code in (302, 403)
        assert response.get("Location", "") != edit_url(dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == "received"
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_leader_and_officer_work_through_the_admin(client, make_dossier, officers):
    dossier = make_dossier("badinh")
    client.force_login(officers["bd_leader"])
    page = client.get(edit_url(dossier)).content.decode()
    assert 'value="assign"' in page and 'value="reject"' in page
    response = client.post(
        edit_url(dossier), {"action": "assign", "assignee": officers["bd_officer"].pk}
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).assignee == officers["bd_officer"]
    client.force_login(officers["bd_officer"])
    page = client.get(edit_url(dossier)).content.decode()
    assert 'value="start"' in page and 'value="reject"' not in page
    client.post(edit_url(dossier), {"action": "start"})
    assert Dossier.objects.get(pk=dossier.pk).status == "processing"


def test_csrf_is_enforced(make_dossier, officers):
    from django.test import Client

    dossier = make_dossier("badinh")
    client = Client(enforce_csrf_checks=True)
    client.force_login(officers["bd_leader"])
    assert client.post(edit_url(dossier), {"action": "assign"}).status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).status == "received"


def test_papers_are_downloaded_only_by_the_unit(client, sections, procedure, officers):
    from .conftest import submit_data, submit_url

    client.post(submit_url(sections["badinh"], procedure), submit_data(procedure))
    stored = Dossier.objects.get().files.get()
    url = reverse("services_dossier:file", args=[stored.pk])
    client.force_login(officers["hk_officer"])
    assert client.get(url).status_code == 404
    client.force_login(officers["bd_officer"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
