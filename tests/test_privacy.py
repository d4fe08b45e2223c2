"""Everything stays local: a real `tandem serve`, driven through every feature, connects to
nothing but the configured Ollama host (checked with Python's audit hooks on socket.connect
and socket.getaddrinfo inside the server process)."""

import json
import os
import subprocess
import sys
import time

import httpx

from helpers import free_port

AUDITED_SERVE = """
import json, runpy, sys
log = open(sys.argv[1], "a", buffering=1)
def hook(event, args):
    if event == "socket.connect":
        address = args[1]
        log.write(json.dumps({"event": event, "address": list(address) if isinstance(address, tuple) else str(address)}) + "\\n")
    elif event == "socket.getaddrinfo":
        log.write(json.dumps({"event": event, "host": str(args[0])}) + "\\n")
sys.addaudithook(hook)
sys.argv = ["tandem"] + sys.argv[2:]
runpy.run_module("tandem", run_name="__main__")
"""


def test_server_connects_only_to_ollama(tmp_path, fake_ollama):
    fake_ollama.reply = json.dumps({"suggestions": [{"text": "Thanks!"}, {"text": "Bread flour."}]})
    log, home, port = tmp_path / "connections.jsonl", tmp_path / "home", free_port()
    env = os.environ | {"TANDEM_HOME": str(home), "OLLAMA_HOST": fake_ollama.url, "TANDEM_LOG_LEVEL": "WARNING",
                        "TANDEM_DRAFT_WORKERS": "1"}
    process = subprocess.Popen([sys.executable, "-c", AUDITED_SERVE, str(log), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        process.stdout.readline()
        token = (home / "token").read_text().strip()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"},
                          timeout=15) as http:
            comment = {"platform": "youtube", "text": "What flour? https://elsewhere.example", "author": "sam", "id": "1",
                       "url": "https://www.youtube.com/watch?v=abc"}
            for path in ("/", "/pair", "/demo", "/inbox", "/api/health", "/api/settings", "/api/voice", "/api/prompts"):
                assert http.get(path).status_code == 200, path
            suggestion = http.post("/api/suggest", json={"comment": comment}).json()["suggestions"][0]
            http.post("/api/suggest/stream", json={"comment": comment}).raise_for_status()
            http.post(f"/api/suggestions/{suggestion['id']}/feedback", json={"action": "sent", "final_text": "Thanks! 🍞"})
            http.post("/api/inbox/comments", json={"comments": [comment | {"id": str(i)} for i in range(5)]})
            deadline = time.monotonic() + 15
            while http.get("/api/inbox", params={"status": "drafted"}).json()["total"] < 5:
                assert time.monotonic() < deadline
                time.sleep(0.1)
            http.post("/api/snippets", json={"title": "Flour", "text": "Bread flour, {author}!"})
            http.get("/api/snippets", params={"q": "flour"})
            http.post("/api/notes", json={"url": comment["url"], "notes": "See https://mybakery.com"})
            http.get("/api/export").raise_for_status()
    finally:
        process.terminate()
        process.wait(timeout=10)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    ollama_port = int(fake_ollama.url.rsplit(":", 1)[1])
    connects = [event["address"] for event in events if event["event"] == "socket.connect"]
    assert connects, "the audit hook saw no connection at all (it must see the Ollama calls)"
    assert all(address[0] == "127.0.0.1" and address[1] == ollama_port for address in connects), connects
    assert {event["host"] for event in events if event["event"] == "socket.getaddrinfo"} <= {"127.0.0.1"}
