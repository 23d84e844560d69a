"""The archive's layout, manifest and integrity checks."""

import hashlib
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMAT = "cong-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_MEMBERS = {"media": "media.tar.gz", "private_media": "private-media.tar.gz"}


class ArchiveError(Exception):
    """The archive is missing, unreadable, incomplete or altered; the message says which."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pack_folder(folder: Path, target: Path) -> dict:
    """`folder`'s files as a gzipped tar (paths relative to it); returns files and bytes."""
    files = size = 0
    with tarfile.open(target, "w:gz") as tar:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
                    files += 1
                    size += path.stat().st_size
    return {"files": files, "bytes": size}


def unpack_folder(source: Path, folder: Path) -> None:
    """Replace `folder`'s content with the tar's: unpacked beside it, then swapped in."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-restore-", dir=folder.parent))
    try:
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        old = None
        if folder.exists():
            old = folder.with_name(f".{folder.name}-before-restore")
            shutil.rmtree(old, ignore_errors=True)
            folder.rename(old)
        staging.rename(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass
class OpenedArchive:
    """An archive unpacked into a temporary folder, checked against its manifest."""

    path: Path
    folder: Path
    manifest: dict

    def member(self, name: str) -> Path:
        return self.folder / name

    @property
    def vendor(self) -> str:
        return self.manifest["database"]["vendor"]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def read_archive(path: Path, work_dir: Path | None = None) -> OpenedArchive:
    """Unpack and verify; raises ArchiveError with the reason."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"No backup archive at {path}.")
    folder = Path(tempfile.mkdtemp(prefix="cong-restore-", dir=work_dir))
    try:
        try:
            with tarfile.open(path, "r:") as tar:
                names = tar.getnames()
                if MANIFEST not in names:
                    raise ArchiveError(f"{path} is not a Cổng backup: it has no {MANIFEST}.")
                tar.extractall(folder, filter="data")
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise ArchiveError(f"{path} is not a readable backup archive ({exc}).") from exc
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ArchiveError(f"{path}: the manifest is not valid JSON ({exc}).") from exc
        if manifest.get("format") != FORMAT:
            raise ArchiveError(
                f"{path}: unknown backup format {manifest.get('format')!r} (expected {FORMAT})."
            )
        for name, expected in manifest.get("checksums", {}).items():
            member = folder / name
            if not member.is_file():
                raise ArchiveError(f"{path} is incomplete: {name} is missing.")
            if sha256_of(member) != expected:
                raise ArchiveError(f"{path} is damaged: {name} does not match its checksum.")
        vendor = manifest.get("database", {}).get("vendor")
        if DATABASE_MEMBERS.get(vendor) not in manifest.get("checksums", {}):
            raise ArchiveError(f"{path}: the manifest names no database copy.")
        return OpenedArchive(path, folder, manifest)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
