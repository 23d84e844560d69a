"""Restoring a backup archive over the current installation."""

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from cong.core import frames

from . import content, database
from .archive import MEDIA_MEMBERS, read_archive, unpack_folder
from .create import media_folders


class RestoreError(Exception):
    pass


def restore_backup(archive_path: Path, force: bool = False, using: str = "default") -> dict:
    """Replace the database and media with the archive's. Refuses a database that holds
    content unless `force`. Everything is verified before anything is replaced. Returns the
    manifest, with "restored_counts" added."""
    with read_archive(archive_path) as archive:
        vendor = database.vendor(using)
        if archive.vendor != vendor:
            raise RestoreError(
                f"This archive holds a {archive.vendor} database; this installation uses "
                f"{vendor}. Restore it into a {archive.vendor} installation."
            )
        member = archive.member(archive.manifest["database"]["member"])
        try:
            database.check_copy(member, vendor, using)
        except database.DatabaseCopyError as exc:
            raise RestoreError(f"{archive_path}: the database copy is damaged ({exc}).") from exc
        if not force and content.holds_content(using):
            raise RestoreError(
                "The database is not empty: restoring would replace its content. Give --force "
                "to replace it (back it up first), or restore into a new database."
            )
        try:
            database.load(member, using)
        except database.DatabaseCopyError as exc:
            raise RestoreError(f"Restoring the database failed: {exc}") from exc
        for key, folder in media_folders().items():
            unpack_folder(archive.member(MEDIA_MEMBERS[key]), folder)
        ContentType.objects.clear_cache()
        cache.clear()  # cached pages and site lookups describe the replaced content
        frames.bump_now()
        manifest = dict(archive.manifest)
        manifest["restored_counts"] = content.counts(using)
        return manifest
