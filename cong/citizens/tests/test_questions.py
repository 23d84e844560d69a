"""Policy Q&A, citizen side: submit, route, follow by code, attachments, suggestions."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from cong.citizens.attachments import human_size
from cong.citizens.models import Question, QuestionStatus

from .factories import QuestionFactory
from .helpers import PDF_BYTES, PNG_BYTES, docx_bytes, question_data, upload


def ask_url(index):
    return index.url + "gui-cau-hoi/"


@pytest.mark.django_db
def test_ask_form_renders_with_csrf_and_honeypot(client, qa, topics):
    response = client.get(ask_url(qa["badinh"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'name="website"' in html and 'name="stamp"' in html
    assert "Bảo hiểm xã hội" in html


@pytest.mark.django_db
def test_submit_question_end_to_end(client, qa, topics):
    response = client.post(ask_url(qa["badinh"]), question_data(topics["bhxh"]))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.portal == qa["badinh"].get_parent().specific
    assert question.status == QuestionStatus.RECEIVED
    assert question.asker_phone == "0912345678"
    assert len(question.code) == 12 and question.code.isalnum()
    assert response["Location"].endswith(f"tra-cuu/?ma={question.code}&moi=1")
    # The asker gets an acknowledgment with the code.
    assert len(mail.outbox) == 1
    assert question.code in mail.outbox[0].body and mail.outbox[0].to == ["an@example.vn"]
    # Following by code shows the status but none of the personal data.
    page = client.get(response["Location"]).content.decode()
    assert question.code in page and "Đã tiếp nhận" in page
    for private in ("Nguyễn Văn An", "an@example.vn", "0912", question.body[:20]):
        assert private not in page


@pytest.mark.django_db
def test_question_routed_to_chosen_subordinate_unit(client, qa, small_network, topics):
    badinh = small_network["portals"]["badinh"]
    client.post(ask_url(qa["hanoi"]), question_data(topics["bhxh"], unit=badinh.pk))
    assert Question.objects.get().portal_id == badinh.pk


@pytest.mark.django_db
def test_forged_unit_id_is_rejected(client, qa, small_network, topics):
    # Huế is not under Hà Nội: a forged id must not land in its queue.
    hue = small_network["portals"]["hue"]
    response = client.post(ask_url(qa["hanoi"]), question_data(topics["bhxh"], unit=hue.pk))
    assert response.status_code == 200
    assert not Question.objects.exists()
    response = client.post(ask_url(qa["hanoi"]), question_data(topics["bhxh"], unit=999999))
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_contact_is_required(client, qa, topics):
    response = client.post(ask_url(qa["badinh"]), question_data(topics["bhxh"], email="", phone=""))
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_follow_unknown_code_is_404_without_details(client, qa):
    QuestionFactory(portal=qa["badinh"].get_parent().specific)
    response = client.get(qa["badinh"].url + "tra-cuu/?ma=AAAAAAAAAAAA")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,content",
    [("to-trinh.pdf", PDF_BYTES), ("anh.png", PNG_BYTES), ("don.docx", docx_bytes())],
)
def test_accepted_attachment_is_stored_privately(client, qa, topics, name, content):
    data = question_data(topics["bhxh"], attachment=upload(name, content))
    assert client.post(ask_url(qa["badinh"]), data).status_code == 302
    question = Question.objects.get()
    stored = Path(question.attachment.path)
    assert stored.is_file() and stored.read_bytes() == content
    private_root = Path(settings.CONG_PRIVATE_MEDIA_ROOT).resolve()
    assert private_root in stored.resolve().parents
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.resolve().parents
    assert name not in stored.name  # the citizen's file name never reaches the disk
    assert question.attachment_name == name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,content",
    [
        ("to-trinh.pdf", b"<html><script>alert(1)</script></html>"),  # HTML dressed as PDF
        ("anh.jpg", PDF_BYTES),  # real PDF, wrong name
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # Windows executable
        ("don.docx", b"PK\x03\x04" + b"\x00" * 64),  # broken zip
        ("script.svg", b"<svg onload=alert(1)>"),
    ],
)
def test_disguised_attachment_is_refused(client, qa, topics, name, content):
    data = question_data(topics["bhxh"], attachment=upload(name, content))
    response = client.post(ask_url(qa["badinh"]), data)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "PDF, JPEG, PNG" in response.content.decode()


@pytest.mark.django_db
def test_oversized_attachment_is_refused(client, qa, topics, settings):
    settings.CONG_CITIZEN_ATTACHMENT_MAX_BYTES = 1024
    data = question_data(topics["bhxh"], attachment=upload("big.pdf", PDF_BYTES + b"0" * 2048))
    response = client.post(ask_url(qa["badinh"]), data)
    assert response.status_code == 200
    assert not Question.objects.exists()
    size = human_size(len(PDF_BYTES) + 2048)
    assert f"Tệp quá lớn ({size}); giới hạn là 1 KB." in response.content.decode()


@pytest.mark.django_db
def test_similar_suggestions_only_from_published(client, qa, small_network):
    portal = small_network["portals"]["badinh"]
    published = QuestionFactory(
        portal=portal,
        status=QuestionStatus.PUBLISHED,
        public_title="Hưởng chế độ thai sản khi đã nghỉ việc",
        public_body="Nghỉ việc trước khi sinh con có được hưởng thai sản?",
        answer="Có, nếu đã đóng đủ 6 tháng.",
    )
    QuestionFactory(portal=portal, title="Thai sản nghỉ việc sinh con (chưa trả lời)")
    response = client.get(
        "/cong-dan/hoi-dap/tuong-tu/", {"q": "che do thai san nghi viec", "portal": portal.pk}
    )
    results = response.json()["results"]
    assert [r["title"] for r in results] == [published.public_title]
    assert results[0]["url"].endswith(f"/hoi-dap/{published.pk}/")


@pytest.mark.django_db
def test_published_list_and_detail(client, qa, small_network):
    portal = small_network["portals"]["badinh"]
    published = QuestionFactory(
        portal=portal,
        status=QuestionStatus.PUBLISHED,
        public_title="Đăng ký thường trú",
        public_body="Thủ tục đăng ký thường trú?",
        answer="Nộp hồ sơ tại Công an phường.",
    )
    unpublished = QuestionFactory(portal=portal, status=QuestionStatus.ANSWERED)
    listing = client.get(qa["badinh"].url).content.decode()
    assert "Đăng ký thường trú" in listing and unpublished.title not in listing
    # Province lists its communes' answers too.
    assert "Đăng ký thường trú" in client.get(qa["hanoi"].url).content.decode()
    assert client.get(f"{qa['badinh'].url}{published.pk}/").status_code == 200
    # A forged or unpublished id is not found.
    assert client.get(f"{qa['badinh'].url}{unpublished.pk}/").status_code == 404
    assert client.get(f"{qa['hoankiem'].url}{published.pk}/").status_code == 404
