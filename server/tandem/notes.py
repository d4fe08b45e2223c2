"""Post notes: facts the creator gives per video or post (links, gear, recipe, dates).

Suggestions for comments on that post may use them, and the links, handles and codes in them
join the guard's allow-list for that post only, so "the recipe is at mysite.com/bread" is fine
under the bread video and still flagged under every other one.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tinydb.table import Document

from .errors import ApiError, NotFound
from .store import Store

NOTES_CAP, TITLE_CAP, ALLOW_MAX = 4000, 500, 30
# Query parameters that name the post itself; everything else (tracking, timestamps, comment
# anchors like YouTube's lc=) is dropped so every comment link on a post finds its notes.
IDENTIFYING_PARAMS = {"v", "story_fbid", "id", "fbid"}
_LINKISH = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*|@\w{2,}", re.IGNORECASE)


def post_address(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url.strip())
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key in IDENTIFYING_PARAMS])
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))


class PostNotes:
    def __init__(self, store: Store) -> None:
        self._table = store.table("settings", "post_notes")
        self._store = store

    def all(self) -> list[dict[str, Any]]:
        return [dict(row, id=row.doc_id) for row in self._table.all()]

    def save(self, data: Any, note_id: int | None = None) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise ApiError("invalid_notes", "Send {\"url\" or \"post_title\", \"notes\", \"allow\"}.")
        url, title, notes = data.get("url", ""), data.get("post_title", ""), data.get("notes", "")
        allow = data.get("allow", [])
        if not all(isinstance(value, str) for value in (url, title, notes)) or len(notes) > NOTES_CAP \
                or len(title) > TITLE_CAP or len(url) > 2048:
            raise ApiError("invalid_notes", f"url, post_title and notes are text (notes at most {NOTES_CAP} characters).")
        if url and not re.match(r"https?://", url):
            raise ApiError("invalid_notes", "url must start with http:// or https://.")
        if not url and not title.strip():
            raise ApiError("invalid_notes", "Say which post the notes are for: its url or its post_title.")
        if not isinstance(allow, list) or len(allow) > ALLOW_MAX or not all(
                isinstance(item, str) and 0 < len(item.strip()) <= 300 for item in allow):
            raise ApiError("invalid_notes", f"allow is a list of at most {ALLOW_MAX} links, handles or codes.")
        record = {"url": url, "address": post_address(url), "post_title": title.strip(), "notes": notes.strip(),
                  "allow": [item.strip() for item in allow], "updated_at": time.time()}
        with self._store.transaction():
            if note_id is None:
                note_id = self._table.insert(record)
            elif self._table.get(doc_id=note_id) is None:
                raise NotFound("notes_not_found", f"There are no post notes {note_id}.")
            else:
                self._table.upsert(Document(record, doc_id=note_id))
        return record | {"id": note_id}

    def delete(self, note_id: int) -> None:
        with self._store.transaction():
            if self._table.get(doc_id=note_id) is None:
                raise NotFound("notes_not_found", f"There are no post notes {note_id}.")
            self._table.remove(doc_ids=[note_id])

    def for_post(self, url: str, post_title: str) -> dict[str, Any] | None:
        address, title = post_address(url), post_title.strip().lower()
        rows = self._table.all()
        for row in rows:
            if address and row["address"] == address:
                return dict(row)
        for row in rows:
            if title and row["post_title"].lower() == title:
                return dict(row)
        return None

    @staticmethod
    def allowed(note: dict[str, Any]) -> list[str]:
        """The note's explicit allow-list plus every link or handle written in the notes."""
        return note["allow"] + links_in(note["notes"])


def links_in(text: str) -> list[str]:
    """Links and handles the creator wrote themselves (so the guard does not flag them back)."""
    return [match.rstrip(".,)") for match in _LINKISH.findall(text)]
