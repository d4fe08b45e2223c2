"""The embedded engine: suggestions from what the creator already wrote, no model needed.

Used when Ollama is down, slow or lacks the model. Candidates come from three places, in order
of how much they sound like the creator: their past replies to similar comments, their
snippets, and a small starter set shipped with Tandem so a new install is never empty. Each is
scored by rapidfuzz similarity to the comment; the creator's own words get a head start.
"""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from .snippets import Snippets, fill
from .voice import Voice

OWN_REPLY_BONUS = 15.0
SNIPPET_BONUS = 5.0
NEAR_DUPLICATE = 90.0


@dataclass(frozen=True)
class Candidate:
    text: str
    score: float
    source: str  # "past_reply" | "snippet" | "starter"


@lru_cache(maxsize=1)
def starter_set() -> list[dict[str, Any]]:
    text = (importlib.resources.files("tandem") / "starter" / "replies.json").read_text(encoding="utf-8")
    return json.loads(text)


def _starter_candidates(comment: str) -> list[Candidate]:
    processed = default_process(comment)
    ranked = []
    for entry in starter_set():
        score = max(fuzz.token_set_ratio(processed, default_process(example)) for example in entry["examples"])
        ranked.append((score, entry))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    # Alternate between the two likeliest intents: "Love it! What camera?" is praise and a
    # question, and one reply to each is more useful than three thank-yous.
    top = ranked[:2]
    return [Candidate(entry["replies"][turn], score * 0.8, "starter")
            for turn in range(3) for score, entry in top if turn < len(entry["replies"])]


def is_near_duplicate(text: str, kept: list[str]) -> bool:
    return any(fuzz.ratio(default_process(text), default_process(other)) >= NEAR_DUPLICATE for other in kept)


def suggest_saved(comment: str, n: int, *, voice: Voice, snippets: Snippets,
                  variables: dict[str, str]) -> list[Candidate]:
    candidates = [Candidate(example.reply, example.score + OWN_REPLY_BONUS, "past_reply")
                  for example in voice.similar(comment, limit=3 * n)]
    candidates += [Candidate(item["text"], item["score"] + SNIPPET_BONUS, "snippet")
                   for item in snippets.search(comment, limit=2 * n)]
    candidates.sort(key=lambda candidate: candidate.score, reverse=True)
    candidates += _starter_candidates(comment)
    chosen: list[Candidate] = []
    for candidate in candidates:
        text = fill(candidate.text, variables)
        if text and not is_near_duplicate(text, [item.text for item in chosen]):
            chosen.append(Candidate(text, round(candidate.score, 1), candidate.source))
        if len(chosen) == n:
            break
    return chosen
