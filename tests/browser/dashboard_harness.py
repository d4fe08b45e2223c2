"""Fixtures for the dashboard tests: a real Tandem server on a loopback port (the same werkzeug
server `tandem serve` runs), a fake Ollama, and an inbox seeded through the public API.

    from dashboard_harness import *  # noqa: F403  (fixtures: dashboard, seeded ...)
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_kit import XSS_TEXT, api_request, error_log, free_port, suggestions_reply
from fake_ollama import FakeOllama

from tandem import create_app
from tandem.cli import make_http_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["DRAFTS", "Dashboard", "Seeded", "XSS_TEXT", "console_errors", "dashboard", "seed_inbox", "seeded"]

DRAFTS = ["Thank you, that means a lot!", "So glad it helped you.", "Appreciate you watching!"]
PLATFORMS = ("youtube", "x", "reddit", "instagram", "tiktok", "facebook", "linkedin")
SPAM_WAVE = "sub4sub check my channel www.free-subs.example for FREE followers"
TOXIC = "You are a worthless idiot and everyone hates your stupid videos"
SENSITIVE = "My mum died last month and your videos are the only thing that gets me through the day"
QUESTIONS = ["What flour do you use for the {n} loaf?", "How long do you proof the dough for batch {n}?",
             "Which oven temperature works for recipe {n}?", "Can I use rye instead of spelt in number {n}?"]
PRAISE = ["Loved video {n}, the crumb looks amazing!", "Best tutorial so far, number {n} is great",
          "Thanks for this, {n} made my weekend"]
CHATTER = ["watching this at {n} am lol", "first time here, video {n}", "the music in part {n} is nice"]


@dataclass
class Dashboard:
    """A running Tandem app; `api()` calls it as a paired client would."""

    app: Any
    port: int
    ollama: FakeOllama

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        return self.app.extensions["tandem.token"]

    @property
    def services(self) -> Any:
        return self.app.extensions["tandem"]

    def api(self, method: str, path: str, body: Any = None) -> Any:
        try:
            with urllib.request.urlopen(api_request(self.url, self.token, method, path, body), timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path} -> {error.code}: {error.read()[:300]!r}") from None

    def item(self, item_id: int) -> dict[str, Any]:
        return self.api("GET", f"/api/inbox/{item_id}")


@dataclass
class Seeded:
    """Ids of the interesting comments of the seeded inbox."""

    toxic: int = 0
    sensitive: int = 0
    xss: int = 0
    spam_leader: int = 0
    spam_size: int = 0
    drafted: list[int] = field(default_factory=list)
    regular: list[int] = field(default_factory=list)  # regular_rita's three comments, the first replied today


def seed_inbox(dashboard: Dashboard, *, fillers: int = 260, spam_copies: int = 24, drafts: int = 4) -> Seeded:
    """A few hundred comments across every platform, the interesting ones among them, and the
    most urgent few drafted by the real drafting queue against the fake Ollama."""
    comments: list[dict[str, Any]] = []

    def add(text: str, author: str, platform: str = "youtube", **extra: Any) -> None:
        number = len(comments)
        comments.append({"platform": platform, "text": text, "author": author, "id": f"c{number}",
                         "url": f"https://www.youtube.com/watch?v=v{number % 7}&lc=c{number}",
                         "post_title": f"Sourdough, part {number % 7}"} | extra)

    for n in range(fillers):
        pool = (QUESTIONS, PRAISE, CHATTER)[n % 3]
        add(pool[n % len(pool)].format(n=n), f"fan{n % 63}", PLATFORMS[n % len(PLATFORMS)])  # same fan, same site
    for n in range(spam_copies):
        add(SPAM_WAVE, f"bot{n}", "youtube", url="https://www.youtube.com/watch?v=spam")
    for text in ("Your rye video changed my life", "Tried the spelt loaf today", "Do you ever bake with einkorn?"):
        add(text, "regular_rita", "reddit")
    add(TOXIC, "angry_person")
    add(SENSITIVE, "quiet_fan")
    # Sent HTML-escaped: the server turns markup into text, so this is how a comment that *shows*
    # markup arrives (the extension reads textContent); it is stored as the literal XSS_TEXT.
    add(XSS_TEXT, "html_tester")  # text is stored as typed, markup and all
    ids: list[int] = []
    for start in range(0, len(comments), 200):
        ids += dashboard.api("POST", "/api/inbox/comments", {"comments": comments[start:start + 200]})["ids"]
    by_author = {comment["author"]: item_id for comment, item_id in zip(comments, ids, strict=True)}
    seeded = Seeded(toxic=by_author["angry_person"], sensitive=by_author["quiet_fan"], xss=by_author["html_tester"],
                    spam_leader=by_author["bot0"])
    seeded.regular = [item_id for comment, item_id in zip(comments, ids, strict=True) if comment["author"] == "regular_rita"]
    dashboard.api("PATCH", f"/api/inbox/{seeded.regular[0]}", {"status": "replied"})
    seeded.spam_size = dashboard.item(seeded.spam_leader)["group"]["size"]
    dashboard.ollama.reply = suggestions_reply(DRAFTS)
    queue = dashboard.services.drafts
    for _ in range(drafts):
        assert queue.run_once() == "drafted"
    seeded.drafted = [item["id"] for item in dashboard.api("GET", "/api/inbox?status=drafted&per_page=200")["items"]]
    return seeded


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[Dashboard]:
    """A fresh Tandem server (its own data folder) with the fake Ollama up, for one test."""
    with FakeOllama() as ollama:
        port = free_port()
        app = create_app({"HOME": tmp_path / "home", "PORT": port, "OLLAMA_HOST": ollama.url,
                          "OLLAMA_TIMEOUT": 10.0, "LOG_LEVEL": "WARNING", "DRAFT_WORKERS": 0})
        server = make_http_server(app, "127.0.0.1", port)
        thread = threading.Thread(target=server.serve_forever, name=f"tandem-dashboard-{port}", daemon=True)
        thread.start()
        try:
            yield Dashboard(app, port, ollama)
        finally:
            server.shutdown()
            server.server_close()
            app.extensions["tandem"].drafts.stop()


@pytest.fixture
def seeded(dashboard: Dashboard) -> Seeded:
    return seed_inbox(dashboard)


@pytest.fixture
def console_errors(page: Page) -> Iterator[list[str]]:
    """Uncaught page errors and console messages of type error, from before navigation."""
    with error_log(page) as errors:
        yield errors


# ---------------------------------------------------------------- voice, prompts and stats pages


def send_replies(dashboard: Dashboard, finals: list[str | None], *, drafts: list[str] = DRAFTS) -> list[str]:
    """Replies sent through the public API as the extension sends them: POST /api/suggest for a
    comment (the fake Ollama answers `drafts`), then feedback "sent" with the final text (None:
    the first draft as suggested). Returns the suggestion ids, in order."""
    dashboard.ollama.reply = suggestions_reply(drafts)
    ids = []
    for number, final in enumerate(finals):
        comment = {"platform": PLATFORMS[number % len(PLATFORMS)], "author": f"viewer{number}", "id": f"s{number}",
                   "text": f"Question number {number} about the {['rye', 'spelt', 'oven', 'starter'][number % 4]} bake?"}
        first = dashboard.api("POST", "/api/suggest", {"comment": comment})["suggestions"][0]
        dashboard.api("POST", f"/api/suggestions/{first['id']}/feedback",
                      {"action": "sent", "final_text": first["text"] if final is None else final, "seconds": 10 + number})
        ids.append(first["id"])
    return ids


def backdate_replies(dashboard: Dashboard, suggestion_ids: list[str], days: float) -> None:
    """Move ledger entries `days` into the past (stats group them by the week they were made)."""
    from tinydb import Query
    store = dashboard.services.store
    with store.transaction():
        ledger = store.table("ledger")
        for suggestion_id in suggestion_ids:
            entry = ledger.get(Query().suggestion_id == suggestion_id)
            ledger.update({"created_at": entry["created_at"] - days * 86400}, doc_ids=[entry.doc_id])
