"""Attached files: type by content (not by name), a size limit, and text for search.

PDF text comes from pypdf, DOCX from python-docx; the old binary .doc is best-effort (olefile
reads the WordDocument stream and we keep the runs of readable text), so search over .doc
attachments may miss words.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cong.core.text import clean_text

logger = logging.getLogger(__name__)

PDF, DOC, DOCX = "pdf", "doc", "docx"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 500_000


def max_upload_bytes() -> int:
    return getattr(settings, "CONG_LEGAL_MAX_FILE_BYTES", DEFAULT_MAX_BYTES)


def sniff_kind(head: bytes, whole=None) -> str | None:
    """'pdf', 'doc' or 'docx' from the first bytes (and, for zips, the archive's members)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_OLE_MAGIC):
        return DOC
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            with zipfile.ZipFile(whole) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
    return None


def validate_document_file(upload) -> None:
    """Reject what is not a PDF, DOC or DOCX by content, or is too big, with a clear reason."""
    size = getattr(upload, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = _kind_of(upload)
    if kind is None:
        raise ValidationError(
            _(
                "This file is not a PDF, DOC or DOCX document (its content says otherwise, "
                "whatever its name)."
            ),
            code="bad_type",
        )


def _kind_of(upload) -> str | None:
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        data = io.BytesIO(upload.read()) if head.startswith(b"PK") else None
        return sniff_kind(head, data)
    finally:
        upload.seek(position)


def kind_of_file(upload) -> str | None:
    return _kind_of(upload)


def extract_text(data: bytes, kind: str) -> str:
    """Plain text of a document (NFC, spaces collapsed); '' when nothing could be read."""
    try:
        if kind == PDF:
            text = _pdf_text(data)
        elif kind == DOCX:
            text = _docx_text(data)
        elif kind == DOC:
            text = _doc_text(data)
        else:
            return ""
    except Exception:  # a broken file must not stop the upload; it just has no search text
        logger.warning("Could not extract text from a %s file", kind, exc_info=True)
        return ""
    return clean_text(text)[:MAX_TEXT_CHARS]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


_READABLE_RUN = re.compile(r"[^\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]{4,}")


def _doc_text(data: bytes) -> str:
    """Best effort for Word 97–2003: the text of the WordDocument stream as UTF-16 runs."""
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if not ole.exists("WordDocument"):
            return ""
        stream = ole.openstream("WordDocument").read()
    decoded = stream.decode("utf-16-le", errors="replace")
    runs = [run.strip() for run in _READABLE_RUN.findall(decoded)]
    return "\n".join(run for run in runs if sum(c.isalpha() for c in run) >= 3)
