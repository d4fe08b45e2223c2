"""Style notes learned from the creator's edits.

When the creator changes a suggestion before sending it, the difference says something about
their voice: they removed the exclamation marks, added their 🍞 sign-off, cut it by half. Each
edit is checked against a few plain observations; one that repeats (three times by default)
becomes a short note in the prompt ("Never uses exclamation marks"). Notes are capped, listed
for the creator, and deletable; a deleted note is not learned again.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tinydb import Query

from .errors import NotFound
from .store import Store

ACTIVE_AFTER = 3
MAX_ACTIVE = 8
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]")
_SIGN_OFF = re.compile(r"(?:^|\s)([-–—~]\s?\S{1,20}|\S{1,3})\s*$")


@dataclass(frozen=True)
class Observation:
    key: str
    text: str


def _emoji(text: str) -> list[str]:
    return _EMOJI.findall(text)


def _sign_off(suggested: str, final: str) -> list[Observation]:
    match = _SIGN_OFF.search(final.strip())
    if not match:
        return []
    ending = match.group(1).strip()
    if ending in suggested or ending.isalnum() and len(ending) > 1 and not _emoji(ending):
        return []
    return [Observation(f"sign_off:{ending}", f"Ends replies with “{ending}”")]


RULES: list[Callable[[str, str], list[Observation]]] = [
    lambda s, f: [Observation("no_exclamation", "Never uses exclamation marks")] if "!" in s and "!" not in f else [],
    lambda s, f: [Observation("no_emoji", "Does not use emoji")] if _emoji(s) and not _emoji(f) else [],
    lambda s, f: [Observation("no_hashtags", "Leaves out hashtags")] if "#" in s and "#" not in f else [],
    lambda s, f: [Observation("shorter", "Keeps replies shorter than the drafts")] if len(f) < 0.7 * len(s) else [],
    lambda s, f: [Observation("longer", "Writes fuller replies than the drafts")] if len(f) > 1.4 * len(s) + 10 else [],
    lambda s, f: ([Observation("lowercase", "Starts replies in lowercase")]
                  if s[:1].isupper() and f[:1].islower() else []),
    _sign_off,
]


def observe(suggested: str, final: str) -> list[Observation]:
    """What this one edit shows about the creator's style (nothing if they sent it as is)."""
    suggested, final = suggested.strip(), final.strip()
    if not suggested or not final or suggested == final:
        return []
    return [observation for rule in RULES for observation in rule(suggested, final)]


class StyleNotes:
    def __init__(self, store: Store) -> None:
        self._table = store.table("settings", "style_notes")
        self._store = store

    def learn(self, suggested: str, final: str) -> None:
        observations = observe(suggested, final)
        if not observations:
            return
        with self._store.transaction():
            for observation in observations:
                row = self._table.get(Query().key == observation.key)
                if row is None:
                    self._table.insert({"key": observation.key, "text": observation.text, "count": 1,
                                        "deleted": False, "first_seen": time.time()})
                elif not row["deleted"]:
                    self._table.update({"count": row["count"] + 1}, doc_ids=[row.doc_id])

    def all(self) -> list[dict[str, Any]]:
        rows = sorted((row for row in self._table.all() if not row["deleted"]), key=lambda row: -row["count"])
        strongest = [row.doc_id for row in rows if row["count"] >= ACTIVE_AFTER][:MAX_ACTIVE]
        return [{"id": row.doc_id, "text": row["text"], "count": row["count"], "active": row.doc_id in strongest}
                for row in rows]

    def active_texts(self) -> list[str]:
        return [note["text"] for note in self.all() if note["active"]]

    def delete(self, note_id: int) -> None:
        with self._store.transaction():
            if self._table.get(doc_id=note_id) is None:
                raise NotFound("note_not_found", f"There is no style note {note_id}.")
            self._table.update({"deleted": True}, doc_ids=[note_id])
