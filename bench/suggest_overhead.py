"""Tandem's own overhead per suggestion, against a fake model that answers instantly.

Setup: 10,000 past replies and 500 snippets stored; ``tandem serve`` and the fake Ollama HTTP
server run as separate processes on loopback. Each round times, back to back on the same fake,
a direct ``ollama`` client call with the same messages and options, and an end-to-end
``POST /api/suggest``. Overhead = end-to-end minus direct. Then the same with a fake that takes
200 ms before its first token.
Targets: under 5 ms median added; end-to-end / direct under 1.10 when the model takes 200 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import ollama

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, comments, print_figures  # noqa: E402
from servers import fake_ollama, tandem_server  # noqa: E402

from tandem import create_app  # noqa: E402
from tandem.comments import Comment  # noqa: E402
from tandem.llm import suggestions_schema  # noqa: E402

REPLY = '{"suggestions": [{"text": "Thanks so much!"}, {"text": "Great question, more soon."}, {"text": "Bread flour, always."}]}'


def seed(home: Path) -> list:
    app = create_app({"HOME": home, "LOG_LEVEL": "ERROR"})
    tandem = app.extensions["tandem"]
    texts = comments(10_500, seed=11)
    tandem.voice.add_replies([{"comment": text, "reply": f"reply {i}"} for i, text in enumerate(texts[:10_000])])
    tandem.snippets.create_many([{"title": f"snippet {i}", "text": texts[10_000 + i]} for i in range(500)])
    return tandem.suggester.build_prompt(Comment(platform="youtube", text=texts[0]), n=3, tone="warm",
                                         examples=tandem.voice.similar(texts[0], 4)).messages


def measure(home: Path, messages: list, model_ms: int, rounds: int) -> tuple[list[float], list[float], list[float]]:
    with fake_ollama(reply=REPLY, chunk_size=16, first_token_delay=model_ms / 1000) as ollama_url, \
            tandem_server(home, ollama_url) as (url, token, _):
        direct = ollama.Client(host=ollama_url, timeout=30)
        http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        queries = comments(rounds, seed=99)

        def direct_call() -> None:
            for _ in direct.chat(model="llama3.2:3b", messages=messages, stream=True, format=suggestions_schema(3),
                                 options={"temperature": 0.7, "num_ctx": 4096, "num_predict": 660}, keep_alive="30m"):
                pass

        def tandem_call(text: str) -> dict:
            body = http.post("/api/suggest", json={"comment": {"platform": "youtube", "text": text}, "n": 3}).json()
            assert body["engine"] == "ollama", body
            return body

        for _ in range(5):
            direct_call()
            tandem_call(queries[0])
        directs, ends, inside = [], [], []
        for text in queries:
            started = time.perf_counter()
            direct_call()
            directs.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            body = tandem_call(text)
            ends.append((time.perf_counter() - started) * 1000)
            inside.append(body["timings_ms"]["total"] - body["timings_ms"]["model"])
        return directs, ends, inside


def run(rounds: int = 80) -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        messages = seed(home)
        for model_ms, count in ((0, rounds), (200, rounds // 4)):
            directs, ends, inside = measure(home, messages, model_ms, count)
            label = "instant model" if model_ms == 0 else "model taking 200 ms"
            ratio = statistics.median(ends) / statistics.median(directs)
            if model_ms == 0:
                figures.append(Figure("suggest: overhead added by Tandem (end-to-end − direct ollama call), " + label,
                                      [end - direct for end, direct in zip(ends, directs)], target="< 5 ms",
                                      note=f"direct call median {statistics.median(directs):.2f} ms"))
                figures.append(Figure("suggest: pipeline work outside the model call (retrieval, prompt, guard)",
                                      inside, note="10,000 past replies, 500 snippets"))
            figures.append(Figure(f"suggest: end-to-end / direct, {label}", value=ratio, unit="×",
                                  target="< 1.10" if model_ms else "",
                                  note=f"medians {statistics.median(ends):.1f} / {statistics.median(directs):.1f} ms"))
    return figures


if __name__ == "__main__":
    print_figures(run())
