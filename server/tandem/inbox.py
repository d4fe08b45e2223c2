"""The inbox: every comment from every tab, stored once, triaged, grouped and remembered.

Reads come from an in-memory model (a dict of items plus small indexes) kept in step with the
inbox file, so listing 20,000 items with a filter is a Python loop over dicts, not a TinyDB
query; every change is one atomic write of the file (an ingest of 500 comments included). The
model's items are the same dict objects TinyDB writes from (``Store.live_documents``), so the
inbox is held in memory once, not twice.

Duplicates: the same comment seen twice (platform + stable id) is stored once. Near-duplicates
("answer once"): a copy-pasted spam wave, or the same question asked by many people, joins the
group of the first such comment. Two cheap tests decide: an aggressive fingerprint (case,
punctuation, emoji, digits and links removed) catches copy-paste waves exactly; a rapidfuzz
token_sort_ratio against recent group leaders of the same post catches light rewording.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from tinydb.table import Document

from .comments import Comment, parse_comment
from .errors import ApiError, NotFound
from .store import Store
from .triage import Label, Triage, triage, warm_up, with_model_labels

STATUSES = ("new", "drafted", "inserted", "replied", "skipped", "hidden")
ANSWERED = {"inserted", "replied"}
GROUP_SIMILARITY = 85
RECENT_LEADERS = 2000
REGULAR_AFTER = 3
PAGE_MAX = 200
_NOT_WORD = re.compile(r"https?://\S+|www\.\S+|[\W\d_]+", re.UNICODE)


def fingerprint(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def comment_key(comment: Comment) -> str:
    if comment.id:
        return f"{comment.platform}:{comment.id}"
    digest = hashlib.sha1(f"{comment.author}\n{comment.text}\n{comment.url}".encode()).hexdigest()[:16]
    return f"{comment.platform}:~{digest}"


def fan_key(platform: str, author: str) -> str:
    return f"{platform}:{author.strip().lstrip('@').lower()}"


def post_key(comment: dict[str, Any]) -> str:
    return f"{comment['platform']}|{(comment.get('url') or '').split('#')[0].split('&lc=')[0] or comment.get('post_title', '')}"


def _today() -> str:
    return time.strftime("%Y-%m-%d")


class Inbox:
    def __init__(self, store: Store, *, max_batch: int, max_comment_chars: int) -> None:
        self._store = store
        self._table = store.table("inbox")
        self._links = store.table("settings", "fan_links")
        self._max_batch = max_batch
        self._max_comment_chars = max_comment_chars
        self._revision = -1
        self._items: dict[int, dict[str, Any]] = {}
        self._by_key: dict[str, int] = {}
        self._by_fingerprint: dict[str, int] = {}
        self._leaders: dict[str, dict[int, str]] = defaultdict(dict)  # post -> leader id -> processed text
        self._by_fan: dict[str, list[int]] = defaultdict(list)
        self._group_sizes: Counter[int] = Counter()
        self._links_cache: tuple[int, list[tuple[str, str]]] = (-1, [])

    # ---- the in-memory model -------------------------------------------------------------
    def _model(self) -> dict[int, dict[str, Any]]:
        """The items, rebuilt only if the file changed behind our back (restart, wipe)."""
        with self._store.transaction():
            if self._revision != self._store.revision("inbox"):
                self._items, self._by_key, self._by_fingerprint = {}, {}, {}
                self._leaders, self._by_fan, self._group_sizes = defaultdict(dict), defaultdict(list), Counter()
                for key, doc in self._store.live_documents("inbox").items():
                    self._index(int(key), doc)
                self._revision = self._store.revision("inbox")
            return self._items

    def _index(self, item_id: int, item: dict[str, Any]) -> None:
        item["id"] = item_id
        self._items[item_id] = item
        self._by_key[item["key"]] = item_id
        comment = item["comment"]
        self._by_fan[fan_key(comment["platform"], comment.get("author", ""))].append(item_id)
        self._group_sizes[item["group"]] += 1
        if item["group"] == item_id:
            self._by_fingerprint.setdefault(item["fingerprint"], item_id)
            leaders = self._leaders[post_key(comment)]
            leaders[item_id] = comment["text"]  # the stored string itself; processed when compared
            if len(leaders) > RECENT_LEADERS:
                leaders.pop(next(iter(leaders)))

    def _commit(self, write: Any) -> Any:
        """Run one write and keep the model in step. A failed write may have changed the shared
        dicts before failing, so the model is rebuilt from the file on the next read."""
        fresh = self._revision == self._store.revision("inbox")
        try:
            result = write()
        except Exception:
            self._revision = -1
            raise
        if fresh:
            self._revision = self._store.revision("inbox")
        return result

    # ---- ingest --------------------------------------------------------------------------
    def ingest(self, raw_comments: Any) -> dict[str, Any]:
        if not isinstance(raw_comments, list):
            raise ApiError("invalid_request", "Send {\"comments\": [...]} with a list of comments.")
        if len(raw_comments) > self._max_batch:
            raise ApiError("too_many", f"At most {self._max_batch} comments per batch; send the rest in another.", 413)
        comments = []
        for number, raw in enumerate(raw_comments, start=1):
            try:
                comments.append(parse_comment(raw, max_chars=self._max_comment_chars))
            except ApiError as error:
                raise ApiError(error.code, f"Comment {number}: {error.message}") from None
        warm_up()  # outside the lock: the first build takes ~1.7 s (see triage.warm_up)
        with self._store.transaction():
            items = self._model()
            fresh: list[dict[str, Any]] = []
            seen_keys: dict[str, dict[str, Any]] = {}
            duplicates = 0
            for comment in comments:
                key = comment_key(comment)
                if key in self._by_key or key in seen_keys:
                    duplicates += 1
                    continue
                item = self._new_item(comment, key)
                seen_keys[key] = item
                fresh.append(item)
            grouped = 0
            if fresh:
                # Ids are assigned by TinyDB at insert; allocate them first so a group can point
                # at a leader from the same batch, then insert the whole batch in one write.
                next_id = max(items, default=0) + 1
                for offset, item in enumerate(fresh):
                    item_id = next_id + offset
                    item["group"] = self._group_for(item, item_id)
                    grouped += item["group"] != item_id
                    self._index(item_id, item)
                documents = [Document(item, doc_id=item["id"]) for item in fresh]
                self._commit(lambda: self._table.insert_multiple(documents))
                live = self._store.live_documents("inbox")
                for item in fresh:  # TinyDB stored copies: hold those, not a second set
                    self._items[item["id"]] = live[str(item["id"])]
        return {"added": len(fresh), "duplicates": duplicates, "grouped": grouped,
                "ids": [item["id"] for item in fresh]}

    def _new_item(self, comment: Comment, key: str) -> dict[str, Any]:
        history = self.fan_memory(comment.platform, comment.author) if comment.author else None
        result = triage(comment.text, known_fan=bool(history and history["replied"]),
                        regular=bool(history and history["regular"]))
        now = time.time()
        return {"key": key, "comment": comment.to_dict(), "status": "new", "priority": result.priority,
                "labels": [label.to_dict() for label in result.labels], "draftable": result.draftable,
                "fingerprint": fingerprint(comment.text), "seen_at": now, "updated_at": now,
                "drafts": [], "engine": None, "draft_reason": ""}

    def _group_for(self, item: dict[str, Any], item_id: int) -> int:
        if len(item["fingerprint"]) >= 8:
            leader = self._by_fingerprint.get(item["fingerprint"])
            if leader is not None:
                return leader
        leaders = self._leaders.get(post_key(item["comment"]))
        if leaders:
            match = process.extractOne(item["comment"]["text"], leaders, scorer=fuzz.token_sort_ratio,
                                       processor=default_process, score_cutoff=GROUP_SIMILARITY)
            if match:
                return match[2]
        return item_id

    # ---- reading -------------------------------------------------------------------------
    def _matching(self, *, status: str = "", platform: str = "", label: str = "", q: str = "",
                  group: int | None = None) -> list[dict[str, Any]]:
        statuses = set(filter(None, status.split(","))) if status else set(STATUSES) - {"hidden"}
        unknown = statuses - set(STATUSES)
        if unknown:
            raise ApiError("invalid_filter", f"Unknown status {sorted(unknown)[0]!r}; use " + ", ".join(STATUSES) + ".")
        needle = q.lower()
        matching = [item for item in self._model().values()
                    if item["status"] in statuses
                    and (not platform or item["comment"]["platform"] == platform)
                    and (not label or any(entry["label"] == label for entry in item["labels"]))
                    and (group is None or item["group"] == group)
                    and (not needle or needle in item["comment"]["text"].lower()
                         or needle in item["comment"].get("author", "").lower())]
        matching.sort(key=lambda item: (-item["priority"], -item["seen_at"]))
        return matching

    def list(self, *, page: int = 1, per_page: int = 50, **filters: Any) -> dict[str, Any]:
        """Most urgent first; filters: status (comma-separated; default all but hidden),
        platform, label, q (text or author), group."""
        if not 1 <= per_page <= PAGE_MAX or page < 1:
            raise ApiError("invalid_filter", f"page starts at 1 and per_page is 1 to {PAGE_MAX}.")
        with self._store.transaction():
            matching = self._matching(**filters)
            counts = Counter(item["status"] for item in self._items.values())
            start = (page - 1) * per_page
            shown = [self._public(item) for item in matching[start:start + per_page]]
        return {"items": shown, "total": len(matching), "page": page, "per_page": per_page,
                "counts": {name: counts.get(name, 0) for name in STATUSES}}

    def ids_matching(self, **filters: Any) -> list[int]:
        with self._store.transaction():
            return [item["id"] for item in self._matching(**filters)]

    def _public(self, item: dict[str, Any]) -> dict[str, Any]:
        public = {key: value for key, value in item.items() if key not in ("key", "fingerprint", "group")}
        public["group"] = {"id": item["group"], "size": self._group_sizes[item["group"]]}
        return public

    def get(self, item_id: int) -> dict[str, Any]:
        with self._store.transaction():
            item = self._model().get(item_id)
            if item is None:
                raise NotFound("inbox_item_not_found", f"There is no inbox item {item_id}.")
            public = self._public(item)
            comment = item["comment"]
            public["fan"] = self.fan_memory(comment["platform"], comment.get("author", ""), exclude=item_id)
            public["group"]["members"] = [member_id for member_id in (self._group_members(item["group"]))
                                          if member_id != item_id][:50]
            return public

    def lookup(self, platform: Any, comment_ids: Any) -> list[dict[str, Any]]:
        """Inbox items for comments on a page, by their site ids: how the extension finds the
        draft the creator picked in the dashboard before pressing "open"."""
        if not isinstance(platform, str) or not isinstance(comment_ids, list) or len(comment_ids) > 2000 \
                or not all(isinstance(value, str) and len(value) <= 300 for value in comment_ids):
            raise ApiError("invalid_request", "Send {\"platform\": ..., \"ids\": [comment ids]} (at most 2000).")
        with self._store.transaction():
            self._model()
            found = [self._by_key.get(f"{platform}:{comment_id}") for comment_id in comment_ids]
            return [self._public(self._items[item_id]) for item_id in found if item_id is not None]

    def _group_members(self, group_id: int) -> list[int]:
        return [item_id for item_id, item in self._items.items() if item["group"] == group_id]

    def pending_drafts(self, limit: int = 1) -> list[dict[str, Any]]:
        """New, draftable items without drafts, most urgent first (the drafting queue's work)."""
        with self._store.transaction():
            waiting = [item for item in self._model().values()
                       if item["status"] == "new" and item["draftable"] and not item["drafts"]
                       and not item.get("draft_skipped")]
            waiting.sort(key=lambda item: (-item["priority"], item["seen_at"]))
            return [dict(item) for item in waiting[:limit]]

    def pending_count(self) -> int:
        with self._store.transaction():
            return sum(1 for item in self._model().values() if item["status"] == "new" and item["draftable"]
                       and not item["drafts"] and not item.get("draft_skipped"))

    # ---- fans ----------------------------------------------------------------------------
    def _fan_links(self) -> list[tuple[str, str]]:
        # Asked once per ingested comment: re-read only when the settings file changed.
        revision = self._store.revision("settings")
        if self._links_cache[0] != revision:
            self._links_cache = (revision, [(row["a"], row["b"]) for row in self._links.all()])
        return self._links_cache[1]

    def _linked(self, key: str) -> set[str]:
        """Every identity linked to this one by the creator (same person on several platforms)."""
        identities, frontier = {key}, [key]
        links = self._fan_links()
        while frontier:
            current = frontier.pop()
            for a, b in links:
                for here, there in ((a, b), (b, a)):
                    if here == current and there not in identities:
                        identities.add(there)
                        frontier.append(there)
        return identities

    def link_fans(self, a: Any, b: Any) -> dict[str, Any]:
        keys = []
        for side in (a, b):
            if not isinstance(side, dict) or side.get("platform") is None or not isinstance(side.get("author"), str) \
                    or not side["author"].strip():
                raise ApiError("invalid_link", "Link two fans as {\"a\": {\"platform\", \"author\"}, \"b\": {...}}.")
            keys.append(fan_key(str(side["platform"]), side["author"]))
        self._links.insert({"a": keys[0], "b": keys[1], "at": time.time()})
        return {"linked": sorted(self._linked(keys[0]))}

    def fan_memory(self, platform: str, author: str, *, exclude: int | None = None) -> dict[str, Any]:
        with self._store.transaction():
            self._model()
            identities = self._linked(fan_key(platform, author))
            ids = [item_id for key in identities for item_id in self._by_fan.get(key, [])]
            items = [self._items[item_id] for item_id in ids if item_id != exclude and item_id in self._items]
        items.sort(key=lambda item: -item["seen_at"])
        replied = [item for item in items if item["status"] in ANSWERED]
        today = _today()
        return {
            "linked": sorted(identities - {fan_key(platform, author)}),
            "seen": len(items),
            "replied": len(replied),
            "regular": len(items) + (exclude is not None) >= REGULAR_AFTER or len(replied) >= 2,
            "replied_today": any(time.strftime("%Y-%m-%d", time.localtime(item["updated_at"])) == today
                                 for item in replied),
            "recent": [{"id": item["id"], "text": item["comment"]["text"][:300], "status": item["status"],
                        "platform": item["comment"]["platform"], "seen_at": item["seen_at"]} for item in items[:5]],
        }

    # ---- changes -------------------------------------------------------------------------
    def update(self, item_id: int, changes: Any) -> dict[str, Any]:
        if not isinstance(changes, dict) or not changes:
            raise ApiError("invalid_request", "Send the fields to change, e.g. {\"status\": \"skipped\"}.")
        unknown = set(changes) - {"status", "chosen"}
        if unknown:
            raise ApiError("invalid_request", f"Cannot change {sorted(unknown)[0]!r}; only status and chosen.")
        fields: dict[str, Any] = {}
        if "status" in changes:
            if changes["status"] not in STATUSES:
                raise ApiError("invalid_status", "status must be one of " + ", ".join(STATUSES) + ".")
            fields["status"] = changes["status"]
        if "chosen" in changes:
            chosen = changes["chosen"]
            if chosen is not None and (isinstance(chosen, bool) or not isinstance(chosen, int) or not 0 <= chosen < 10):
                raise ApiError("invalid_request", "chosen is the index of a draft (0 to 9) or null.")
            fields["chosen"] = chosen
        self._write({item_id}, fields, must_exist=True)
        return self.get(item_id)

    def bulk(self, ids: Any, status: Any) -> int:
        if status not in STATUSES:
            raise ApiError("invalid_status", "status must be one of " + ", ".join(STATUSES) + ".")
        if not isinstance(ids, list) or not all(isinstance(item_id, int) and not isinstance(item_id, bool) for item_id in ids) \
                or len(ids) > 50_000:
            raise ApiError("invalid_request", "ids must be a list of inbox item ids.")
        return self._write(set(ids), {"status": status}, must_exist=False)

    def set_drafts(self, item_id: int, drafts: list[dict[str, Any]], engine: str, reason: str = "") -> bool:
        """Store drafts for an item; it becomes "drafted" only if the creator has not moved it on."""
        with self._store.transaction():
            item = self._model().get(item_id)
            if item is None:
                return False
            fields = {"drafts": drafts, "engine": engine, "draft_reason": reason}
            if item["status"] == "new":
                fields["status"] = "drafted"
            self._write({item_id}, fields, must_exist=True)
            return True

    def relabel(self, item_id: int, added: list[Label]) -> dict[str, Any] | None:
        """Add the model's labels to an item the rules left unlabelled (once per item)."""
        with self._store.transaction():
            item = self._model().get(item_id)
            if item is None:
                return None
            current = Triage([Label(**entry) for entry in item["labels"]], item["priority"], item["draftable"])
            comment = item["comment"]
            fan = self.fan_memory(comment["platform"], comment.get("author", ""), exclude=item_id)
            merged = with_model_labels(current, added, known_fan=bool(fan["replied"]), regular=fan["regular"])
            self._write({item_id}, {"labels": [label.to_dict() for label in merged.labels], "priority": merged.priority,
                                    "draftable": merged.draftable, "model_checked": True}, must_exist=True)
            return dict(self._items[item_id])

    def skip_drafting(self, ids: Iterable[int]) -> int:
        return self._write(set(ids), {"draft_skipped": True}, must_exist=False)

    def _write(self, ids: set[int], fields: dict[str, Any], *, must_exist: bool) -> int:
        with self._store.transaction():
            items = self._model()
            present = [item_id for item_id in ids if item_id in items]
            if must_exist and len(present) != len(ids):
                raise NotFound("inbox_item_not_found", f"There is no inbox item {sorted(ids - set(present))[0]}.")
            if not present:
                return 0
            stamped = fields | {"updated_at": time.time()}
            self._commit(lambda: self._table.update(stamped, doc_ids=present))
            for item_id in present:
                items[item_id].update(stamped)
            return len(present)
