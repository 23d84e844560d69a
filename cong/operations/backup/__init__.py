"""Backups of a whole installation: the database and both media folders in one archive.

An archive is an uncompressed tar holding `manifest.json` (format, time, database vendor,
applied migrations, row counts, a SHA-256 for every member), the database (`database.dump`,
pg_dump's custom format, or `database.sqlite3` made with SQLite's online backup API) and
`media.tar.gz` / `private-media.tar.gz`. It is written to a temporary name and renamed when
complete, so a crash never leaves a half archive under the final name. See
docs/operations.md.
"""

from .archive import ArchiveError, read_archive
from .create import create_backup
from .restore import RestoreError, restore_backup

__all__ = ["ArchiveError", "RestoreError", "create_backup", "read_archive", "restore_backup"]
