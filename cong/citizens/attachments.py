"""Citizens' attachments: accepted by content (magic bytes), never by name alone, and stored
where no public URL reaches them. Only the handling unit downloads them, through the admin."""

import secrets
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from . import conf

# kind → (content type, extensions a file of that kind may carry)
ALLOWED = {
    "pdf": ("application/pdf", {".pdf"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
    ),
}
# A .docx is a zip: refuse archives that would expand to something absurd (zip bombs).
DOCX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
DOCX_MAX_MEMBERS = 2000


@deconstructible
class PrivateStorage(FileSystemStorage):
    """File storage outside MEDIA_ROOT, with no URL; the root is read from settings each time
    so tests and deployments can move it."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(conf.private_media_root())

    @property
    def location(self):
        return str(conf.private_media_root().resolve())

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def private_storage():
    return PrivateStorage()


def detect_kind(uploaded) -> str | None:
    """What the file really is, from its first bytes (and, for zips, its members)."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                infos = archive.infolist()
                names = {info.filename for info in infos}
                total = sum(info.file_size for info in infos)
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded.seek(0)
        if len(infos) > DOCX_MAX_MEMBERS or total > DOCX_MAX_UNCOMPRESSED:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1048576:.1f}".rstrip("0").rstrip(".") + " MB"
    return f"{max(1, round(n / 1024))} KB"


def validate_attachment(uploaded) -> tuple[str, str]:
    """Check size, real type and extension; return (kind, content type) or raise."""
    max_bytes = conf.attachment_max_bytes()
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": human_size(uploaded.size), "limit": human_size(max_bytes)},
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = detect_kind(uploaded)
    extension = PurePath(uploaded.name or "").suffix.lower()
    if kind is None or extension not in ALLOWED[kind][1]:
        raise ValidationError(
            _(
                "Only PDF, JPEG, PNG and Word (.docx) files are accepted, and the file's "
                "content must match its name."
            ),
            code="bad_type",
        )
    return kind, ALLOWED[kind][0]


def stored_name(kind: str) -> str:
    """A random name: the citizen's file name never reaches the file system."""
    extension = sorted(ALLOWED[kind][1])[0]
    return f"questions/{secrets.token_hex(16)}{extension}"
