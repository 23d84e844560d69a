"""Following a dossier by code + contact, notifications, and the one rating after the result."""

import logging

import pytest
from django.core import mail

from cong.services import workflow
from cong.services.codes import new_dossier_code

pytestmark = pytest.mark.django_db


def track_url(section):
    return section.url + "tra-cuu/"


def test_code_and_phone_or_email_show_status_and_history(client, sections, make_dossier, officers):
    dossier = make_dossier()
    workflow.perform(officers["bd_leader"], dossier.pk, "assign")
    for contact in ("0912 345 678", "+84912345678", "AN@example.vn"):
        response = client.post(
            track_url(sections["nation"]), {"code": dossier.code.lower(), "contact": contact}
        )
        body = response.content.decode()
        assert response.status_code == 200, contact
        assert dossier.code in body and "cong-status" in body
        assert body.count("<tr>") >= 3  # header + two events


def test_wrong_code_or_contact_get_the_same_answer(client, sections, make_dossier):
    dossier = make_dossier()
    answers = []
    for code, contact in [
        (dossier.code, "0999999999"),  # right code, wrong phone
        (new_dossier_code(), "0912345678"),  # guessed code, right phone
        (neighbour_of(dossier.code), "an@example.vn"),  # a neighbouring code
        ("HS-1", ""),
    ]:
        response = client.post(track_url(sections["badinh"]), {"code": code, "contact": contact})
        assert response.status_code == 404
        body = response.content.decode()
        assert "cong-not-found" in body
        assert "cong-status" not in body and "Nguyễn Văn An" not in body
        answers.append(body.split('class="cong-not-found"', 1)[1])
    assert len(set(answers)) == 1  # the same answer whichever part was wrong


def test_tracking_is_rate_limited(client, sections, settings):
    settings.CONG_SERVICES_RATE_LIMITS = {"track": (3, 600)}
    for _ in range(3):
        client.post(track_url(sections["badinh"]), {"code": new_dossier_code(), "contact": "1"})
    response = client.post(track_url(sections["badinh"]), {"code": "x", "contact": "1"})
    assert response.status_code == 429


def test_citizen_is_notified_by_email_and_sms(
    make_dossier, officers, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.INFO, logger="cong.services.sms"):
        with django_capture_on_commit_callbacks(execute=True):
            dossier = make_dossier()
        with django_capture_on_commit_callbacks(execute=True):
            workflow.perform(officers["bd_leader"], dossier.pk, "assign")
    assert len(mail.outbox) == 2
    assert dossier.code in mail.outbox[0].subject and mail.outbox[0].to == ["an@example.vn"]
    assert "Đã phân công" in mail.outbox[1].subject or "Assigned" in mail.outbox[1].subject
    sms = [r for r in caplog.records if r.name == "cong.services.sms"]
    assert len(sms) == 2 and "0912345678" in sms[0].getMessage()


def test_sms_backend_is_pluggable(make_dossier, settings, django_capture_on_commit_callbacks):
    sent = []

    class Gateway:
        def send(self, phone, text):
            sent.append((phone, text))
            return True

    import sys
    import types

    module = types.ModuleType("fake_gateway")
    module.Gateway = Gateway
    sys.modules["fake_gateway"] = module
    settings.CONG_SMS_BACKEND = "fake_gateway.Gateway"
    with django_capture_on_commit_callbacks(execute=True):
        dossier = make_dossier(email="")
    assert sent and sent[0][0] == "0912345678" and dossier.code in sent[0][1]
    assert not mail.outbox


def test_rating_once_after_the_result(client, sections, make_dossier, officers):
    dossier = make_dossier()
    rate_url = sections["badinh"].url + "danh-gia/"
    data = {"code": dossier.code, "contact": "0912345678", "score": "4", "comment": "Nhanh"}
    assert client.post(rate_url, data).status_code == 409  # not before the result
    for action, who in (("assign", "bd_leader"), ("start", "bd_officer"), ("result", "bd_officer")):
        workflow.perform(officers[who], dossier.pk, action)
    tracked = client.post(
        track_url(sections["badinh"]), {"code": dossier.code, "contact": "0912345678"}
    )
    assert 'name="score"' in tracked.content.decode()
    assert client.post(rate_url, {**data, "contact": "0900000000"}).status_code == 404
    assert client.post(rate_url, data).status_code == 200
    assert client.post(rate_url, {**data, "score": "1"}).status_code == 409
    dossier.refresh_from_db()
    assert dossier.rating == 4 and dossier.rating_comment == "Nhanh"


def neighbour_of(code: str) -> str:
    """The same code with its last character changed (never the code itself)."""
    return code[:-1] + ("2" if code[-1] != "2" else "3")
