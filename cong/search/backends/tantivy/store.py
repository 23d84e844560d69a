"""Where the tantivy index lives: a directory of generations, or RAM.

`<dir>/CURRENT` names the live generation (`<dir>/g<timestamp>/`). A full rebuild writes a new
generation and then swaps CURRENT atomically, so searches never see a half-built index; every
process notices the swap on its next search (one stat call) and reopens. One process at a time
may write (tantivy's writer lock); writers wait for the lock instead of failing.
"""

import json
import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import tantivy

logger = logging.getLogger(__name__)

WRITER_HEAP = 64_000_000
# A rebuild keeps one writer for the whole generation: room for a batch of a few thousand
# articles between commits (tantivy writes a segment early when its heap is full).
BULK_WRITER_HEAP = 256_000_000
LOCK_TIMEOUT = 120.0

_stores: dict[str, "IndexStore"] = {}
_stores_lock = threading.Lock()


def get_store(location: str | None, schema: tantivy.Schema, fingerprint: str) -> "IndexStore":
    """One store per location and process; `None` or ":memory:" means RAM."""
    key = f"{location or ':memory:'}#{fingerprint}"
    with _stores_lock:
        if key not in _stores:
            _stores[key] = IndexStore(location, schema, fingerprint)
        return _stores[key]


class IndexStore:
    def __init__(self, location: str | None, schema: tantivy.Schema, fingerprint: str):
        self.in_memory = location in (None, "", ":memory:")
        self.directory = None if self.in_memory else Path(location)
        self.schema = schema
        self.fingerprint = fingerprint
        self._index: tantivy.Index | None = None
        self._generation: str | None = None
        self._current_mtime: float | None = None
        self._lock = threading.RLock()
        self.commits = 0  # by this process: with the generation, tells an index state

    # Reading ---------------------------------------------------------------------------------

    def index(self) -> tantivy.Index:
        with self._lock:
            if self.in_memory:
                if self._index is None:
                    self._index = tantivy.Index(self.schema)
                return self._index
            current = self.directory / "CURRENT"
            try:
                mtime = current.stat().st_mtime_ns
            except FileNotFoundError:
                mtime = None
            if self._index is None or mtime != self._current_mtime:
                self._open_current()
            return self._index

    def _open_current(self) -> None:
        generation = self.current_generation()
        if generation is None or self._read_meta(generation).get("fingerprint") != self.fingerprint:
            if generation is not None:
                logger.warning(
                    "Search index %s was built for another schema; starting an empty one. "
                    "Run `manage.py reindex --full`.",
                    self.directory / generation,
                )
            generation = self.create_generation()
            self.activate(generation)
        self._index = tantivy.Index(self.schema, str(self.directory / generation), reuse=True)
        self._generation = generation
        self._current_mtime = (self.directory / "CURRENT").stat().st_mtime_ns

    def searcher(self) -> tantivy.Searcher:
        return self.index().searcher()

    def current_generation(self) -> str | None:
        if self.in_memory:
            return None
        try:
            return (self.directory / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None

    # Generations -----------------------------------------------------------------------------

    def create_generation(self) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"g{time.time_ns()}"
        path = self.directory / name
        path.mkdir()
        tantivy.Index(self.schema, str(path), reuse=False)
        self.write_meta(name, {"fingerprint": self.fingerprint})
        return name

    def open_generation(self, name: str) -> tantivy.Index:
        return tantivy.Index(self.schema, str(self.directory / name), reuse=True)

    def activate(self, name: str) -> None:
        tmp = self.directory / "CURRENT.tmp"
        tmp.write_text(name)
        os.replace(tmp, self.directory / "CURRENT")

    def remove_old_generations(self, keep: str) -> None:
        for path in self.directory.glob("g*"):
            if path.is_dir() and path.name != keep:
                shutil.rmtree(path, ignore_errors=True)

    def _read_meta(self, name: str) -> dict:
        try:
            return json.loads((self.directory / name / "cong-meta.json").read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def read_meta(self, name: str | None = None) -> dict:
        if self.in_memory:
            return getattr(self, "_memory_meta", {})
        return self._read_meta(name or self.current_generation() or "")

    def write_meta(self, name: str | None, data: dict) -> None:
        if self.in_memory:
            self._memory_meta = data
            return
        name = name or self.current_generation()
        tmp = self.directory / name / "cong-meta.json.tmp"
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
        os.replace(tmp, self.directory / name / "cong-meta.json")

    # Writing ---------------------------------------------------------------------------------

    @staticmethod
    def _open_writer(index: tantivy.Index, heap: int, threads: int) -> tantivy.IndexWriter:
        """Waits for another process's writer to finish (tantivy's lock)."""
        deadline = time.monotonic() + LOCK_TIMEOUT
        delay = 0.02
        while True:
            try:
                return index.writer(heap, threads)
            except ValueError as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    @contextmanager
    def writer(self, index: tantivy.Index | None = None, heap: int = WRITER_HEAP, threads: int = 1):
        """A writer that commits on success; waits for another process's writer to finish."""
        index = index or self.index()
        writer = self._open_writer(index, heap, threads)
        try:
            yield writer
            writer.commit()
            self.commits += 1
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
            del writer
        index.reload()


class BulkWriter:
    """One writer kept open across many batches, for filling a generation that is not live
    yet. Each batch is committed in a background thread (tantivy releases the GIL while it
    finishes indexing and writes the segment) while the caller prepares the next one; segment
    merges go on in the background too, and are waited for once, at `close()`."""

    def __init__(self, index: tantivy.Index, heap: int = BULK_WRITER_HEAP, threads: int = 1):
        self.index = index
        self.writer = IndexStore._open_writer(index, heap, threads)
        self._committing: threading.Thread | None = None
        self._commit_error: BaseException | None = None

    def _commit(self) -> None:
        try:
            self.writer.commit()
        except BaseException as error:  # re-raised in the caller's thread
            self._commit_error = error

    def wait(self) -> None:
        """Until the last batch is committed; raises what its commit raised."""
        if self._committing is not None:
            self._committing.join()
            self._committing = None
        error, self._commit_error = self._commit_error, None
        if error is not None:
            raise error

    @contextmanager
    def batch(self):
        """The writer, for one batch that is committed in the background if the block ends
        without error (and rolled back if it does not)."""
        self.wait()
        try:
            yield self.writer
        except BaseException:
            self.writer.rollback()
            raise
        self._committing = threading.Thread(target=self._commit, name="tantivy-commit")
        self._committing.start()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            writer, self.writer = self.writer, None
            writer.wait_merging_threads()
            del writer
            self.index.reload()
