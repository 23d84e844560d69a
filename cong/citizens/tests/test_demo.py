"""The demo content seed_demo adds for the citizens' flows: present, usable, idempotent."""

from io import StringIO

import pytest

from cong.citizens.demo import seed_citizens_demo
from cong.citizens.models import (
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    Question,
    QuestionIndexPage,
    QuestionStatus,
)


@pytest.mark.django_db
def test_demo_content_is_created_once_and_works(client, small_network, django_user_model):
    nation, hanoi = small_network["portals"]["nation"], small_network["portals"]["hanoi"]
    out = StringIO()
    created = seed_citizens_demo(out)
    assert created == {"sections": 3, "questions": 5, "drafts": 2, "comments": 3}
    assert "/hoi-dap/" in out.getvalue() and "/lay-y-kien/" in out.getvalue()
    assert seed_citizens_demo(StringIO()) == dict.fromkeys(created, 0)
    assert QuestionIndexPage.objects.live().count() == 2
    assert ConsultationIndexPage.objects.live().count() == 1
    assert Question.objects.count() == 5 and Comment.objects.count() == 3

    # Q&A: the national list aggregates the province's answers; each answer opens.
    national_qa = QuestionIndexPage.objects.child_of(nation).get()
    hanoi_qa = QuestionIndexPage.objects.child_of(hanoi).get()
    listing = client.get(national_qa.url).content.decode()
    assert "Hưởng chế độ thai sản" in listing and "Đăng ký khai sinh trực tuyến" in listing
    for question in Question.objects.published():
        response = client.get(question.public_url())
        assert response.status_code == 200 and "dữ liệu mẫu" not in response.content.decode()
    assert client.get(hanoi_qa.url + "gui-cau-hoi/").status_code == 200
    waiting = Question.objects.get(status=QuestionStatus.RECEIVED)
    assert waiting.portal_id == hanoi.pk
    assert client.get(waiting.follow_url()).status_code == 200

    # Consultations: one open with the form, one closed with its summary and response.
    index = ConsultationIndexPage.objects.get()
    open_draft, closed = ConsultationPage.objects.order_by("-closes_at")
    assert open_draft.is_open and closed.is_closed
    assert open_draft.articles.count() == 4
    assert 'name="body"' in client.get(open_draft.url).content.decode()
    closed_html = client.get(closed.url).content.decode()
    assert "Ban soạn thảo tiếp thu" in closed_html and "Hiệp hội Phần mềm" in closed_html
    assert client.get(closed.url + "tong-hop-csv/").status_code == 200
    assert open_draft.title in client.get(index.url).content.decode()

    # The admin (a superuser) finds the waiting question in the queue.
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-1234-long")
    client.force_login(admin)
    assert waiting.title in client.get("/admin/citizens/questions/").content.decode()


@pytest.mark.django_db
def test_demo_without_a_network_does_nothing(db):
    out = StringIO()
    assert seed_citizens_demo(out) == {"sections": 0, "questions": 0, "drafts": 0, "comments": 0}
    assert "No national portal" in out.getvalue()
