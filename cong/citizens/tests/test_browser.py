"""A citizen, in a real browser: asks a question and comments on a draft. Both pages must have
zero axe-core WCAG 2.1 A/AA violations, before and after submitting (error states included)."""

import pytest
from django.core import mail

from cong.citizens.models import Comment, Question
from cong.core.tests.browser import assert_accessible

from .factories import ConsultationPageFactory, DraftArticleFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_asks_a_question(live_server, wagtail_base, browser_page, qa, topics):
    page = browser_page
    page.goto(live_server.url + qa["badinh"].url + "gui-cau-hoi/")
    assert_accessible(page)
    # Sending the empty form shows the errors, still accessible.
    page.get_by_role("button", name="Gửi câu hỏi").or_(
        page.get_by_role("button", name="Send the question")
    ).click()
    page.wait_for_selector(".cong-form-errors")
    assert_accessible(page)
    assert not Question.objects.exists()

    page.fill("#id_name", "Nguyễn Văn An")
    page.fill("#id_email", "an@example.vn")
    page.select_option("#id_topic", str(topics["bhxh"].pk))
    page.fill("#id_title", "Chế độ thai sản khi nghỉ việc")
    page.fill("#id_body", "Tôi nghỉ việc tháng 3, sinh con tháng 5 thì có được hưởng thai sản?")
    page.check("#id_consent")
    page.check("#id_privacy")
    page.locator("form.cong-form button[type=submit]").click()
    page.wait_for_selector(".cong-code")
    question = Question.objects.get()
    assert page.locator(".cong-code").first.inner_text().strip() == question.code
    assert "Nguyễn Văn An" not in page.content()
    assert_accessible(page)
    assert mail.outbox and question.code in mail.outbox[0].body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_comments_on_a_draft_article(
    live_server, wagtail_base, browser_page, consultation_index
):
    draft = ConsultationPageFactory(parent=consultation_index, title="Dự thảo Luật Thủ đô")
    DraftArticleFactory(page=draft, label="Điều 1", heading="Phạm vi điều chỉnh", sort_order=0)
    article = DraftArticleFactory(
        page=draft, label="Điều 2", heading="Giải thích từ ngữ", sort_order=1
    )
    page = browser_page
    page.goto(live_server.url + draft.url)
    assert_accessible(page)
    page.select_option("#id_article", str(article.pk))
    page.fill("#id_name", "Trần Thị Bình")
    page.fill("#id_organisation", "Hội Luật gia phường")
    page.fill("#id_email", "binh@example.vn")
    page.fill("#id_body", "Đề nghị giải thích rõ khái niệm 'không gian ngầm'.")
    page.check("#id_privacy")
    page.locator("#gop-y form button[type=submit]").click()
    page.wait_for_selector(".cong-notice")
    comment = Comment.objects.get()
    assert comment.article_id == article.pk and comment.organisation == "Hội Luật gia phường"
    assert_accessible(page)
