"""Pre-drafting: a background queue that drafts suggestions for new inbox items, so opening
the inbox shows replies ready to pick.

* The queue is not stored anywhere: it *is* the set of new, draftable inbox items without
  drafts, read from the durable inbox. A restart therefore resumes where it stopped, and since
  an item's drafts and its "drafted" status land in one atomic write, nothing is drafted twice.
* Interactive requests go first: while one runs (``interactive()``), workers do not start, and
  a draft already streaming is abandoned (its stream closed, so Ollama stops) and retried later.
* A daily cap (the ``draft_daily_cap`` preference) bounds how much model time drafting uses;
  pause and cancel are the creator's; progress is reported for the dashboard.
* When Ollama is down the queue waits and retries instead of filling the inbox with
  saved-reply drafts: those are one click away on demand anyway.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tinydb.table import Document

from .comments import Comment
from .inbox import Inbox
from .llm import LLMError
from .preferences import Preferences
from .store import Store
from .suggest import Cancelled, Suggester, preferred_options

log = logging.getLogger(__name__)


class DraftQueue:
    def __init__(self, *, inbox: Inbox, suggester: Suggester, preferences: Preferences, store: Store,
                 workers: int, retry_seconds: float = 15.0, idle_seconds: float = 1.0) -> None:
        self._inbox = inbox
        self._suggester = suggester
        self._preferences = preferences
        self._state = store.table("settings", "drafting")
        self._store = store
        self._workers = workers
        self._retry_seconds = retry_seconds
        self._idle_seconds = idle_seconds
        self._interactive = 0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._current: set[int] = set()
        self._waiting_reason = ""
        self._retry_at = 0.0

    # ---- persistent state (pause flag, today's count) ------------------------------------
    def _load(self) -> dict[str, Any]:
        state = dict(self._state.get(doc_id=1) or {})
        if state.get("date") != time.strftime("%Y-%m-%d"):
            state.update(date=time.strftime("%Y-%m-%d"), count=0)
        state.setdefault("paused", False)
        return state

    def _save(self, **changes: Any) -> dict[str, Any]:
        with self._store.transaction():
            state = self._load() | changes
            self._state.upsert(Document(state, doc_id=1))
        return state

    # ---- control -------------------------------------------------------------------------
    def start(self) -> None:
        for number in range(self._workers):
            thread = threading.Thread(target=self._loop, name=f"tandem-drafter-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def pause(self) -> dict[str, Any]:
        self._save(paused=True)
        return self.progress()

    def resume(self) -> dict[str, Any]:
        self._save(paused=False)
        self._retry_at = 0.0
        self._wake.set()
        return self.progress()

    def cancel(self) -> dict[str, Any]:
        """Drop today's backlog: items waiting now stay undrafted (draft them on demand)."""
        waiting = [item["id"] for item in self._inbox.pending_drafts(limit=1_000_000)]
        self._inbox.skip_drafting(waiting)
        return self.progress() | {"cancelled": len(waiting)}

    def notify(self) -> None:
        """New comments arrived."""
        self._wake.set()

    @contextmanager
    def interactive(self) -> Iterator[None]:
        with self._lock:
            self._interactive += 1
        try:
            yield
        finally:
            with self._lock:
                self._interactive -= 1
            self._wake.set()

    def _interactive_running(self) -> bool:
        with self._lock:
            return self._interactive > 0

    def progress(self) -> dict[str, Any]:
        state = self._load()
        cap = self._preferences["draft_daily_cap"]
        with self._lock:
            current = sorted(self._current)
        return {"paused": state["paused"], "drafted_today": state["count"], "daily_cap": cap,
                "waiting": self._inbox.pending_count(), "working_on": current,
                "blocked": self._waiting_reason if time.monotonic() < self._retry_at else "",
                "workers": self._workers}

    # ---- work ----------------------------------------------------------------------------
    def run_once(self) -> str:
        """Draft the most urgent waiting item. Returns what happened: drafted, idle, paused,
        capped, busy (an interactive request is running), waiting (Ollama unavailable),
        cancelled (gave way mid-draft) or relabelled (the model found it needs the creator)."""
        state = self._load()
        if state["paused"]:
            return "paused"
        if state["count"] >= self._preferences["draft_daily_cap"]:
            return "capped"
        if self._interactive_running():
            return "busy"
        if time.monotonic() < self._retry_at:
            return "waiting"
        with self._lock:
            candidates = [item for item in self._inbox.pending_drafts(limit=len(self._current) + 1)
                          if item["id"] not in self._current]
            if not candidates:
                return "idle"
            item = candidates[0]
            self._current.add(item["id"])
        try:
            return self._draft(item)
        finally:
            with self._lock:
                self._current.discard(item["id"])

    def _draft(self, item: dict[str, Any]) -> str:
        if not item["labels"] and not item.get("model_checked"):
            # The rules saw nothing: let the model label it first, since a sarcastic jab or a
            # quiet cry for help should not get a cheerful draft.
            try:
                added = self._suggester.model_labels(item["comment"]["text"], model=self._preferences["model"])
            except LLMError as error:
                return self._wait_for_ollama(error.message)
            item = self._inbox.relabel(item["id"], added) or item
            if not item["draftable"]:
                return "relabelled"
        try:
            comment = Comment(**item["comment"])
            result = self._suggester.suggest(comment, **preferred_options(self._preferences.all(), comment.platform),
                                             cancelled=self._interactive_running)
        except Cancelled:
            return "cancelled"
        if result["engine"] != "ollama":
            return self._wait_for_ollama(result["reason"])
        if self._waiting_reason:
            log.info("pre-drafting resumed: Ollama answers again")
        self._waiting_reason = ""
        if self._inbox.set_drafts(item["id"], result["suggestions"], result["engine"]):
            self._save(count=self._load()["count"] + 1)
        return "drafted"

    def _wait_for_ollama(self, reason: str) -> str:
        if reason != self._waiting_reason:  # say it once, not every retry
            log.info("pre-drafting waits for Ollama: %s", reason)
        self._waiting_reason = reason
        self._retry_at = time.monotonic() + self._retry_seconds
        return "waiting"

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                outcome = self.run_once()
            except Exception:  # a worker must survive anything (a full disk, a bad item)
                log.exception("drafting failed")
                outcome = "error"
            if outcome in ("drafted", "cancelled", "relabelled"):
                continue
            self._wake.wait(self._retry_seconds if outcome in ("waiting", "error") else self._idle_seconds)
            self._wake.clear()
