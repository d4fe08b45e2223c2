"""The creator's voice: their profile and their past replies, and few-shot retrieval over them."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tinydb.table import Document

from .errors import ApiError
from .retrieval import SimilarityIndex
from .store import Store

TEXT_CAP = 2000
LIST_CAP = 50
# Field name -> (kind, label used when the profile is written into the prompt)
PROFILE_FIELDS: dict[str, tuple[type, str]] = {
    "name": (str, "Name"),
    "persona": (str, "Who they are"),
    "audience": (str, "Audience"),
    "style": (str, "Style and vocabulary"),
    "rules_do": (list, "Always"),
    "rules_dont": (list, "Never"),
    "emoji": (str, "Emoji use"),
    "typical_length": (str, "Typical reply length"),
    "sign_off": (str, "Sign-off"),
    "languages": (list, "Languages"),
    "off_limits": (list, "Off-limits topics"),
    "allow_list": (list, "Links, handles and codes they share"),
    "style_summary": (str, "How they write (summary of their past replies)"),
}
REPLY_FIELDS = ("comment", "reply", "platform", "date")


def validate_profile(changes: Any) -> dict[str, Any]:
    if not isinstance(changes, dict):
        raise ApiError("invalid_voice", "The voice profile must be a JSON object.")
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in PROFILE_FIELDS:
            raise ApiError("invalid_voice", f"Unknown voice field {str(key)[:40]!r}; known: "
                           + ", ".join(PROFILE_FIELDS) + ".")
        kind = PROFILE_FIELDS[key][0]
        if kind is str:
            if not isinstance(value, str) or len(value) > TEXT_CAP:
                raise ApiError("invalid_voice", f"{key} must be text of at most {TEXT_CAP} characters.")
            clean[key] = value.strip()
        else:
            if (not isinstance(value, list) or len(value) > LIST_CAP
                    or not all(isinstance(item, str) and 0 < len(item.strip()) <= 300 for item in value)):
                raise ApiError("invalid_voice", f"{key} must be a list of at most {LIST_CAP} short texts.")
            clean[key] = [item.strip() for item in value]
    return clean


@dataclass(frozen=True)
class Example:
    comment: str
    reply: str
    platform: str
    score: float


class Voice:
    """Profile plus past replies. The retrieval index is rebuilt only when the replies file was
    changed by something other than :meth:`add_replies`, which extends it in place."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._profile = store.table("settings", "voice")
        self._replies = store.table("replies")
        self._index = SimilarityIndex()
        self._index_revision = -1

    # ---- profile -------------------------------------------------------------------------
    def profile(self) -> dict[str, Any]:
        stored = self._profile.get(doc_id=1) or {}
        return {key: stored.get(key, [] if kind is list else "") for key, (kind, _) in PROFILE_FIELDS.items()}

    def update_profile(self, changes: Any) -> dict[str, Any]:
        clean = validate_profile(changes)
        with self._store.transaction():
            merged = {**self.profile(), **clean}
            self._profile.upsert(Document(merged, doc_id=1))
        return self.profile()

    def creator_name(self) -> str:
        return self.profile()["name"] or "the creator"

    def allow_list(self) -> list[str]:
        return list(self.profile()["allow_list"])

    def describe(self, learned: list[str] | None = None) -> str:
        """The profile as prompt text; stable between requests so Ollama can reuse its cache.
        ``learned`` are style notes learned from the creator's edits."""
        profile = self.profile()
        lines = []
        for key, (kind, label) in PROFILE_FIELDS.items():
            value = profile[key]
            if kind is list:
                value = "; ".join(value)
            if value:
                lines.append(f"- {label}: {value}")
        if learned:
            lines.append("- Learned from their edits: " + "; ".join(learned))
        return "\n".join(lines) or "- (No profile yet: write warmly, briefly and plainly.)"

    # ---- past replies --------------------------------------------------------------------
    def add_replies(self, rows: Iterable[Mapping[str, Any]]) -> list[int]:
        """Store past replies in one write and extend the index in place; returns their ids."""
        documents = [{field: str(row.get(field) or "")[:TEXT_CAP] for field in REPLY_FIELDS}
                     | {"source": str(row.get("source") or "import"), "added_at": time.time()}
                     for row in rows]
        documents = [doc for doc in documents if doc["reply"].strip()]
        if not documents:
            return []
        with self._store.transaction():
            fresh = self._index_revision == self._store.revision("replies")
            ids = self._replies.insert_multiple(documents)
            if fresh:
                for doc_id, doc in zip(ids, documents):
                    self._index.add(doc_id, doc["comment"] or doc["reply"])
                self._index_revision = self._store.revision("replies")
        return ids

    def update_reply(self, reply_id: int, reply: str) -> bool:
        """Change a past reply's text (the creator edited it before sending). The index holds
        only comments, so it stays valid and is not rebuilt."""
        with self._store.transaction():
            if self._replies.get(doc_id=reply_id) is None:
                return False
            fresh = self._index_revision == self._store.revision("replies")
            self._replies.update({"reply": reply[:TEXT_CAP]}, doc_ids=[reply_id])
            if fresh:
                self._index_revision = self._store.revision("replies")
        return True

    def delete_reply(self, reply_id: int) -> bool:
        with self._store.transaction():
            if self._replies.get(doc_id=reply_id) is None:
                return False
            self._replies.remove(doc_ids=[reply_id])  # the index rebuilds on the next search
        return True

    def sample_replies(self, limit: int = 40) -> list[str]:
        """Recent distinct replies, for the model to summarise the creator's style from."""
        seen, sample = set(), []
        with self._store.transaction():
            newest_first = [doc["reply"] for doc in reversed(self._store.live_documents("replies").values())]
        for reply in newest_first:
            text = reply.strip()
            if text and text.lower() not in seen:
                seen.add(text.lower())
                sample.append(text[:400])
            if len(sample) == limit:
                break
        return sample

    def reply_count(self) -> int:
        return len(self._replies)

    def replies(self) -> list[dict[str, Any]]:
        return [dict(doc, id=doc.doc_id) for doc in self._replies.all()]

    def find_replies(self, query: str, *, start: int, count: int) -> tuple[list[dict[str, Any]], int]:
        """Newest first, filtered by text; only the page shown is copied out of the store (a
        library of 100,000 replies is read in place, not duplicated per request)."""
        needle = query.lower()
        with self._store.transaction():
            live = self._store.live_documents("replies")
            keys = [key for key in reversed(live) if not needle or needle in live[key]["reply"].lower()
                    or needle in live[key]["comment"].lower()]
            page = [dict(live[key], id=int(key)) for key in keys[start:start + count]]
        return page, len(keys)

    def similar(self, comment: str, limit: int) -> list[Example]:
        index = self._current_index()
        examples = []
        for match in index.search(comment, limit):
            doc = self._replies.get(doc_id=match.key)
            if doc:
                examples.append(Example(doc["comment"], doc["reply"], doc.get("platform", ""), match.score))
        return examples

    def _current_index(self) -> SimilarityIndex:
        # The index is append-only, so searching it outside the lock is safe; only a rebuild
        # (after an import replaced the file, or a delete) needs the lock.
        with self._store.transaction():
            if self._store.revision("replies") != self._index_revision:
                index = SimilarityIndex()
                # The live documents, not table.all(): that would copy 100,000 dicts just to
                # read one field of each (a ~35 MB peak the process never gives back).
                for key, doc in self._store.live_documents("replies").items():
                    index.add(int(key), doc["comment"] or doc["reply"])
                self._index, self._index_revision = index, self._store.revision("replies")
            return self._index
