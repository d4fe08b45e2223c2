"""Shared by the bench scripts: synthetic data, timing and the figures they report.

Figures are medians with their spread (10th-90th percentile) and, where there is a reference,
a ratio measured in the same run, because this machine is shared and noisy: absolute numbers
drift between runs, ratios much less.
"""

from __future__ import annotations

import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

SYLLABLES = ["ba", "ke", "ri", "so", "lu", "ma", "ne", "to", "pi", "da", "fo", "gu", "ze", "ha", "ly", "qu"]
COMMON = ["the", "this", "you", "is", "so", "what", "do", "love", "great", "video", "how", "thanks", "your", "i",
          "and", "it", "for", "of", "my", "can", "use", "best", "make", "one", "please"]


def vocabulary(size: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def comments(count: int, seed: int = 1, vocab_size: int = 8000) -> list[str]:
    """Comment-like texts: common words plus topic words drawn with a Zipf-like skew, as in
    real comment sections where a few topics recur and most words are rare."""
    rng = random.Random(seed)
    vocab = vocabulary(vocab_size)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    topical = rng.choices(vocab, weights=weights, k=count * 6)
    texts = []
    for index in range(count):
        words = rng.sample(COMMON, rng.randint(2, 6)) + topical[index * 6: index * 6 + rng.randint(1, 6)]
        rng.shuffle(words)
        texts.append(" ".join(words).capitalize() + rng.choice(["?", "!", ".", "", " 🍞"]))
    return texts


def timed(function: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


@dataclass
class Figure:
    name: str
    samples_ms: list[float] = field(default_factory=list)
    value: float | None = None       # for figures that are not timings (MB, ratios)
    unit: str = "ms"
    target: str = ""
    note: str = ""

    @property
    def median(self) -> float:
        return self.value if self.value is not None else statistics.median(self.samples_ms)

    def spread(self) -> str:
        if not self.samples_ms:
            return ""
        ordered = sorted(self.samples_ms)
        low = ordered[int(0.1 * (len(ordered) - 1))]
        high = ordered[int(0.9 * (len(ordered) - 1))]
        return f"{low:.2f}–{high:.2f}"

    def row(self) -> str:
        return f"| {self.name} | {self.median:.2f} {self.unit} | {self.spread()} | {self.target} | {self.note} |"


def machine() -> str:
    import os
    return f"{platform.python_implementation()} {platform.python_version()}, {platform.system()} {platform.machine()}, {os.cpu_count()} cores"


def print_figures(figures: list[Figure]) -> None:
    for figure in figures:
        print(f"{figure.name}: median {figure.median:.2f} {figure.unit} (p10–p90 {figure.spread() or '-'}) "
              f"target {figure.target or '-'} {figure.note}")
