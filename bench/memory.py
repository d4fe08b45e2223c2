"""Server memory with a full data folder: 20,000 inbox items and 100,000 past replies, measured
as the resident set size of a real `tandem serve` process after it has loaded both (target
under 200 MB), against the same process with an empty data folder."""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Figure, comments, print_figures  # noqa: E402
from inbox import batch  # noqa: E402
from servers import tandem_server  # noqa: E402

from tandem.inbox import Inbox  # noqa: E402
from tandem.store import Store  # noqa: E402
from tandem.voice import Voice  # noqa: E402


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def seed(home: Path, inbox_items: int, replies: int) -> None:
    store = Store(home)
    texts = comments(replies, seed=5)
    Voice(store).add_replies([{"comment": text, "reply": f"Thanks! {index}"} for index, text in enumerate(texts)])
    inbox = Inbox(store, max_batch=1000, max_comment_chars=4000)
    rng = random.Random(2)
    fresh = comments(inbox_items, seed=9)
    for start in range(0, inbox_items, 1000):
        inbox.ingest(batch(fresh[start:start + 1000], start, rng))


def loaded_rss(home: Path) -> float:
    with tandem_server(home, "http://127.0.0.1:9") as (url, token, process):
        headers = {"Authorization": f"Bearer {token}"}
        # Touch both in-memory models: the retrieval index and the inbox read model.
        httpx.post(f"{url}/api/suggest", json={"comment": {"platform": "youtube", "text": "what flour?"}},
                   headers=headers, timeout=60).raise_for_status()
        httpx.get(f"{url}/api/inbox", params={"label": "question"}, headers=headers, timeout=60).raise_for_status()
        return resident_mb(process.pid)


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full:
        baseline = loaded_rss(Path(empty))
        seed(Path(full), 20_000, 100_000)
        size_mb = sum(path.stat().st_size for path in Path(full).glob("*.json")) / 1e6
        loaded = loaded_rss(Path(full))
    return [
        Figure("memory: tandem serve, empty data folder (resident)", value=baseline, unit="MB"),
        Figure("memory: tandem serve with 20,000 inbox items and 100,000 past replies (resident)", value=loaded,
               unit="MB", target="< 200 MB", note=f"data files {size_mb:.0f} MB on disk"),
        Figure("memory: full / empty", value=loaded / baseline, unit="×"),
    ]


if __name__ == "__main__":
    print_figures(run())
