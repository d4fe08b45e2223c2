"""Faults: kill -9 at random moments, Ollama failing under load, a read-only or full disk.

Every loop here is bounded in count and in time; all traffic stays on loopback.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest

from helpers import free_port, paired_client

from tandem import create_app
from tandem.cli import make_http_server

REPLY = json.dumps({"suggestions": [{"text": "Bread flour, always."}, {"text": "I use a 12% protein flour."},
                                    {"text": "Strong white flour for this one!"}]})


def data_files(home: Path) -> list[Path]:
    return sorted(path for path in home.rglob("*") if path.is_file())


def assert_data_folder_sound(home: Path) -> dict[str, dict]:
    """Every data file parses as JSON, nothing was moved aside as damaged; returns the data."""
    names = [path.name for path in data_files(home)]
    assert not [name for name in names if ".damaged-" in name], names
    parsed = {}
    for path in home.glob("*.json"):
        parsed[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(parsed[path.stem], dict)
    return parsed


# ---------------------------------------------------------------------------------------- 1
# Crash safety: a real `tandem serve`, SIGKILLed at random moments, started again each time.

CRASH_ROUNDS = 21
CRASH_SEED = int(os.environ.get("TANDEM_CRASH_SEED", "20240607"))


class Acknowledged:
    """What the server answered 2xx for (must survive) and what was in flight (may survive)."""

    def __init__(self) -> None:
        self.item_ids: dict[str, int] = {}  # comment id -> inbox item id
        self.snippets: set[str] = set()
        self.ledger: set[str] = set()
        self.cap = 200  # draft_daily_cap, only ever raised
        self.cap_in_flight: int | None = None
        self.statuses: dict[int, str] = {}
        self.status_in_flight: tuple[int, str] | None = None
        self.unexpected: list[str] = []
        self.writes = 0


def drive(http: httpx.Client, acked: Acknowledged, rng: random.Random, round_number: int, stop: threading.Event) -> None:
    """One client: mixed writes until the server dies (or ``stop``); bounded by count."""
    serial = 0

    def check(response: httpx.Response) -> bool:
        if 200 <= response.status_code < 300:
            acked.writes += 1
            return True
        acked.unexpected.append(f"{response.request.method} {response.request.url.path}: "
                                f"{response.status_code} {response.text[:200]}")
        return False

    for _ in range(2000):
        if stop.is_set():
            return
        serial += 1
        tag = f"r{round_number}-{serial}"
        choice = rng.random()
        try:
            if choice < 0.3:
                batch = [{"platform": "youtube", "author": f"fan{tag}-{n}", "id": f"{tag}-{n}",
                          "text": f"How long do you proof dough number {tag}-{n}?"} for n in range(5)]
                response = http.post("/api/inbox/comments", json={"comments": batch})
                if check(response):
                    body = response.json()
                    assert body["added"] == 5, body
                    acked.item_ids.update({comment["id"]: item_id for comment, item_id in zip(batch, body["ids"])})
            elif choice < 0.45:
                response = http.post("/api/suggest", json={"comment": {"platform": "youtube", "author": "sam",
                                                                       "text": f"What flour for {tag}?"}})
                if check(response):
                    suggestion = response.json()["suggestions"][0]
                    response = http.post(f"/api/suggestions/{suggestion['id']}/feedback",
                                         json={"action": "sent", "final_text": f"My words {tag}"})
                    if check(response):
                        acked.ledger.add(suggestion["id"])
            elif choice < 0.6:
                value = acked.cap + 1 + rng.randrange(5)
                acked.cap_in_flight = value
                if check(http.patch("/api/settings", json={"draft_daily_cap": value})):
                    acked.cap, acked.cap_in_flight = value, None
            elif choice < 0.8:
                title = f"Snippet {tag}"
                if check(http.post("/api/snippets", json={"title": title, "text": f"Text of {tag}", "tags": ["t"]})):
                    acked.snippets.add(title)
            elif acked.item_ids:
                item_id = rng.choice(list(acked.item_ids.values()))
                status = rng.choice(["skipped", "replied", "inserted", "hidden"])
                acked.status_in_flight = (item_id, status)
                if check(http.patch(f"/api/inbox/{item_id}", json={"status": status})):
                    acked.statuses[item_id] = status
                    acked.status_in_flight = None
        except httpx.TransportError:
            return  # the server was killed under us; whatever was in flight is unacknowledged


def verify_on_disk(home: Path, acked: Acknowledged) -> None:
    data = assert_data_folder_sound(home)
    inbox = data.get("inbox", {}).get("_default", {})
    for comment_id, item_id in acked.item_ids.items():
        assert str(item_id) in inbox, f"acknowledged inbox item {item_id} ({comment_id}) is gone"
        assert inbox[str(item_id)]["comment"]["id"] == comment_id
    for item_id, status in list(acked.statuses.items()):
        stored = inbox[str(item_id)]["status"]
        allowed = {status} | ({acked.status_in_flight[1]} if acked.status_in_flight and
                              acked.status_in_flight[0] == item_id else set())
        assert stored in allowed, f"item {item_id}: stored {stored!r}, acknowledged {status!r}"
        acked.statuses[item_id] = stored  # the disk is the truth from here on
    if acked.status_in_flight and acked.status_in_flight[0] not in acked.statuses:
        item_id, status = acked.status_in_flight
        if inbox[str(item_id)]["status"] == status:
            acked.statuses[item_id] = status
    acked.status_in_flight = None
    titles = {doc["title"] for doc in data.get("snippets", {}).get("_default", {}).values()}
    missing = acked.snippets - titles
    assert not missing, f"acknowledged snippets lost: {sorted(missing)[:5]}"
    ledger = {doc["suggestion_id"] for doc in data.get("ledger", {}).get("_default", {}).values()}
    assert not acked.ledger - ledger, f"acknowledged feedback lost: {sorted(acked.ledger - ledger)[:5]}"
    cap = data.get("settings", {}).get("preferences", {}).get("1", {}).get("draft_daily_cap", 200)
    assert cap in {acked.cap, acked.cap_in_flight}, f"draft_daily_cap {cap}, acknowledged {acked.cap}"
    acked.cap, acked.cap_in_flight = cap, None


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_no_acknowledged_write(tmp_path, fake_ollama):
    rng = random.Random(CRASH_SEED)
    fake_ollama.reply = REPLY
    home, port = tmp_path / "home", free_port()
    env = os.environ | {"TANDEM_HOME": str(home), "OLLAMA_HOST": fake_ollama.url, "TANDEM_LOG_LEVEL": "WARNING",
                        "TANDEM_DRAFT_WORKERS": "1", "TANDEM_OLLAMA_TIMEOUT": "5"}
    acked = Acknowledged()
    started = time.monotonic()

    def serve() -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-m", "tandem", "serve", "--port", str(port)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = process.stdout.readline()
        assert "is running" in line, f"tandem serve did not start: {line!r} (exit {process.poll()})"
        return process

    def client() -> httpx.Client:
        token = (home / "token").read_text().strip()
        return httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"},
                            timeout=10)

    kills = 0
    for round_number in range(CRASH_ROUNDS):
        assert time.monotonic() - started < 85, f"crash loop too slow ({kills} kills)"
        process = serve()
        stop = threading.Event()
        with client() as http:
            worker = threading.Thread(target=drive, args=(http, acked, random.Random(rng.random()), round_number, stop))
            worker.start()
            time.sleep(rng.uniform(0.1, 2.0))  # a random moment: mid-request, mid-write, mid-draft
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            kills += 1
            stop.set()
            worker.join(timeout=15)
            assert not worker.is_alive()
        process.stdout.close()
        verify_on_disk(home, acked)

    print(f"{kills} kills in {time.monotonic() - started:.1f} s; acknowledged: {acked.writes} writes, "
          f"{len(acked.item_ids)} inbox items, {len(acked.snippets)} snippets, {len(acked.ledger)} feedback, "
          f"{len(acked.statuses)} statuses, draft_daily_cap {acked.cap}")
    assert kills >= 20
    assert acked.unexpected == []
    assert acked.writes > 100 and acked.item_ids and acked.snippets and acked.ledger and acked.statuses
    # Finally the server starts on what is left and serves every acknowledged write.
    process = serve()
    try:
        with client() as http:
            assert http.get("/api/health").status_code == 200
            # The start removed every temp file a killed server left; only the live server's own
            # (named with its pid, mid-write) may exist now.
            leftovers = [path.name for path in home.glob(".*.tmp") if f".{process.pid}." not in path.name]
            assert leftovers == [], "temp files from killed writes were left behind"
            listing = http.get("/api/inbox", params={"status": ",".join(
                ["new", "drafted", "inserted", "replied", "skipped", "hidden"]), "per_page": 200}).json()
            assert listing["total"] >= len(acked.item_ids)
            titles = {item["title"] for item in http.get("/api/snippets").json()["items"]}
            assert acked.snippets <= titles
            assert http.get("/api/settings").json()["settings"]["draft_daily_cap"] == acked.cap
            for item_id, status in list(acked.statuses.items())[:20]:
                assert http.get(f"/api/inbox/{item_id}").json()["status"] == status
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


# ---------------------------------------------------------------------------------------- 3
# Ollama faults while clients suggest concurrently, with the drafting queue waiting for Ollama.

TIMEOUT = 1.0
MARGIN = 2.5


class LiveServer:
    """The app behind the same threaded werkzeug server `tandem serve` runs, on a free port."""

    def __init__(self, app) -> None:
        self.app = app
        self.port = app.config["PORT"]
        self.server = make_http_server(app, "127.0.0.1", self.port)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def client(self, timeout: float = 15) -> httpx.Client:
        return httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=timeout,
                            headers={"Authorization": f"Bearer {self.app.extensions['tandem.token']}"})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(tmp_path, fake_ollama):
    servers = []

    def make(**overrides) -> LiveServer:
        config = {"HOME": tmp_path / "home", "PORT": free_port(), "OLLAMA_HOST": fake_ollama.url,
                  "OLLAMA_TIMEOUT": TIMEOUT, "LOG_LEVEL": "WARNING", "DRAFT_WORKERS": 1} | overrides
        server = LiveServer(create_app(config))
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.app.extensions["tandem"].drafts.stop()
        server.close()


FAULTS = {  # phase -> (how to cause it, words the reason must contain)
    "down": (lambda fake: fake.go_down(), "not running"),
    "slow": (lambda fake: setattr(fake, "mode", "slow"), "longer than 1 s"),
    "hang": (lambda fake: setattr(fake, "mode", "hang"), "longer than 1 s"),
    "no_model": (lambda fake: setattr(fake, "models", []), "ollama pull"),
    "error_mid_stream": (lambda fake: setattr(fake, "mode", "error_mid_stream"), "middle of an answer"),
    # Valid JSON with nothing usable in it: the saved replies answer instead.
    "empty_answer": (lambda fake: setattr(fake, "reply", '{"suggestions": []}'), "no usable reply"),
    # Prose instead of JSON. By design (tests/test_parse.py) plain text is taken as one
    # suggestion, so this phase may answer "ollama"; it must still be quick, 200, and non-empty.
    "garbage": (lambda fake: setattr(fake, "mode", "garbage"), None),
    "http_500": (lambda fake: setattr(fake, "mode", "http_500"), "error (500)"),
}


def heal(fake) -> None:
    fake.come_back()
    fake.reply = REPLY
    fake.mode = "ok"
    fake.models = ["llama3.2:3b"]


def test_ollama_faults_under_concurrent_suggest_then_drafting_resumes(live_server, fake_ollama):
    fake_ollama.reply = REPLY
    server = live_server()
    tandem = server.app.extensions["tandem"]
    tandem.drafts._retry_seconds = 0.3  # the default 15 s retry would outlast the test
    tandem.drafts.start()
    phase = {"name": "ok"}
    results: list[tuple[str, str, int, float, dict]] = []
    problems: list[str] = []
    stop = threading.Event()

    def suggester(number: int) -> None:
        with server.client() as http:
            deadline = time.monotonic() + 60
            for count in range(1500):  # ~0.05 s apart: enough for every phase, bounded anyway
                if stop.is_set() or time.monotonic() > deadline:
                    return
                time.sleep(0.03)
                name = phase["name"]
                began = time.monotonic()
                try:
                    response = http.post("/api/suggest", json={"comment": {
                        "platform": "youtube", "author": f"fan{number}", "text": f"What flour do you use {number}-{count}?"}})
                except httpx.HTTPError as error:
                    problems.append(f"{name}: {type(error).__name__}: {error}")
                    return
                ended = phase["name"]
                results.append((name, ended, response.status_code, time.monotonic() - began,
                                response.json() if response.headers.get("content-type", "").startswith("application/json") else {}))

    started = time.monotonic()
    threads = [threading.Thread(target=suggester, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.8)
        with server.client() as http:
            for name, (cause, _) in FAULTS.items():
                phase["name"] = "switching"
                heal(fake_ollama)
                cause(fake_ollama)
                phase["name"] = name
                # Draftable comments arrive while Ollama is failing; the queue must not fill them
                # with saved-reply drafts, and must draft them once Ollama is back.
                response = http.post("/api/inbox/comments", json={"comments": [
                    {"platform": "youtube", "author": f"fan-{name}", "id": f"wait-{name}",
                     "text": f"How long do you bake the {name} loaf?"}]})
                assert response.status_code == 200
                time.sleep(2.0)
                assert http.get("/api/health").status_code == 200  # the server stays up
            phase["name"] = "switching"
            heal(fake_ollama)
            phase["name"] = "healed"
            time.sleep(0.8)
    finally:
        stop.set()
        heal(fake_ollama)
        for thread in threads:
            thread.join(timeout=TIMEOUT + MARGIN + 5)
    assert not any(thread.is_alive() for thread in threads)
    assert problems == []

    for name, ended, status, seconds, body in results:
        assert status == 200, (name, status, body)
        assert seconds < TIMEOUT + MARGIN, f"{name}: a suggestion took {seconds:.2f} s"
        assert body["suggestions"], (name, body)
        if body["engine"] == "saved":
            assert body["reason"], (name, body)
        else:
            assert body["engine"] == "ollama" and body["reason"] == ""
    for name, (_, words) in FAULTS.items():
        during = [body for start, end, _, _, body in results if start == end == name]
        assert during, (f"no suggestion ran entirely during {name}", [(a, b, round(c, 2)) for a, b, _, c, _ in results if name in (a, b)])
        if words is None:
            continue
        assert all(body["engine"] == "saved" for body in during), name
        assert any(words in body["reason"] for body in during), (name, {body["reason"] for body in during})
    healthy = [body for start, end, _, _, body in results if start == end and start in ("ok", "healed")]
    assert healthy and all(body["engine"] == "ollama" for body in healthy)

    # The queue drafts every waiting comment from the model once Ollama answers again.
    waiting = {f"wait-{name}" for name in FAULTS}
    deadline = time.monotonic() + 20
    with server.client() as http:
        while True:
            items = http.get("/api/inbox", params={"status": "new,drafted", "per_page": 200}).json()["items"]
            drafted = {item["comment"]["id"]: item for item in items if item["status"] == "drafted"}
            if waiting <= set(drafted):
                break
            assert time.monotonic() < deadline, f"drafting did not resume: {sorted(waiting - set(drafted))}"
            time.sleep(0.2)
    assert all(drafted[key]["engine"] == "ollama" and drafted[key]["drafts"] for key in waiting)
    assert time.monotonic() - started < 60


# ---------------------------------------------------------------------------------------- 4
# Disk faults, simulated in-process (the tests run as root, so chmod would not stop a write).

def _raise(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


def _read_only(mp) -> None:
    """A read-only data folder: nothing can be created, renamed or removed in it."""
    for module, name in ((tempfile, "mkstemp"), (os, "replace"), (os, "unlink"), (os, "rename")):
        mp.setattr(module, name, _raise(errno.EROFS))


DISK_FAULTS = {
    "read_only": _read_only,
    # The temp file was written but the rename fails (e.g. the folder turned read-only meanwhile).
    "read_only_at_rename": lambda mp: mp.setattr(os, "replace", _raise(errno.EROFS)),
    # A full disk: the temp file's data cannot be flushed (fsync reports ENOSPC).
    "disk_full": lambda mp: mp.setattr(os, "fsync", _raise(errno.ENOSPC)),
}


def _writes(client, item_id: int, snippet_id: int, fault: str):
    """Every kind of write the API offers, each as (label, response)."""
    yield "ingest", client.post("/api/inbox/comments", json={"comments": [
        {"platform": "youtube", "author": "new", "id": "fault-1", "text": "Is this stored?"}]})
    yield "inbox patch", client.patch(f"/api/inbox/{item_id}", json={"status": "skipped"})
    yield "inbox bulk", client.post("/api/inbox/bulk", json={"ids": [item_id], "status": "hidden"})
    yield "snippet create", client.post("/api/snippets", json={"title": "New", "text": "New text"})
    yield "snippet edit", client.patch(f"/api/snippets/{snippet_id}", json={"text": "Changed"})
    yield "snippet delete", client.delete(f"/api/snippets/{snippet_id}")
    yield "settings", client.patch("/api/settings", json={"tone": "playful"})
    yield "voice", client.patch("/api/voice", json={"name": "Changed"})
    yield "prompt", client.put("/api/prompts/system", json={"text": "You are {creator}. {voice}"})
    if fault == "read_only":  # deleting a file still works on a full disk
        yield "prompt reset", client.delete("/api/prompts/request")
    suggestion = client.post("/api/suggest", json={"comment": {"platform": "youtube", "text": "What flour?"}})
    assert suggestion.status_code == 200  # suggesting writes nothing, so it keeps working
    yield "feedback", client.post(f"/api/suggestions/{suggestion.get_json()['suggestions'][0]['id']}/feedback",
                                  json={"action": "sent", "final_text": "My words"})
    yield "fan link", client.post("/api/fans/link", json={"a": {"platform": "youtube", "author": "a"},
                                                          "b": {"platform": "x", "author": "b"}})
    yield "notes", client.post("/api/notes", json={"url": "https://youtu.be/x", "notes": "Flour: T65"})
    yield "drafting", client.post("/api/drafting", json={"action": "pause"})
    yield "delete all", client.delete("/api/data", json={"confirm": "delete everything"})


def _snapshot(home: Path) -> dict[str, bytes]:
    return {str(path.relative_to(home)): path.read_bytes() for path in data_files(home)}


def _reads(client) -> dict:
    return {
        "inbox": client.get("/api/inbox", query_string={"status": "new,drafted,skipped,hidden"}).get_json()["items"],
        "snippets": client.get("/api/snippets").get_json()["items"],
        "settings": client.get("/api/settings").get_json()["settings"],
        "voice": client.get("/api/voice").get_json(),
        "prompts": [client.get(f"/api/prompts/{name}").get_json()["text"] for name in ("system", "request")],
        "stats": client.get("/api/stats").get_json(),
        "drafting": {key: value for key, value in client.get("/api/drafting").get_json().items()},
        "notes": client.get("/api/notes").get_json(),
    }


@pytest.mark.parametrize("fault", sorted(DISK_FAULTS))
def test_disk_faults_answer_507_keep_reads_and_damage_nothing(make_app, tmp_path, monkeypatch, caplog, fault):
    app = make_app()
    client = paired_client(app)
    item_id = client.post("/api/inbox/comments", json={"comments": [
        {"platform": "youtube", "author": "sam", "id": "c1", "text": "What flour do you use?"}]}).get_json()["ids"][0]
    snippet_id = client.post("/api/snippets", json={"title": "Thanks", "text": "Thank you!"}).get_json()["id"]
    assert client.patch("/api/settings", json={"tone": "concise"}).status_code == 200
    assert client.patch("/api/voice", json={"name": "Ada"}).status_code == 200
    assert client.put("/api/prompts/request", json={"text": client.get("/api/prompts/request").get_json()["text"]
                                                    + "\nBe brief."}).status_code == 200
    home = tmp_path / "home"
    before_files, before_reads = _snapshot(home), _reads(client)

    caplog.set_level(logging.ERROR)
    with monkeypatch.context() as patch:
        DISK_FAULTS[fault](patch)
        answers = list(_writes(client, item_id, snippet_id, fault))
        reads_during = _reads(client)
    for label, response in answers:
        body = response.get_json()
        assert response.status_code == 507, (label, response.status_code, body)
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, (label, body)
        assert body["error"]["code"] == "storage_failed" and "disk" in body["error"]["message"], (label, body)
    assert reads_during == before_reads  # reads keep working and show only what is stored
    assert _snapshot(home) == before_files  # byte-identical: no torn file, no stray temp file
    assert [record for record in caplog.records if "could not" in record.getMessage().lower()]

    # The fault clears: memory still matches the disk, and writing works again.
    assert _reads(client) == before_reads
    fresh = paired_client(make_app())
    assert _reads(fresh) == before_reads
    assert client.patch(f"/api/inbox/{item_id}", json={"status": "skipped"}).status_code == 200
    assert client.post("/api/inbox/comments", json={"comments": [
        {"platform": "youtube", "author": "new", "id": "fault-1", "text": "Is this stored?"}]}).get_json()["added"] == 1
    assert client.post("/api/snippets", json={"title": "New", "text": "New text"}).status_code == 201
    after = paired_client(make_app())
    assert _reads(after) == _reads(client)
    assert_data_folder_sound(home)


def test_leftover_temp_files_of_dead_processes_are_removed_at_start(tmp_path):
    from tandem.store import Store

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".inbox.json.{dead.pid}.abc123.tmp"
    live = tmp_path / f".inbox.json.{os.getppid()}.def456.tmp"  # a running process: maybe mid-write
    unrelated = tmp_path / ".notes.tmp"
    for path in (leftover, live, unrelated):
        path.write_text('{"_default": {"1": {"half')
    Store(tmp_path)
    assert not leftover.exists() and live.exists() and unrelated.exists()
