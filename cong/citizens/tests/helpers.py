import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import old_stamp

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def question_data(topic=None, **overrides):
    data = {
        "name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "phone": "0912 345 678",
        "title": "Chế độ thai sản khi nghỉ việc",
        "body": "Tôi nghỉ việc tháng 3, sinh con tháng 5 thì có được hưởng chế độ thai sản không?",
        "consent": "on",
        "privacy": "on",
        "website": "",
        "stamp": old_stamp(),
    }
    if topic is not None:
        data["topic"] = topic.pk
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def comment_data(**overrides):
    data = {
        "name": "Trần Thị Bình",
        "organisation": "",
        "email": "binh@example.vn",
        "phone": "",
        "body": "Đề nghị làm rõ phạm vi áp dụng đối với hộ kinh doanh.",
        "privacy": "on",
        "website": "",
        "stamp": old_stamp(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
