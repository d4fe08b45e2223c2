"""Many clients at once against the threaded server `tandem serve` runs: no 5xx, no lost update.

Twelve client threads, a bounded number of requests each, mixing suggest (fake Ollama up),
ingest, status changes on shared and on owned inbox items, snippet create/edit/delete,
settings changes and feedback, while the background drafter writes too.
"""

from __future__ import annotations

import json
import random
import threading
import time

import httpx
import pytest

from helpers import free_port

from tandem import create_app
from tandem.cli import make_http_server

CLIENTS = 12
REQUESTS = 40
SHARED_ITEMS = 10
REPLY = json.dumps({"suggestions": [{"text": "Bread flour, always."}, {"text": "I use a 12% protein flour."},
                                    {"text": "Strong white flour for this one!"}]})
# Each of these settings has one owner thread, so its last value sent must be the stored one:
# a lost update (one PATCH overwriting another's key with a stale copy) would show.
OWNED_SETTINGS = {0: ("draft_daily_cap", lambda n: 300 + n), 1: ("batch_limit", lambda n: n),
                  2: ("session_minutes", lambda n: n), 3: ("n", lambda n: 1 + n % 5),
                  4: ("temperature", lambda n: round(0.1 * (n % 20), 1)),
                  5: ("tone", lambda n: ("warm", "playful", "professional", "concise")[n % 4])}
STATUSES = ("skipped", "replied", "inserted", "hidden")


