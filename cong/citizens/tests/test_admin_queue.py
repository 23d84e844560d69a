"""The handling unit's side: its own queue only, assign, answer, approve, publish, notify."""

import pytest
from django.core import mail

from cong.citizens.models import Question, QuestionStatus

from .factories import QuestionFactory
from .helpers import PDF_BYTES, question_data, upload

QUEUE = "/admin/citizens/questions/"


def handle_url(question):
    return f"{QUEUE}edit/{question.pk}/"


@pytest.fixture
def questions(small_network):
    portals = small_network["portals"]
    return {
        "badinh": QuestionFactory(portal=portals["badinh"], title="Câu hỏi của Ba Đình"),
        "hoankiem": QuestionFactory(portal=portals["hoankiem"], title="Câu hỏi của Hoàn Kiếm"),
        "hanoi": QuestionFactory(portal=portals["hanoi"], title="Câu hỏi của Hà Nội"),
    }


@pytest.mark.django_db
def test_unit_sees_only_its_own_queue(client, unit_users, questions):
    client.force_login(unit_users["badinh_editor"])
    html = client.get(QUEUE).content.decode()
    assert "Câu hỏi của Ba Đình" in html
    assert "Câu hỏi của Hoàn Kiếm" not in html
    # The province's approver does not see its communes' queues either.
    client.force_login(unit_users["hanoi_approver"])
    html = client.get(QUEUE).content.decode()
    assert "Câu hỏi của Hà Nội" in html and "Câu hỏi của Ba Đình" not in html


@pytest.mark.django_db
def test_foreign_or_forged_question_id_is_not_found(client, unit_users, questions):
    client.force_login(unit_users["badinh_editor"])
    assert client.get(handle_url(questions["badinh"])).status_code == 200
    assert client.get(handle_url(questions["hoankiem"])).status_code == 404
    assert client.get(f"{QUEUE}edit/987654/").status_code == 404
    response = client.post(handle_url(questions["hoankiem"]), {"action": "close"})
    assert response.status_code == 404
    questions["hoankiem"].refresh_from_db()
    assert questions["hoankiem"].status == QuestionStatus.RECEIVED


@pytest.mark.django_db
def test_anonymous_and_outsiders_have_no_queue(client, unit_users, questions, django_user_model):
    assert client.get(QUEUE).status_code == 302  # to the login page
    outsider = django_user_model.objects.create_user("outsider", password="pw-1234-long")
    client.force_login(outsider)
    assert client.get(handle_url(questions["badinh"])).status_code in (302, 403, 404)


@pytest.mark.django_db
def test_full_flow_assign_answer_approve_publish_notify(client, unit_users, questions, qa):
    question = questions["badinh"]
    question.body = (
        "Tôi là Nguyễn Văn An, số điện thoại 0912 345 678, email an@example.vn. Hỏi về thai sản."
    )
    question.save()
    editor, approver = unit_users["badinh_editor"], unit_users["badinh_approver"]
    client.force_login(editor)
    # Only people of this unit can be assigned.
    client.post(
        handle_url(question), {"action": "assign", "assignee": unit_users["hoankiem_editor"].pk}
    )
    question.refresh_from_db()
    assert question.assignee is None
    client.post(handle_url(question), {"action": "assign", "assignee": editor.pk})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED and question.assignee == editor
    # The form proposes a redacted text for publication.
    html = client.get(handle_url(question)).content.decode()
    assert "[đã ẩn số]" in html and "0912 345 678" not in html.split("id_public_body")[1]
    from cong.citizens.privacy import redact

    public_body = redact(question.body, [question.asker_name])
    client.post(
        handle_url(question),
        {
            "action": "submit",
            "answer": "Chị được hưởng nếu đã đóng đủ 6 tháng trong 12 tháng trước khi sinh.",
            "public_title": "Chế độ thai sản khi nghỉ việc",
            "public_body": public_body,
        },
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING_APPROVAL
    # An editor cannot approve (Wagtail turns the refusal into a redirect with a message).
    assert client.post(handle_url(question), {"action": "approve"}).status_code in (302, 403)
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING_APPROVAL
    mail.outbox.clear()
    client.force_login(approver)
    client.post(handle_url(question), {"action": "approve"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED and question.approved_by == approver
    assert len(mail.outbox) == 1 and "6 tháng" in mail.outbox[0].body
    # Published on the portal with the personal data hidden.
    client.logout()
    public = client.get(question.public_url()).content.decode()
    assert "Chế độ thai sản khi nghỉ việc" in public and "6 tháng" in public
    for private in ("Nguyễn Văn An", "0912", "345 678", "an@example.vn"):
        assert private not in public


@pytest.mark.django_db
def test_without_consent_answer_goes_to_asker_only(client, unit_users, questions, qa):
    question = questions["badinh"]
    Question.objects.filter(pk=question.pk).update(
        consent_to_publish=False,
        status=QuestionStatus.PENDING_APPROVAL,
        answer="Trả lời riêng.",
        public_title="Tiêu đề",
        public_body="Nội dung",
    )
    client.force_login(unit_users["badinh_approver"])
    client.post(handle_url(question), {"action": "approve"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.public_url() is None
    assert question.notified_at is not None
    follow = client.get(question.follow_url()).content.decode()
    assert "Trả lời riêng." in follow
    assert client.get(qa["badinh"].url).content.decode().count("Tiêu đề") == 0


@pytest.mark.django_db
def test_attachment_served_only_to_the_handling_unit(client, unit_users, qa, topics):
    client.post(
        qa["badinh"].url + "gui-cau-hoi/",
        question_data(topics["bhxh"], attachment=upload("don.pdf", PDF_BYTES)),
    )
    question = Question.objects.get()
    url = f"{QUEUE}attachment/{question.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to login
    client.force_login(unit_users["hoankiem_editor"])
    assert client.get(url).status_code == 404
    client.force_login(unit_users["badinh_editor"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
