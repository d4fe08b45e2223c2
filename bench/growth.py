"""How the costs grow with the data (1x, 10x, 100x): few-shot retrieval over 1,000 / 10,000 /
100,000 past replies, and a filtered inbox listing over 200 / 2,000 / 20,000 items. Each ratio
is against the 1x figure of the same run; 10 and 100 would be linear growth."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Figure, comments, print_figures, timed  # noqa: E402
from inbox import batch  # noqa: E402

from tandem.inbox import Inbox  # noqa: E402
from tandem.retrieval import SimilarityIndex  # noqa: E402
from tandem.store import Store  # noqa: E402


def retrieval(size: int) -> list[float]:
    index = SimilarityIndex()
    for key, text in enumerate(comments(size, seed=3)):
        index.add(key, text)
    asks = iter(comments(200, seed=42) * 3)
    return timed(lambda: index.search(next(asks), 4), repeat=40)


def listing(size: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        inbox = Inbox(Store(Path(folder)), max_batch=1000, max_comment_chars=4000)
        texts, rng = comments(size, seed=size), random.Random(size)
        for start in range(0, size, 1000):
            inbox.ingest(batch(texts[start:start + 1000], start, rng))
        return timed(lambda: inbox.list(status="new", label="question", per_page=50), repeat=30)


def run() -> list[Figure]:
    figures = []
    for name, measure, sizes in (("retrieval", retrieval, (1_000, 10_000, 100_000)),
                                 ("inbox listing", listing, (200, 2_000, 20_000))):
        base = None
        for size in sizes:
            samples = measure(size)
            median = statistics.median(samples)
            base = base or median
            figures.append(Figure(f"growth: {name} at {size:,}", samples,
                                  note=f"{median / base:.1f}× the {sizes[0]:,} figure"))
    return figures


if __name__ == "__main__":
    print_figures(run())
