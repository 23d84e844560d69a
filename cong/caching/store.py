"""Where cached pages live: entries in Django's cache, validated by tag generations, and
pre-rendered files for the nginx front tier.

An entry records the generation of every tag it depends on (`home:12`, `article:345`, …).
Purging a tag stores a new generation, so every entry that recorded the old one is a miss:
one write purges a listing with all its paginated pages, or the directive blocks of thousands
of portals, whatever the number of entries. A global purge epoch closes the race between a
render that read old rows and a purge that ran meanwhile: the entry (or file) is dropped when
the epoch moved during the request.

Local-memory caches are per process: a purge made by another process (the task worker, another
gunicorn worker) is seen through a small shared file (`<frontcache>/.epoch`) and empties this
process's page entries. With Redis every process shares the generations and purges stay exact.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

ENTRY_PREFIX = "cong:fpc:page:"
TAG_PREFIX = "cong:fpc:tag:"
EPOCH_KEY = "cong:fpc:epoch"
_SAFE_PATH = re.compile(r"^/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*$")
_SAFE_HOST = re.compile(r"^[a-z0-9][a-z0-9.-]{0,252}$")


def conf() -> dict:
    return settings.CONG_PAGE_CACHE


def cache():
    return caches[getattr(settings, "CONG_PAGE_CACHE_ALIAS", "default")]


def _new_generation() -> str:
    return uuid.uuid4().hex[:12]


# --- tag generations ---------------------------------------------------------------------


def current_generations(tags) -> dict[str, str]:
    tags = sorted(set(tags))
    keys = {TAG_PREFIX + tag: tag for tag in tags}
    found = cache().get_many(list(keys))
    missing = {key: _new_generation() for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            cache().add(key, value, None)
        found.update(cache().get_many(list(missing)))
    return {keys[key]: value for key, value in found.items()}


def bump_tags(tags) -> None:
    if tags:
        cache().set_many({TAG_PREFIX + tag: _new_generation() for tag in set(tags)}, None)
    bump_epoch()


# --- purge epoch -------------------------------------------------------------------------

_local_epoch = {"seen": None}


def _epoch_file() -> Path | None:
    directory = conf()["FRONTCACHE_DIR"]
    return Path(directory) / ".epoch" if directory else None


def _shared_epoch() -> str:
    path = _epoch_file()
    if path is None:
        return ""
    try:
        return path.read_text()
    except OSError:
        return ""


def bump_epoch() -> str:
    epoch()  # first take in purges other processes made
    value = _new_generation()
    cache().set(EPOCH_KEY, value, None)
    path = _epoch_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, value.encode())
    _local_epoch["seen"] = value
    return value


def epoch() -> str:
    """The purge epoch; for a per-process cache, also notices purges made by other processes
    (the shared file changed since this process last looked) and then forgets this process's
    page entries."""
    value = cache().get(EPOCH_KEY)
    if isinstance(cache(), LocMemCache):
        shared, seen = _shared_epoch(), _local_epoch["seen"]
        if seen is None:
            _local_epoch["seen"] = shared
        elif shared != seen:
            cache().clear()
            _local_epoch["seen"] = shared
            value = None
    if value is None:
        value = _new_generation()
        cache().add(EPOCH_KEY, value, None)
        value = cache().get(EPOCH_KEY, value)
    return value


# --- entries -----------------------------------------------------------------------------


def entry_key(host: str, full_path: str) -> str:
    return ENTRY_PREFIX + hashlib.sha1(f"{host}\n{full_path}".encode()).hexdigest()


def load(key: str) -> dict | None:
    if isinstance(cache(), LocMemCache):
        epoch()  # forgets this process's entries if another process purged meanwhile
    entry = cache().get(key)
    if not entry:
        return None
    if current_generations(entry["tags"]) != entry["tags"]:
        return None
    return entry


def save(key: str, entry: dict, started_epoch: str) -> bool:
    """Store `entry` unless a purge ran since the request started (then its rows may be old)."""
    if epoch() != started_epoch:
        return False
    cache().set(key, entry, conf()["TIMEOUT"])
    if epoch() != started_epoch:
        cache().delete(key)
        return False
    return True


# --- files for the front tier ------------------------------------------------------------


def frontcache_root() -> Path | None:
    directory = conf()["FRONTCACHE_DIR"]
    return Path(directory) if directory else None


def file_for(host: str, path: str) -> Path | None:
    """var/frontcache/<host>/<path>/index.html, or None for what nginx must not serve."""
    root = frontcache_root()
    if root is None or not _SAFE_HOST.match(host) or not _SAFE_PATH.match(path):
        return None
    return root / host / path.strip("/") / "index.html"


def _atomic_write(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def known_host(host: str) -> bool:
    """A host the network answers for: a Site's, the national one, CONG_BASE_URL's, or one
    listed in CONG_FRONTCACHE_HOSTS."""
    from urllib.parse import urlsplit

    from cong.network.sites import find_site

    listed = {
        *conf().get("HOSTS", []),
        settings.CONG_NATIONAL_HOSTNAME,
        urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "",
    }
    if host in listed:
        return True
    site = find_site(host, 80)
    return site is not None and site.hostname == host


def write_file(host: str, path: str, content: bytes, started_epoch: str) -> bool:
    target = file_for(host, path)
    if target is None or not known_host(host) or epoch() != started_epoch:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(target, content)
    if epoch() != started_epoch:
        target.unlink(missing_ok=True)
        return False
    return True


def host_dirs() -> list[str]:
    root = frontcache_root()
    if root is None or not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and _SAFE_HOST.match(p.name))


def delete_files(host: str, paths, subtrees=()) -> int:
    """Remove the files of exact `paths` and every file under `subtrees` for one host."""
    root = frontcache_root()
    if root is None:
        return 0
    removed = 0
    for path in paths:
        target = file_for(host, path)
        if target is not None:
            try:
                target.unlink()
                removed += 1
            except FileNotFoundError:
                pass
    for path in subtrees:
        target = file_for(host, path)
        if target is not None and target.parent.is_dir() and target.parent != root / host:
            shutil.rmtree(target.parent, ignore_errors=True)
            removed += 1
    return removed


def delete_all_files() -> None:
    root = frontcache_root()
    for host in host_dirs():
        doomed = root / f".purge-{host}-{_new_generation()}"
        try:
            os.replace(root / host, doomed)
        except OSError:
            continue
        shutil.rmtree(doomed, ignore_errors=True)
