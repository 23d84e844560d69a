"""manage.py backup / restore: round trip on the test database (SQLite or PostgreSQL)."""

import io
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Page

from cong.network.models import Unit
from cong.news.models import ArticlePage
from cong.news.tests.factories import ArticlePageFactory

# pg_dump reads committed rows from its own session: the data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

BODY = [{"type": "paragraph", "value": "<p>Nội dung gốc – đầy đủ dấu.</p>", "id": "b1"}]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONG_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "private" / "citizens").mkdir(parents=True)
    (tmp_path / "private" / "citizens" / "don-thu.pdf").write_bytes(b"%PDF-1.4 private\n")
    return tmp_path


@pytest.fixture
def collection_root(wagtail_base):
    """Transactional tests flush the root collection that Wagtail's migration made."""
    from wagtail.models import Collection

    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.fixture
def content(collection_root, small_network, media):
    article = ArticlePageFactory(
        parent=small_network["sections"]["hue"]["news"],
        portal=small_network["portals"]["hue"],
        title="Huế đón khách quốc tế",
        slug="hue-don-khach",
        body=BODY,
    )
    document = get_document_model().objects.create(
        title="Kế hoạch năm 2026",
        file=ContentFile(b"ke hoach 2026 \xe2\x80\x93", name="ke-hoach.txt"),
    )
    return {"article": article, "document": document}


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("path", "slug", "title", "numchild")),
        "articles": sorted(
            (a.import_key, a.title, a.portal_id, a.body.raw_data[0]["value"])
            for a in ArticlePage.objects.all()
        ),
        "units": Unit.objects.count(),
        "documents": sorted(
            (d.title, d.file.name, d.file.open("rb").read())
            for d in get_document_model().objects.all()
        ),
    }


def backup(output: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(output), stdout=out)
    (archive,) = output.glob("cong-backup-*.tar")
    assert f"Backup written: {archive}" in out.getvalue()
    return archive


def test_round_trip(content, media):
    before = snapshot()
    archive = backup(media / "backups")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "media.tar.gz", "private-media.tar.gz"} < names

    # Wipe: articles, documents, a portal, the media files.
    ArticlePage.objects.all().delete()
    get_document_model().objects.all().delete()
    Page.objects.get(slug="phuong-hoan-kiem").delete()
    for path in (media / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    (media / "private" / "citizens" / "don-thu.pdf").unlink()
    assert snapshot() != before

    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "Restored" in out.getvalue()
    assert snapshot() == before
    private = media / "private" / "citizens" / "don-thu.pdf"
    assert private.read_bytes() == b"%PDF-1.4 private\n"
    article = ArticlePage.objects.get(slug="hue-don-khach")
    assert article.body.raw_data[0]["value"] == BODY[0]["value"]
    assert article.url_path.endswith("/hue/tin-tuc/hue-don-khach/")


def test_restore_refuses_a_database_with_content(content, media):
    archive = backup(media / "backups")
    ArticlePage.objects.filter(slug="hue-don-khach").update(sapo="đã sửa")
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(archive))
    assert ArticlePage.objects.get(slug="hue-don-khach").sapo == "đã sửa"  # untouched


def test_missing_and_damaged_archives_are_clear_errors(content, media):
    with pytest.raises(CommandError, match="No backup archive at"):
        call_command("restore", str(media / "nope.tar"), "--force")

    archive = backup(media / "backups")
    truncated = media / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[:1000])
    with pytest.raises(CommandError, match="not a readable backup archive|incomplete"):
        call_command("restore", str(truncated), "--force")

    # One byte changed inside the database copy: the checksum catches it.
    altered = media / "altered.tar"
    with tarfile.open(archive) as src, tarfile.open(altered, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("database."):
                middle = len(data) // 2
                data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(altered), "--force")

    not_a_backup = media / "other.tar"
    with tarfile.open(not_a_backup, "w") as tar:
        tar.add(media / "private" / "citizens" / "don-thu.pdf", arcname="x.pdf")
    with pytest.raises(CommandError, match="not a Cổng backup"):
        call_command("restore", str(not_a_backup), "--force")
    # Nothing was replaced by the failed attempts.
    assert ArticlePage.objects.filter(slug="hue-don-khach").exists()
