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
import re
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
    # The pid in the name lets a later start tell a dead process's leftover from a live write.
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
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


def storage_error(path: Path, error: OSError) -> StorageError:
    """Log a failed write and describe it in the one error shape (507, not a bare 500)."""
    log.error("could not write %s: %s", path, error)
    return StorageError(
        "storage_failed",
        f"Could not save to {path.name} ({error.strerror or error}). "
        "Nothing already stored was changed; check free disk space and folder permissions.",
    )


_TEMP_NAME = re.compile(r"\..+\.(\d+)\.[^.]+\.tmp")


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files left by writes that a crash (kill -9, power cut) cut short.

    Without this every crash mid-write left a copy of up to a whole data file behind, forever
    (found by tests/test_faults.py). Only files of processes that no longer run are removed, so
    a `tandem import` started beside `tandem serve` never deletes the server's live write.
    """
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process there
        return 0
    removed = 0
    for temp in folder.glob(".*.tmp"):
        match = _TEMP_NAME.fullmatch(temp.name)
        if not match or int(match.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(match.group(1)), 0)
            continue  # that process still runs: its write may be in progress
        except ProcessLookupError:
            pass
        except OSError:
            continue  # alive but not ours (EPERM), or unknown: leave it
        try:
            temp.unlink()
            removed += 1
        except OSError as error:
            log.warning("could not remove the leftover %s: %s", temp, error)
    return removed


def _fsync_folder(folder: Path) -> None:
    # The rename itself lives in the folder's entry; without this a power cut can undo it.
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _shared_values() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A json object_hook that keeps one copy of each short string value: the same platform,
    status, source, label and date recur across many thousands of documents and json makes a
    new string for each. (Measured on synthetic data with mostly unique texts it saves little,
    ~2 MB at 120,000 documents; real inboxes repeat more.)"""
    seen: dict[str, str] = {}

    def share(document: dict[str, Any]) -> dict[str, Any]:
        for key, value in document.items():
            if type(value) is str and len(value) <= 64:
                document[key] = seen.setdefault(value, value)
        return document
    return share


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
            raise storage_error(self.path, error) from None
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
            data = json.loads(text, object_hook=_shared_values()) if text.strip() else {}
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
        for folder in (self.home, self.home / "prompts"):
            if folder.is_dir():
                remove_stale_temp_files(folder)
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

    def live_documents(self, concern: str, name: str = "_default") -> dict[str, dict[str, Any]]:
        """The very dicts TinyDB keeps in memory and writes from (keyed by str(doc id)), so an
        in-memory model can share them instead of holding a second copy of every document.
        Read-only outside a write; valid until the next failed write reloads the file."""
        with self.lock:
            return (self._databases[concern].storage.read() or {}).get(name, {})

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
