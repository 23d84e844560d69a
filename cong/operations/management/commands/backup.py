"""manage.py backup [--output DIR]: the database and both media folders in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cong.operations.backup import create_backup
from cong.operations.backup.database import DatabaseCopyError


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and the media folders."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder for the archive (default: CONG_BACKUP_DIR or var/backups).",
        )

    def handle(self, *args, **options):
        output = options["output"] or Path(settings.CONG_BACKUP_DIR)
        try:
            path, manifest = create_backup(output)
        except (DatabaseCopyError, OSError) as exc:
            raise CommandError(f"Backup failed, nothing was written: {exc}") from exc
        counts = ", ".join(f"{k} {v}" for k, v in manifest["database"]["counts"].items())
        media = manifest["media"]
        self.stdout.write(
            f"{manifest['database']['vendor']} database ({counts}); media "
            f"{media['media']['files']} files, private media {media['private_media']['files']} files."
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
