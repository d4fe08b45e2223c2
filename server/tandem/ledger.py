"""The human-touch ledger: what was suggested, what the creator inserted and finally sent.

Feedback on a suggestion is recorded once per suggestion and updated as it moves from inserted
to edited to sent, so the numbers stay honest (one reply counted once) and the final words the
creator sent become a past reply the voice learns from.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from rapidfuzz.distance import Levenshtein
from tinydb import Query

from .comments import parse_comment
from .errors import ApiError, NotFound
from .store import Store
from .style import StyleNotes
from .suggest import RecentSuggestions
from .voice import Voice

ACTIONS = ("inserted", "edited", "sent", "dismissed")
LEARNS_FROM = {"inserted", "edited", "sent"}
TEXT_CAP = 10_000


def _iso_week(timestamp: float) -> tuple[int, int, int]:
    return datetime.date.fromtimestamp(timestamp).isocalendar()


def human_share(suggested: str, final: str) -> float:
    """Share of the final reply the creator wrote themselves (0 = sent as suggested)."""
    if not final:
        return 0.0
    return round(min(1.0, Levenshtein.distance(suggested, final) / max(len(final), len(suggested), 1)), 3)


class Ledger:
    def __init__(self, store: Store, voice: Voice, recent: RecentSuggestions, style: StyleNotes, *,
                 max_comment_chars: int) -> None:
        self._style = style
        self._table = store.table("ledger")
        self._store = store
        self._voice = voice
        self._recent = recent
        self._max_comment_chars = max_comment_chars

    def record(self, suggestion_id: str, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise ApiError("invalid_feedback", "Feedback must be a JSON object with an action.")
        action = data.get("action")
        if action not in ACTIONS:
            raise ApiError("invalid_feedback", "action must be one of " + ", ".join(ACTIONS) + ".")
        final = data.get("final_text", data.get("text", ""))
        if not isinstance(final, str) or len(final) > TEXT_CAP:
            raise ApiError("invalid_feedback", f"final_text must be text of at most {TEXT_CAP} characters.")
        if action in LEARNS_FROM and not final.strip():
            raise ApiError("invalid_feedback", f"final_text is required when the action is {action}.")
        seconds = data.get("seconds")
        if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0):
            raise ApiError("invalid_feedback", "seconds must be a non-negative number.")

        issued = self._recent.get(suggestion_id)
        if issued is None:
            if not isinstance(data.get("suggestion_text"), str) or "comment" not in data:
                raise NotFound("suggestion_not_found", "Tandem no longer remembers that suggestion; send "
                               "suggestion_text and comment with the feedback.")
            comment = parse_comment(data["comment"], max_chars=self._max_comment_chars).to_dict()
            issued = {"text": data["suggestion_text"][:TEXT_CAP], "engine": "unknown", "comment": comment}

        # The disclosure tag was appended by the extension, not written by the creator: it does
        # not count as their words and must not be learned as part of their voice.
        tag = issued.get("disclosure") or ""
        if tag and final.rstrip().endswith(tag):
            final = final.rstrip()[: -len(tag)].rstrip()
        now = time.time()
        with self._store.transaction():
            existing = self._table.get(Query().suggestion_id == suggestion_id)
            entry = dict(existing or {"suggestion_id": suggestion_id, "suggested": issued["text"],
                                      "engine": issued["engine"], "comment": issued["comment"],
                                      "created_at": now, "reply_id": None})
            entry["action"] = action
            entry["updated_at"] = now
            if seconds is not None:
                entry["seconds"] = seconds
            if action in LEARNS_FROM:
                entry["inserted" if action == "inserted" else "final"] = final
                entry["human_share"] = human_share(entry["suggested"], final)
                entry["reply_id"] = self._learn(entry, final)
                if action != "inserted":
                    self._style.learn(entry["suggested"], final)
            if existing:
                self._table.update(entry, doc_ids=[existing.doc_id])
            else:
                self._table.insert(entry)
        return {key: entry[key] for key in ("suggestion_id", "action", "suggested") if key in entry} | {
            "human_share": entry.get("human_share", 0.0), "stored_as_past_reply": entry["reply_id"] is not None}

    def _learn(self, entry: dict[str, Any], final: str) -> int:
        if entry.get("reply_id") and self._voice.update_reply(entry["reply_id"], final):
            return entry["reply_id"]
        comment = entry["comment"]
        return self._voice.add_replies([{"comment": comment.get("text", ""), "reply": final,
                                         "platform": comment.get("platform", ""), "source": "tandem"}])[0]

    def entries(self) -> list[dict[str, Any]]:
        return [dict(doc) for doc in self._table.all()]

    def weekly(self) -> dict[str, Any]:
        """Per ISO week: replies inserted or sent, how many went out exactly as suggested, and
        the average share the creator wrote themselves (edit distance over length)."""
        weeks: dict[str, dict[str, Any]] = {}
        for entry in self.entries():
            if entry["action"] == "dismissed":
                continue
            year, week, _ = _iso_week(entry["created_at"])
            bucket = weeks.setdefault(f"{year}-W{week:02d}", {"week": f"{year}-W{week:02d}", "replies": 0,
                                                               "as_suggested": 0, "shares": [], "seconds": []})
            bucket["replies"] += 1
            bucket["as_suggested"] += entry.get("human_share", 0.0) == 0.0
            bucket["shares"].append(entry.get("human_share", 0.0))
            if "seconds" in entry:
                bucket["seconds"].append(entry["seconds"])
        rows = []
        for key in sorted(weeks):
            bucket = weeks[key]
            shares, seconds = bucket.pop("shares"), bucket.pop("seconds")
            bucket["written_by_you"] = round(sum(shares) / len(shares), 3)
            bucket["median_seconds"] = sorted(seconds)[len(seconds) // 2] if seconds else None
            rows.append(bucket)
        total = sum(row["replies"] for row in rows)
        overall = (sum(row["written_by_you"] * row["replies"] for row in rows) / total) if total else 0.0
        return {"weeks": rows, "total_replies": total, "written_by_you": round(overall, 3)}
