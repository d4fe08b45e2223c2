"""Inbox at 20,000 items: ingest of 1,000 new comments with dedupe and grouping against what is
stored (target under 1 s, one atomic write included) and a filtered listing (target under
50 ms), plus how both grow from 2,000 to 20,000 stored items."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Figure, comments, print_figures, timed  # noqa: E402

from tandem.inbox import Inbox  # noqa: E402
from tandem.store import Store  # noqa: E402

PLATFORMS = ["youtube", "x", "reddit", "instagram", "tiktok", "facebook", "linkedin"]


def batch(texts: list[str], start: int, rng: random.Random) -> list[dict]:
    return [{"platform": PLATFORMS[index % 7], "text": text, "author": f"fan{rng.randint(0, 5000)}",
             "id": f"c{start + index}", "url": f"https://example.com/post/{index % 40}",
             "post_title": f"Post {index % 40}"} for index, text in enumerate(texts)]


def filled(home: Path, size: int) -> Inbox:
    inbox = Inbox(Store(home), max_batch=1000, max_comment_chars=4000)
    rng = random.Random(size)
    texts = comments(size, seed=size)
    for start in range(0, size, 1000):
        inbox.ingest(batch(texts[start:start + 1000], start, rng))
    return inbox


def run() -> list[Figure]:
    figures = []
    for size in (2_000, 20_000):
        with tempfile.TemporaryDirectory() as folder:
            inbox = filled(Path(folder), size)
            rng = random.Random(1)
            fresh = comments(5 * 1000, seed=77)
            rounds = iter(range(5))

            def ingest() -> None:
                round_number = next(rounds)
                new = batch(fresh[round_number * 1000:(round_number + 1) * 1000], 10_000_000 + round_number * 1000, rng)
                # A quarter of every batch was already seen (the extension resends what is on screen).
                new[:250] = batch(comments(250, seed=size)[:250], 0, random.Random(size))
                result = inbox.ingest(new)
                assert result["duplicates"] >= 250, result

            ingest_ms = timed(ingest, repeat=4, warmup=1)
            listing = timed(lambda: inbox.list(status="new", label="question", per_page=50), repeat=30)
            searching = timed(lambda: inbox.list(q="babe", per_page=50), repeat=30)
            label = f"{size:,} stored"
            figures += [
                Figure(f"inbox: ingest 1,000 (250 already seen) into {label}", ingest_ms,
                       target="< 1000 ms" if size == 20_000 else ""),
                Figure(f"inbox: list new questions, first page, {label}", listing,
                       target="< 50 ms" if size == 20_000 else ""),
                Figure(f"inbox: text search, first page, {label}", searching),
            ]
    small, large = figures[0].median, figures[3].median
    figures.append(Figure("inbox: ingest growth 2k -> 20k stored (ratio)", value=large / small, unit="×",
                          note="the write of the whole file grows with the inbox"))
    return figures


if __name__ == "__main__":
    print_figures(run())