@pytest.fixture
def server(tmp_path, fake_ollama):
    fake_ollama.reply = REPLY
    app = create_app({"HOME": tmp_path / "home", "PORT": free_port(), "OLLAMA_HOST": fake_ollama.url,
                      "OLLAMA_TIMEOUT": 10.0, "LOG_LEVEL": "WARNING", "DRAFT_WORKERS": 1})
    http_server = make_http_server(app, "127.0.0.1", app.config["PORT"])
    thread = threading.Thread(target=http_server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    app.extensions["tandem"].drafts.start()
    yield app
    app.extensions["tandem"].drafts.stop()
    http_server.shutdown()
    http_server.server_close()
    thread.join(timeout=5)


def client_for(app) -> httpx.Client:
    return httpx.Client(base_url=f"http://127.0.0.1:{app.config['PORT']}", timeout=30,
                        headers={"Authorization": f"Bearer {app.extensions['tandem.token']}"})


class Expected:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snippets: dict[int, dict] = {}  # id -> title/text the owner last stored
        self.deleted: set[int] = set()
        self.statuses: dict[int, str] = {}  # owned items -> the owner's last status
        self.ingested: set[str] = set()
        self.ledger: set[str] = set()
        self.settings: dict[str, object] = {}
        self.failures: list[str] = []
        self.count = 0


def worker(app, number: int, shared: list[int], owned: list[int], expected: Expected) -> None:
    rng = random.Random(number)
    mine: list[int] = []
    with client_for(app) as http:
        def call(method: str, url: str, **kwargs) -> httpx.Response:
            response = http.request(method, url, **kwargs)
            with expected.lock:
                expected.count += 1
                if response.status_code >= 300:
                    expected.failures.append(f"{method} {url}: {response.status_code} {response.text[:300]}")
            return response

        for step in range(REQUESTS):
            kind = (number + step) % 8
            if number in OWNED_SETTINGS and step % 2:
                kind = 7  # settings owners PATCH often, so concurrent PATCHes overlap
            if kind == 0:
                response = call("POST", "/api/suggest", json={"comment": {
                    "platform": "youtube", "author": f"fan{number}", "text": f"What flour, {number}-{step}?"}})
                if response.status_code == 200 and response.json()["engine"] == "ollama":
                    suggestion = response.json()["suggestions"][0]["id"]
                    if call("POST", f"/api/suggestions/{suggestion}/feedback",
                            json={"action": "sent", "final_text": f"Thanks {number}-{step}"}).status_code == 200:
                        expected.ledger.add(suggestion)
            elif kind == 1:
                ids = [f"c{number}-{step}-{n}" for n in range(3)]
                response = call("POST", "/api/inbox/comments", json={"comments": [
                    {"platform": "youtube", "author": f"fan{number}-{n}", "id": comment_id,
                     "text": f"How long do you proof batch {comment_id}?"} for n, comment_id in enumerate(ids)]})
                if response.status_code == 200:
                    assert response.json()["added"] == 3
                    expected.ingested.update(ids)
            elif kind == 2:
                call("PATCH", f"/api/inbox/{rng.choice(shared)}", json={"status": rng.choice(STATUSES)})
            elif kind == 3:
                item_id, status = rng.choice(owned), rng.choice(STATUSES)
                if call("PATCH", f"/api/inbox/{item_id}", json={"status": status}).status_code == 200:
                    expected.statuses[item_id] = status
            elif kind in (4, 5):
                title = f"Snippet {number}-{step}"
                response = call("POST", "/api/snippets", json={"title": title, "text": f"Text {number}-{step}"})
                if response.status_code == 201:
                    mine.append(response.json()["id"])
                    expected.snippets[response.json()["id"]] = {"title": title, "text": f"Text {number}-{step}"}
            elif kind == 6 and mine:
                snippet_id = rng.choice(mine)
                if rng.random() < 0.4:
                    if call("DELETE", f"/api/snippets/{snippet_id}").status_code == 204:
                        mine.remove(snippet_id)
                        expected.snippets.pop(snippet_id)
                        expected.deleted.add(snippet_id)
                else:
                    text = f"Edited {number}-{step}"
                    if call("PATCH", f"/api/snippets/{snippet_id}", json={"text": text}).status_code == 200:
                        expected.snippets[snippet_id]["text"] = text
            else:
                if number in OWNED_SETTINGS:
                    name, value_for = OWNED_SETTINGS[number]
                    value = value_for(step)
                    if call("PATCH", "/api/settings", json={name: value}).status_code == 200:
                        expected.settings[name] = value
                else:
                    call("GET", "/api/inbox", params={"per_page": 50})


def test_twelve_clients_lose_no_update_and_never_5xx(server, tmp_path):
    app = server
    with client_for(app) as http:
        shared = http.post("/api/inbox/comments", json={"comments": [
            {"platform": "youtube", "author": f"s{n}", "id": f"shared-{n}", "text": f"Shared question {n}?"}
            for n in range(SHARED_ITEMS)]}).json()["ids"]
        owned_ids = http.post("/api/inbox/comments", json={"comments": [
            {"platform": "youtube", "author": f"o{n}", "id": f"owned-{n}", "text": f"Owned question {n}?"}
            for n in range(CLIENTS * 3)]}).json()["ids"]
    owned = {number: owned_ids[number * 3:number * 3 + 3] for number in range(CLIENTS)}
    expected = Expected()
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            worker(app, number, shared, owned[number], expected)
        except BaseException as error:  # surfaced below
            errors.append(error)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(number,)) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert expected.failures == []
    assert expected.count >= CLIENTS * REQUESTS
    assert elapsed < 60, f"{expected.count} requests took {elapsed:.1f} s"

    app.extensions["tandem"].drafts.stop()  # nothing writes behind our back while we compare
    home = tmp_path / "home"
    on_disk = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in home.glob("*.json")}
    assert not [path for path in home.rglob("*") if ".damaged-" in path.name or path.suffix == ".tmp"]

    with client_for(app) as http:
        snippets = {item["id"]: item for item in http.get("/api/snippets").json()["items"]}
        assert set(snippets) == set(expected.snippets)  # every create kept, every delete gone
        assert all(snippets[key]["title"] == value["title"] and snippets[key]["text"] == value["text"]
                   for key, value in expected.snippets.items())
        settings = http.get("/api/settings").json()["settings"]
        assert {name: settings[name] for name in expected.settings} == expected.settings
        everything = "new,drafted,inserted,replied,skipped,hidden"
        items, page = [], 1
        while True:
            listing = http.get("/api/inbox", params={"status": everything, "per_page": 200, "page": page}).json()
            items += listing["items"]
            if len(items) >= listing["total"]:
                break
            page += 1
        by_comment = {item["comment"]["id"]: item for item in items}
        assert expected.ingested <= set(by_comment)
        assert len(items) == len(by_comment) == SHARED_ITEMS + CLIENTS * 3 + len(expected.ingested)
        by_id = {item["id"]: item for item in items}
        assert {item_id: by_id[item_id]["status"] for item_id in expected.statuses} == expected.statuses
        assert all(by_id[item_id]["status"] in STATUSES + ("new", "drafted") for item_id in shared)

    # What the server holds in memory is what is on disk.
    disk_snippets = {int(key): doc for key, doc in on_disk["snippets"]["_default"].items()}
    assert {key: (doc["title"], doc["text"]) for key, doc in disk_snippets.items()} == \
        {key: (value["title"], value["text"]) for key, value in expected.snippets.items()}
    disk_inbox = on_disk["inbox"]["_default"]
    assert {int(key): doc["status"] for key, doc in disk_inbox.items()} == \
        {item_id: item["status"] for item_id, item in by_id.items()}
    assert on_disk["settings"]["preferences"]["1"] | expected.settings == on_disk["settings"]["preferences"]["1"]
    ledger = {doc["suggestion_id"] for doc in on_disk.get("ledger", {}).get("_default", {}).values()}
    assert expected.ledger <= ledger and expected.ledger
    reopened = create_app({"HOME": home, "PORT": free_port(), "OLLAMA_HOST": "http://127.0.0.1:9",
                           "LOG_LEVEL": "WARNING", "DRAFT_WORKERS": 0}).extensions["tandem"]
    reopened_items = [item for page in range(1, len(by_id) // 200 + 2)
                      for item in reopened.inbox.list(status=everything, per_page=200, page=page)["items"]]
    assert {item["id"]: item["status"] for item in reopened_items} == \
        {item_id: item["status"] for item_id, item in by_id.items()}
    assert {item["id"]: item for item in reopened.snippets.all()} == snippets
