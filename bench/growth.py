"""How the costs grow with the data (1x, 10x, 100x): few-shot retrieval over 1,000 / 10,000 /
100,000 past replies; a filtered inbox listing and an ingest of 100 new comments into 200 /
2,000 / 20,000 stored items; and the resident memory of `tandem serve` holding 200 inbox items
and 1,000 replies, then 10x, then 100x. Each ratio is against the 1x figure of the same run;
10 and 100 would be linear growth. (Content-script extraction growth is in content_extraction.)"""

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


def ingest(size: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        inbox = Inbox(Store(Path(folder)), max_batch=1000, max_comment_chars=4000)
        texts, rng = comments(size + 600, seed=size), random.Random(size)
        for start in range(0, size, 1000):
            inbox.ingest(batch(texts[start:min(size, start + 1000)], start, rng))
        rounds = iter(range(6))

        def one() -> None:
            offset = size + 100 * next(rounds)
            inbox.ingest(batch(texts[offset:offset + 100], offset, rng))
        return timed(one, repeat=5, warmup=1)


def memory(scale: int) -> list[float]:
    from memory import loaded_rss, seed
    with tempfile.TemporaryDirectory() as folder:
        seed(Path(folder), 200 * scale, 1_000 * scale)
        return [loaded_rss(Path(folder))]


def run() -> list[Figure]:
    figures = []
    for name, measure, sizes, unit in (("retrieval", retrieval, (1_000, 10_000, 100_000), "ms"),
                                       ("inbox listing", listing, (200, 2_000, 20_000), "ms"),
                                       ("inbox ingest of 100", ingest, (200, 2_000, 20_000), "ms"),
                                       ("server memory at scale", memory, (1, 10, 100), "MB")):
        base = None
        for size in sizes:
            samples = measure(size)
            median = statistics.median(samples)
            base = base or median
            label = f"{size}x (200 inbox items, 1,000 replies)" if unit == "MB" else f"{size:,}"
            figures.append(Figure(f"growth: {name} at {label}", samples if unit == "ms" else [],
                                  value=None if unit == "ms" else median, unit=unit,
                                  note=f"{median / base:.1f}× the first figure"))
    return figures


if __name__ == "__main__":
    print_figures(run())
