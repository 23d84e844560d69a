"""manage.py restore ARCHIVE [--force]: put a backup back (database and media)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cong.operations.backup import ArchiveError, RestoreError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`. Refuses a database that already holds "
        "content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that holds content."
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"], force=options["force"])
        except (ArchiveError, RestoreError) as exc:
            raise CommandError(str(exc)) from exc
        expected = manifest["database"]["counts"]
        restored = manifest["restored_counts"]
        for name, count in restored.items():
            self.stdout.write(f"{name}: {count}")
        if expected != restored:
            raise CommandError(f"Restored counts differ from the backup's: {expected} ≠ {restored}")
        self.stdout.write(
            self.style.SUCCESS(f"Restored {options['archive']} (made {manifest['created_at']}).")
        )
        self.stdout.write(
            "Run `manage.py migrate` if this code is newer than the backup, and `manage.py "
            "reindex` if search runs on tantivy or OpenSearch (their index is not in backups)."
        )
