"""Quick replies: the creator's own saved snippets, searched fuzzily and filled with variables."""

from __future__ import annotations

import re
import time
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from .errors import ApiError, NotFound
from .store import Store

TITLE_CAP, TEXT_CAP, TAG_CAP, TAGS_MAX = 120, 2000, 40, 10
VARIABLES = ("author", "post_title", "platform", "creator")


VARIABLE_WITH_LEAD = re.compile(r"(,\s*|\s+)?\{(" + "|".join(VARIABLES) + r")\}")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {author}, {post_title}, ...; a variable with no value takes its leading comma or
    space with it, so "Thanks, {author}!" becomes "Thanks!" rather than "Thanks, !"."""
    def substitute(match: re.Match[str]) -> str:
        value = values.get(match.group(2)) or ""
        return (match.group(1) or "") + value if value else ""
    return VARIABLE_WITH_LEAD.sub(substitute, text).strip()


def validate(data: Any, *, partial: bool = False) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ApiError("invalid_snippet", "A snippet must be a JSON object with title and text.")
    unknown = set(data) - {"title", "text", "tags"}
    if unknown:
        raise ApiError("invalid_snippet", f"Unknown snippet field {sorted(unknown)[0][:40]!r}.")
    clean: dict[str, Any] = {}
    for key, cap in (("title", TITLE_CAP), ("text", TEXT_CAP)):
        if key in data or not partial:
            value = data.get(key)
            if not isinstance(value, str) or not value.strip() or len(value) > cap:
                raise ApiError("invalid_snippet", f"{key} must be non-empty text of at most {cap} characters.")
            clean[key] = value.strip()
    if "tags" in data or not partial:
        tags = data.get("tags", [])
        if (not isinstance(tags, list) or len(tags) > TAGS_MAX
                or not all(isinstance(tag, str) and 0 < len(tag.strip()) <= TAG_CAP for tag in tags)):
            raise ApiError("invalid_snippet", f"tags must be a list of at most {TAGS_MAX} short words.")
        clean["tags"] = [tag.strip() for tag in tags]
    return clean


class Snippets:
    def __init__(self, store: Store) -> None:
        self._table = store.table("snippets")
        self._store = store

    @staticmethod
    def _shape(doc: Any) -> dict[str, Any]:
        return {"id": doc.doc_id, "title": doc["title"], "text": doc["text"], "tags": doc.get("tags", []),
                "updated_at": doc.get("updated_at")}

    def all(self) -> list[dict[str, Any]]:
        return [self._shape(doc) for doc in self._table.all()]

    def get(self, snippet_id: int) -> dict[str, Any]:
        doc = self._table.get(doc_id=snippet_id)
        if doc is None:
            raise NotFound("snippet_not_found", f"There is no snippet {snippet_id}.")
        return self._shape(doc)

    def create(self, data: Any) -> dict[str, Any]:
        clean = validate(data) | {"updated_at": time.time()}
        return self.get(self._table.insert(clean))

    def create_many(self, rows: list[dict[str, Any]]) -> int:
        clean = [validate(row) | {"updated_at": time.time()} for row in rows]
        return len(self._table.insert_multiple(clean))

    def update(self, snippet_id: int, data: Any) -> dict[str, Any]:
        clean = validate(data, partial=True) | {"updated_at": time.time()}
        with self._store.transaction():
            self.get(snippet_id)
            self._table.update(clean, doc_ids=[snippet_id])
        return self.get(snippet_id)

    def delete(self, snippet_id: int) -> None:
        with self._store.transaction():
            self.get(snippet_id)
            self._table.remove(doc_ids=[snippet_id])

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Best matches first; the score blends title, tags and text so "shipping" finds a
        snippet titled "Delivery times" tagged "shipping"."""
        snippets = self.all()
        if not query.strip():
            return snippets[:limit]
        choices = {index: " ".join([item["title"], " ".join(item["tags"]), item["text"]])
                   for index, item in enumerate(snippets)}
        results = process.extract(query, choices, scorer=fuzz.WRatio, processor=default_process,
                                  limit=limit, score_cutoff=50)
        return [snippets[index] | {"score": round(score, 1)} for _, score, index in results]
