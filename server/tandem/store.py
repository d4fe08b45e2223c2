"""Durable local storage: TinyDB files written atomically, one file per concern, one lock.

TinyDB is not thread-safe and rewrites its whole file on every write. So:

* every table is reached through :class:`LockedTable`, which runs each call under the store's
  one re-entrant lock (a read-modify-write that spans calls takes ``store.lock`` itself);
* :class:`AtomicJSONStorage` keeps the parsed file in memory (reads never touch the disk) and
  writes a temp file in the same folder, fsyncs it and ``os.replace``-s it over the old one, so a
  crash at any instant leaves the old file or the new one, never a torn one, and a request that
  returns 2xx has its data on disk;
* one file per concern keeps a busy inbox from slowing snippet edits, and one damaged file is
  moved aside (never deleted) instead of taking the others down.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .errors import StorageError

log = logging.getLogger(__name__)

CONCERNS = ("replies", "snippets", "settings", "inbox", "ledger", "suggestions")


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so readers see the old or the new file, never a mix."""
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    # The rename itself lives in the folder's entry; without this a power cut can undo it.
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class AtomicJSONStorage(Storage):
    """TinyDB storage with an in-memory copy and atomic, durable writes."""

    def __init__(self, path: str | os.PathLike[str], on_write: Callable[[], None] | None = None) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._on_write = on_write

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = self._load()
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write_bytes(self.path, payload)
        except OSError as error:
            # TinyDB mutated our in-memory copy before calling write; drop it so the next read
            # reloads what is really on disk instead of serving a change that was never saved.
            self._data = None
            log.error("could not write %s: %s", self.path, error)
            raise StorageError(
                "storage_failed",
                f"Could not save to {self.path.name} ({error.strerror or error}). "
                "Nothing already stored was changed; check free disk space and folder permissions.",
            ) from None
        self._data = data
        if self._on_write:
            self._on_write()

    def close(self) -> None:
        pass

    def _load(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text) if text.strip() else {}
            if not isinstance(data, dict):
                raise ValueError("top level is not an object")
            return data
        except ValueError as error:
            aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            os.replace(self.path, aside)
            log.error("%s could not be read (%s); moved it to %s and started empty", self.path, error, aside)
            return {}


class LockedTable:
    """A TinyDB table whose every call runs under the store lock."""

    def __init__(self, table: Table, lock: threading.RLock) -> None:
        self._table = table
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._table, name)
        if not callable(attribute):
            return attribute

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        return locked

    def __len__(self) -> int:
        with self._lock:
            return len(self._table)


class Store:
    """Owns every TinyDB handle of one data folder."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self._revisions = dict.fromkeys(CONCERNS, 0)
        self._databases: dict[str, TinyDB] = {}
        for concern in CONCERNS:
            self._databases[concern] = TinyDB(self.path(concern), storage=AtomicJSONStorage,
                                              on_write=self._bumper(concern))

    def path(self, concern: str) -> Path:
        return self.home / f"{concern}.json"

    def _bumper(self, concern: str) -> Callable[[], None]:
        def bump() -> None:
            self._revisions[concern] += 1
        return bump

    def table(self, concern: str, name: str = "_default") -> LockedTable:
        # cache_size=0: TinyDB's query cache would hold stale results across our own indexes.
        return LockedTable(self._databases[concern].table(name, cache_size=0), self.lock)

    def revision(self, concern: str) -> int:
        """Counts writes to a concern, so derived in-memory indexes know when to rebuild."""
        return self._revisions[concern]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock:
            yield

    def dump(self) -> dict[str, Any]:
        """Every concern's raw data, for export."""
        with self.lock:
            return {concern: json.loads(json.dumps(db.storage.read() or {}))
                    for concern, db in self._databases.items()}

    def wipe(self) -> None:
        """Delete every stored record (the token and prompt overrides are handled by callers)."""
        with self.lock:
            for concern, database in self._databases.items():
                database.drop_tables()
                self._revisions[concern] += 1
