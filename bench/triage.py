"""Triage throughput: 10,000 comments of about 200 characters, each a labelled comment plus
ordinary chatter, triaged in well under a second (it runs on every ingested batch)."""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Figure, print_figures  # noqa: E402

from tandem.triage import triage  # noqa: E402

FILLER = ["I watched this with my brother last night and we both liked the part about the old bridge.",
          "The drone shots over the river at sunset were something else, the town looks lovely.",
          "Been here since the early days and the production keeps getting better every year.",
          "My grandpa used to fish there every summer, he would have loved this."]


def run() -> list[Figure]:
    labelled = json.loads((Path(__file__).resolve().parent.parent / "tests" / "data" / "triage_labelled.json").read_text())
    rng = random.Random(7)
    comments = [(rng.choice(labelled)["text"] + " " + " ".join(rng.sample(FILLER, 3)))[:200] for _ in range(10_000)]
    triage("warm up")  # the rules are compiled once per process
    samples = []
    for _ in range(5):
        started = time.process_time()
        for comment in comments:
            triage(comment)
        samples.append((time.process_time() - started) * 1000)
    return [Figure("triage: 10,000 comments of ~200 characters (CPU time)", samples, target="< 1000 ms",
                   note=f"{min(samples) / 10:.0f} µs a comment at best")]


if __name__ == "__main__":
    print_figures(run())
