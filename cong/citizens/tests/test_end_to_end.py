"""Each flow from the citizen's first request to its public outcome, with the real views,
admin screens and e-mail backend (immediate task backend; test_worker.py runs the worker)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cong.citizens.models import Comment, CommentStatus, Question, QuestionStatus
from cong.citizens.privacy import redact

from .factories import ConsultationPageFactory, DraftArticleFactory
from .helpers import comment_data, question_data

QUEUE = "/admin/citizens/questions/"
COMMENTS = "/admin/citizens/comments/"


@pytest.mark.django_db
def test_question_from_form_to_published_answer(client, qa, topics, small_network, unit_users):
    """submit → the unit's queue → assign → answer → approve → published, personal data hidden
    → asker notified → anyone follows it by code → suggested to the next citizen."""
    badinh = small_network["portals"]["badinh"]
    body = (
        "Tôi là Nguyễn Văn An, điện thoại 0912 345 678. Tôi nghỉ việc tháng 3, sinh con "
        "tháng 5 thì có được hưởng chế độ thai sản không?"
    )
    # 1. A citizen asks on the province's portal and chooses the ward as the agency.
    response = client.post(
        qa["hanoi"].url + "gui-cau-hoi/",
        question_data(topics["bhxh"], unit=badinh.pk, body=body),
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.portal_id == badinh.pk and question.status == QuestionStatus.RECEIVED
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
    assert question.code in mail.outbox[0].body

    # 2. Only the ward's people see it in their queue.
    client.force_login(unit_users["hoankiem_editor"])
    assert "Chế độ thai sản khi nghỉ việc" not in client.get(QUEUE).content.decode()
    client.force_login(unit_users["hanoi_approver"])
    assert "Chế độ thai sản khi nghỉ việc" not in client.get(QUEUE).content.decode()
    editor = unit_users["badinh_editor"]
    client.force_login(editor)
    assert "Chế độ thai sản khi nghỉ việc" in client.get(QUEUE).content.decode()
    handle = f"{QUEUE}edit/{question.pk}/"
    screen = client.get(handle).content.decode()
    assert "an@example.vn" in screen  # the handling unit sees the contact details

    # 3. Assign, answer with the redacted text proposed for publication.
    client.post(handle, {"action": "assign", "assignee": editor.pk})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED
    client.post(
        handle,
        {
            "action": "submit",
            "answer": "Chị được hưởng nếu đã đóng bảo hiểm xã hội đủ 6 tháng trong 12 tháng "
            "trước khi sinh con.",
            "public_title": "Chế độ thai sản khi đã nghỉ việc",
            "public_body": redact(question.body, [question.asker_name]),
        },
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING_APPROVAL
    assert question.answered_by == editor
    assert not client.get(qa["badinh"].url).content.decode().count("đã nghỉ việc")

    # 4. The ward's approver approves: published, and the asker is told.
    client.force_login(unit_users["badinh_approver"])
    client.post(handle, {"action": "approve"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED and question.notified_at is not None
    assert len(mail.outbox) == 2
    answered = mail.outbox[1]
    assert answered.to == ["an@example.vn"] and question.code in answered.subject
    assert "đủ 6 tháng" in answered.body and question.public_url() in answered.body

    # 5. Public: the ward's and the province's lists, the answer page, the follow page.
    client.logout()
    for listing in (qa["badinh"].url, qa["hanoi"].url):
        assert "Chế độ thai sản khi đã nghỉ việc" in client.get(listing).content.decode()
    public = client.get(question.public_url()).content.decode()
    follow = client.get(qa["badinh"].url + f"tra-cuu/?ma={question.code.lower()}")
    assert follow.status_code == 200
    follow = follow.content.decode()
    for html in (public, follow):
        assert "đủ 6 tháng" in html
        for private in ("Nguyễn Văn An", "an@example.vn", "0912", "345 678"):
            assert private not in html
    assert "Đã trả lời và công khai" in follow

    # 6. The next citizen typing a similar question is shown this answer.
    results = client.get(
        "/cong-dan/hoi-dap/tuong-tu/", {"q": "thai san nghi viec", "portal": badinh.pk}
    ).json()["results"]
    assert [r["url"] for r in results] == [question.public_url()]


@pytest.mark.django_db
def test_consultation_from_comments_to_summary_and_response(client, consultation_index, unit_users):
    """comment on the whole draft and on an article → moderation (approve / reject) → the
    period closes → counts per article, CSV and PDF, the unit's response."""
    draft = ConsultationPageFactory(
        parent=consultation_index,
        title="Dự thảo Nghị định về quản lý cây xanh đô thị",
        response="<p>Ban soạn thảo tiếp thu ý kiến về Điều 2.</p>",
    )
    DraftArticleFactory(page=draft, label="Điều 1", heading="Phạm vi điều chỉnh", sort_order=0)
    article = DraftArticleFactory(
        page=draft, label="Điều 2", heading="Chặt hạ cây xanh", sort_order=1
    )
    page = client.get(draft.url).content.decode()
    assert 'name="body"' in page and "Ban soạn thảo tiếp thu" not in page  # response waits

    sent = [
        comment_data(body="Nên quy định rõ thẩm quyền cấp phép chặt hạ."),
        comment_data(
            article=article.pk,
            organisation="Hội Kiến trúc sư",
            email="hkts@example.vn",
            body="Điều 2 cần bổ sung trường hợp cây nguy hiểm.",
        ),
        comment_data(
            article=article.pk,
            email="spam@example.vn",
            body="Ý kiến không liên quan đến dự thảo này.",
        ),
    ]
    for data in sent:
        response = client.post(draft.url, data)
        assert response.status_code == 302 and response["Location"].endswith("?da-gui=1#gop-y")
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 3

    client.force_login(unit_users["hanoi_approver"])
    queue = client.get(COMMENTS).content.decode()
    assert "cây nguy hiểm" in queue
    for comment in Comment.objects.all():
        decision = "reject" if "không liên quan" in comment.body else "approve"
        client.post(f"{COMMENTS}edit/{comment.pk}/", {"action": decision})
    statuses = dict(Comment.objects.values_list("email", "status"))
    assert statuses["spam@example.vn"] == CommentStatus.REJECTED
    assert statuses["hkts@example.vn"] == CommentStatus.APPROVED

    client.logout()
    page = client.get(draft.url).content.decode()
    assert "cây nguy hiểm" in page and "Hội Kiến trúc sư" in page
    assert "không liên quan" not in page and "Trần Thị Bình" not in page
    assert client.get(draft.url + "tong-hop-csv/").status_code == 404

    draft.opens_at = timezone.now() - timedelta(days=31)
    draft.closes_at = timezone.now() - timedelta(minutes=1)
    draft.save_revision().publish()
    draft.refresh_from_db()
    page = client.get(draft.url).content.decode()
    assert "Ban soạn thảo tiếp thu" in page and 'name="body"' not in page
    assert client.post(draft.url, comment_data(body="Muộn quá.")).status_code == 403
    csv_text = client.get(draft.url + "tong-hop-csv/").content.decode("utf-8-sig")
    assert "Toàn bộ dự thảo" in csv_text or "The whole draft" in csv_text
    assert "Điều 2,Chặt hạ cây xanh,1" in csv_text.replace("\r\n", "\n")
    assert "spam@example.vn" not in csv_text and "binh@example.vn" not in csv_text
    pdf = client.get(draft.url + "tong-hop-pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
