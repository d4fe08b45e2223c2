"""Few-shot retrieval over 100,000 past replies (target: under 25 ms median), against the
straightforward alternative measured in the same run: rapidfuzz token_set_ratio over everything."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import COMMON, Figure, comments, print_figures, timed  # noqa: E402

from tandem.retrieval import SimilarityIndex  # noqa: E402


def run(size: int = 100_000, queries: int = 60) -> list[Figure]:
    texts = comments(size, seed=3)
    started = time.perf_counter()
    index = SimilarityIndex()
    for key, text in enumerate(texts):
        index.add(key, text)
    build_ms = (time.perf_counter() - started) * 1000
    asks = comments(queries, seed=42)
    cursor = iter(asks * 10)
    indexed = timed(lambda: index.search(next(cursor), 4), repeat=queries)
    processed = [default_process(text) for text in texts]
    brute_cursor = iter(asks * 10)
    brute = timed(lambda: process.extract(default_process(next(brute_cursor)), processed,
                                          scorer=fuzz.token_set_ratio, processor=None, limit=4),
                  repeat=max(10, queries // 4), warmup=1)
    # Quality: a useful example shares the comment's topic, not just "love" and "video".
    # token_set_ratio over everything scores any comment made of a subset of the query's words
    # 100, so its "best" is often a three-word comment of common words; count, for both, how
    # often the top match shares a topical (non-common) word with the query.
    def topical(text: str) -> set[str]:
        return {word for word in default_process(text).split() if word not in COMMON}

    checked = asks[: max(10, queries // 4)]
    index_on_topic = brute_on_topic = 0
    for ask in checked:
        brute_best = process.extractOne(default_process(ask), processed, scorer=fuzz.token_set_ratio, processor=None)
        found = index.search(ask, 1)
        brute_on_topic += bool(topical(ask) & topical(texts[brute_best[2]]))
        index_on_topic += bool(found and topical(ask) & topical(texts[found[0].key]))
    from statistics import median
    return [
        Figure(f"retrieval: 4 most similar of {size:,} past replies", indexed, target="< 25 ms"),
        Figure(f"retrieval: brute-force token_set_ratio over {size:,} (reference)", brute),
        Figure("retrieval: speed-up of the index over brute force", value=median(brute) / median(indexed), unit="×"),
        Figure("retrieval: top match shares the query's topic, index", value=100 * index_on_topic / len(checked),
               unit="%", note=f"{len(checked)} queries"),
        Figure("retrieval: top match shares the query's topic, brute force (reference)",
               value=100 * brute_on_topic / len(checked), unit="%"),
        Figure(f"retrieval: index build for {size:,} past replies (once per start)", value=build_ms),
    ]


if __name__ == "__main__":
    print_figures(run())
