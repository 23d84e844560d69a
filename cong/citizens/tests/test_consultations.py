"""Consultations on drafts: comment (whole draft or one article), moderation, summary."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from cong.citizens.models import Comment, CommentStatus
from cong.citizens.summary import summary_rows

from .factories import ConsultationPageFactory, DraftArticleFactory
from .helpers import comment_data


@pytest.fixture
def draft(consultation_index):
    page = ConsultationPageFactory(parent=consultation_index, title="Dự thảo Nghị định về đô thị")
    DraftArticleFactory(page=page, label="Điều 1", heading="Phạm vi điều chỉnh", sort_order=0)
    DraftArticleFactory(page=page, label="Điều 2", heading="Đối tượng áp dụng", sort_order=1)
    return page


def close(page):
    page.opens_at = timezone.now() - timedelta(days=40)
    page.closes_at = timezone.now() - timedelta(days=1)
    page.save()


@pytest.mark.django_db
def test_comment_on_whole_draft_and_on_an_article(client, draft):
    article = draft.articles.get(label="Điều 2")
    assert client.post(draft.url, comment_data()).status_code == 302
    response = client.post(
        draft.url, comment_data(article=article.pk, body="Điều 2 cần bổ sung hợp tác xã.")
    )
    assert response.status_code == 302
    comments = Comment.objects.order_by("created_at")
    assert [c.article_id for c in comments] == [None, article.pk]
    assert all(c.status == CommentStatus.PENDING for c in comments)
    assert comments[1].article_label == "Điều 2. Đối tượng áp dụng"
    assert comments[0].portal_id == draft.owning_portal.pk
    # Pending comments are not public yet.
    assert "hợp tác xã" not in client.get(draft.url).content.decode()


@pytest.mark.django_db
def test_forged_article_id_is_rejected(client, draft, consultation_index):
    other = ConsultationPageFactory(parent=consultation_index)
    foreign = DraftArticleFactory(page=other)
    response = client.post(draft.url, comment_data(article=foreign.pk))
    assert response.status_code == 200
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_no_comments_outside_the_period(client, draft):
    close(draft)
    response = client.post(draft.url, comment_data())
    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert 'name="body"' not in client.get(draft.url).content.decode()


@pytest.mark.django_db
def test_moderation_is_limited_to_the_unit(client, draft, unit_users):
    client.post(draft.url, comment_data(body="Ý kiến cần kiểm duyệt về đô thị."))
    comment = Comment.objects.get()
    url = f"/admin/citizens/comments/edit/{comment.pk}/"
    client.force_login(unit_users["badinh_editor"])  # the draft belongs to Hà Nội
    assert "Ý kiến cần kiểm duyệt" not in client.get("/admin/citizens/comments/").content.decode()
    assert client.post(url, {"action": "approve"}).status_code == 404
    client.force_login(unit_users["hanoi_approver"])
    page = client.get(url).content.decode()
    assert "binh@example.vn" in page  # the handling unit sees the contact details
    client.post(url, {"action": "approve"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    client.logout()
    public = client.get(draft.url).content.decode()
    assert "Ý kiến cần kiểm duyệt" in public
    assert "Trần Thị Bình" not in public and "binh@example.vn" not in public


@pytest.mark.django_db
def test_summary_csv_and_pdf_after_close(client, draft):
    first, second = draft.articles.order_by("sort_order")
    for n, (article, status) in enumerate(
        [
            (None, CommentStatus.APPROVED),
            (second, CommentStatus.APPROVED),
            (second, CommentStatus.APPROVED),
            (first, CommentStatus.REJECTED),
            (first, CommentStatus.PENDING),
        ]
    ):
        Comment.objects.create(
            consultation=draft,
            portal=draft.owning_portal,
            article=article,
            article_label=str(article) if article else "",
            author_name="Lê Văn Cường",
            email="cuong@example.vn",
            organisation="Hiệp hội Bất động sản" if n == 1 else "",
            body='=HYPERLINK("http://evil")' if n == 2 else f"Góp ý số {n} về quy hoạch",
            status=status,
        )
    assert client.get(draft.url + "tong-hop-csv/").status_code == 404  # still open
    assert client.get(draft.url + "tong-hop-pdf/").status_code == 404
    close(draft)
    draft.response = "<p>Ban soạn thảo tiếp thu ý kiến về Điều 2.</p>"
    draft.save()
    assert [count for _label, _heading, count in summary_rows(draft)] == [1, 0, 2]
    page = client.get(draft.url).content.decode()
    assert "Ban soạn thảo tiếp thu" in page and "tong-hop-csv/" in page

    response = client.get(draft.url + "tong-hop-csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert ["Điều 2", "Đối tượng áp dụng", "2"] in rows
    assert "cuong@example.vn" not in text and "Lê Văn Cường" not in text
    assert "Hiệp hội Bất động sản" in text
    assert "'=HYPERLINK" in text  # formula neutralised

    pdf = client.get(draft.url + "tong-hop-pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_pdf_falls_back_without_a_unicode_font(draft, settings):
    from cong.citizens.summary import summary_pdf

    settings.CONG_PDF_FONT = "/nonexistent/font.ttf"
    close(draft)
    assert summary_pdf(draft).startswith(b"%PDF")


@pytest.mark.django_db
def test_consultation_index_lists_open_and_closed(client, consultation_index, draft):
    old = ConsultationPageFactory(parent=consultation_index, title="Dự thảo đã đóng")
    close(old)
    html = client.get(consultation_index.url).content.decode()
    assert html.index("Dự thảo Nghị định về đô thị") < html.index("Dự thảo đã đóng")
