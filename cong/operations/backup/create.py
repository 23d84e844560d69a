"""Writing a backup archive."""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import content, database
from .archive import DATABASE_MEMBERS, FORMAT, MANIFEST, MEDIA_MEMBERS, pack_folder, sha256_of


def media_folders() -> dict[str, Path]:
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private_media": Path(settings.CONG_PRIVATE_MEDIA_ROOT),
    }


def create_backup(output_dir: Path, using: str = "default") -> tuple[Path, dict]:
    """Back up the database and both media folders into `output_dir`; returns the archive's
    path and its manifest."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    vendor = database.vendor(using)
    if vendor not in DATABASE_MEMBERS:
        raise database.DatabaseCopyError(f"Backups of {vendor} databases are not supported.")
    name = f"cong-backup-{started:%Y%m%d-%H%M%S}"
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=output_dir))
    try:
        db_member = DATABASE_MEMBERS[vendor]
        # Counts first, then the copy: rows written in between show up as a difference
        # that restore reports rather than hides.
        counted = content.counts(using)
        database.dump(work / db_member, using)
        media = {}
        for key, folder in media_folders().items():
            media[key] = pack_folder(folder, work / MEDIA_MEMBERS[key])
        members = [db_member, *MEDIA_MEMBERS.values()]
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "database": {
                "vendor": vendor,
                "member": db_member,
                "counts": counted,
                "migrations": content.applied_migrations(using),
            },
            "media": media,
            "checksums": {member: sha256_of(work / member) for member in members},
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        partial = output_dir / f"{name}.tar.part"
        with tarfile.open(partial, "w") as tar:
            for member in [MANIFEST, *members]:
                tar.add(work / member, arcname=member)
        final = output_dir / f"{name}.tar"
        partial.rename(final)
        return final, manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)
