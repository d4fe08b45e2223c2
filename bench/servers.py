"""Real processes for end-to-end benchmarks: a fake Ollama and ``tandem serve``, each in its own
process so neither competes with the measuring client for one interpreter's GIL."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

ROOT = Path(__file__).resolve().parent.parent

FAKE_SCRIPT = """
import json, sys, threading
sys.path.insert(0, {tests!r})
from fake_ollama import FakeOllama
settings = json.loads(sys.argv[1])
fake = FakeOllama().start()
for key, value in settings.items():
    setattr(fake, key, value)
print(fake.url, flush=True)
threading.Event().wait()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def fake_ollama(**knobs: object) -> Iterator[str]:
    process = subprocess.Popen([sys.executable, "-c", FAKE_SCRIPT.format(tests=str(ROOT / "tests")), json.dumps(knobs)],
                               stdout=subprocess.PIPE, text=True)
    try:
        yield process.stdout.readline().strip()
    finally:
        process.kill()
        process.wait()


@contextmanager
def tandem_server(home: Path, ollama_url: str) -> Iterator[tuple[str, str, subprocess.Popen]]:
    port = free_port()
    env = os.environ | {"TANDEM_HOME": str(home), "OLLAMA_HOST": ollama_url, "TANDEM_LOG_LEVEL": "ERROR"}
    process = subprocess.Popen([sys.executable, "-m", "tandem", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/api/health", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("tandem serve did not start") from None
                time.sleep(0.1)
        time.sleep(3)  # serve builds the triage rules in the background at start: let it finish
        yield url, (home / "token").read_text().strip(), process
    finally:
        process.terminate()
        process.wait(timeout=10)
