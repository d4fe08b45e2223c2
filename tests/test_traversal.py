"""Path traversal: every name or id a request carries in its path (prompt names, snippet, inbox, note,
reply and style-note ids, suggestion ids, group ids, files under /static/, the pair page) is tried
with ``..``, ``%2e%2e/``, ``..%2f``, encoded backslashes, absolute paths, NUL bytes, very long names,
double encoding, overlong UTF-8 and unicode dots. The answer is always 400 or 404 in the one JSON
error shape, no file outside the package and data folder is ever read (the token, a canary next to
it, /etc/passwd, the package's own source) and nothing on disk changes.

Twice: through Flask's test client (WSGI, already percent-decoded paths), and as raw bytes on a
socket to the real server (``tandem.cli.make_http_server``), which is what a hostile local
process or ``curl --path-as-is`` sends: no client-side normalisation of ``..`` at all.
"""

from __future__ import annotations

import functools
import json
import socket
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from helpers import free_port, paired_client
from tandem import create_app
from tandem.cli import make_http_server

CANARY = "canary-4f1d0c2e-outside-the-api"
PACKAGE_SOURCE_MARK = "def create_app(test_config"  # a line of tandem/__init__.py

# Segments that try to climb out; each replaces one name or id in a route. Written as they go on
# the wire (already percent-encoded where that is the point).
ESCAPES = [
    "..", "../token", "../../token", "..%2ftoken", "..%2Ftoken", "%2e%2e", "%2e%2e/token", "%2e%2e%2ftoken",
    "%2E%2E%2F%2E%2E%2Ftoken", "..%5ctoken", "..%5c..%5ctoken", "%2e%2e%5ctoken", "..\\token", "%252e%252e%252ftoken",
    "..%252ftoken", "%c0%ae%c0%ae%c0%aftoken", "%e2%80%a5/token", "%ef%bc%8e%ef%bc%8e/token", "%e2%80%a4%e2%80%a4/token",
    "....//token", "..;/token", ".%2e/token", "%2e./token", "%2fetc%2fpasswd", "/etc/passwd", "//etc/passwd",
    "%2f%2fetc%2fpasswd", "C:%5cWindows%5cwin.ini", "file:%2f%2f%2fetc%2fpasswd", "%00", "token%00", "..%00/token",
    "system%00.txt", "system%2500", "x" * 5000, "%2e" * 2000, "../" * 60 + "etc/passwd", "~%2f.ssh%2fid_rsa",
    "%7e/token", "1/../token", "1%2f..%2f..%2ftoken", "-1", "0x1", "1e3", "1.0", "%20", "%0a", "%0d%0aX-Evil:%201",
]
# Raw bytes a browser would never send (control characters, raw unicode dots), socket tests only.
RAW_ESCAPES = [b"..\x00/token", b"\x00", b"\xe2\x80\xa5/token", b"\xef\xbc\x8e\xef\xbc\x8e/token", b"..\\..\\token",
               b"\xc0\xae\xc0\xae/token", b"%%32%65%%32%65/token", b"..%c0%af..%c0%aftoken"]

# Every route that takes a name or id from its path: (method, template, JSON body).
ROUTES = [
    ("GET", "/api/prompts/{}", None), ("PUT", "/api/prompts/{}", {"text": "{{comment}} {{tag}}"}),
    ("DELETE", "/api/prompts/{}", None), ("POST", "/api/prompts/{}/preview", {}),
    ("GET", "/api/snippets/{}", None), ("PATCH", "/api/snippets/{}", {"text": "x"}),
    ("PUT", "/api/snippets/{}", {"title": "t", "text": "x"}), ("DELETE", "/api/snippets/{}", None),
    ("GET", "/api/inbox/{}", None), ("PATCH", "/api/inbox/{}", {"status": "skipped"}),
    ("POST", "/api/inbox/{}/draft", {}), ("POST", "/api/inbox/groups/{}/answer", {"text": "hi"}),
    ("PUT", "/api/notes/{}", {"notes": "x"}), ("DELETE", "/api/notes/{}", None),
    ("DELETE", "/api/replies/{}", None), ("DELETE", "/api/voice/notes/{}", None),
    ("POST", "/api/suggestions/{}/feedback", {"action": "sent"}),
    ("GET", "/static/{}", None), ("GET", "/static/{}/dashboard.js", None), ("GET", "/static/css/{}", None),
    ("GET", "/pair/{}", None), ("GET", "/{}", None), ("GET", "/inbox/{}", None), ("GET", "/api/{}", None),
]


@pytest.fixture
def world(tmp_path, ollama_down_url):
    """An app with a canary next to the token and one real item of every kind."""
    port = free_port()
    home = tmp_path / "home"
    app = create_app({"HOME": home, "PORT": port, "OLLAMA_HOST": ollama_down_url, "OLLAMA_TIMEOUT": 2.0,
                      "LOG_LEVEL": "ERROR", "DRAFT_WORKERS": 0})
    (home / "canary.txt").write_text(CANARY)
    (tmp_path / "outside.txt").write_text(CANARY)
    client = paired_client(app)
    client.open = functools.partial(client.open, base_url=f"http://127.0.0.1:{port}")  # Host: our real port
    client.post("/api/snippets", json={"title": "t", "text": "snippet"})
    client.post("/api/inbox/comments", json={"comments": [{"platform": "youtube", "text": "What flour?", "id": "1"}]})
    client.post("/api/notes", json={"url": "https://www.youtube.com/watch?v=abc", "notes": "n"})
    return {"app": app, "client": client, "port": port, "root": tmp_path, "token": app.extensions["tandem.token"]}


@pytest.fixture
def served(world):
    """The same app behind the real HTTP server ``tandem serve`` runs, on its configured port."""
    server = make_http_server(world["app"], "127.0.0.1", world["port"])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield world
    finally:
        server.shutdown()
        server.server_close()


def _secrets(world) -> list[str]:
    return [world["token"], CANARY, "root:x:0:0", PACKAGE_SOURCE_MARK]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _check(world, where: str, status: int, headers: dict[str, str], body: bytes, failures: list[str]) -> None:
    text = body.decode("utf-8", "replace")
    leaked = [secret[:12] for secret in _secrets(world) if secret in text]
    if leaked:
        failures.append(f"{where}: body leaks {leaked}")
    if status not in (400, 404):
        failures.append(f"{where}: status {status}")
        return
    if "json" not in headers.get("content-type", ""):
        failures.append(f"{where}: not JSON ({headers.get('content-type')})")
        return
    try:
        error = json.loads(text)["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
    except (ValueError, KeyError, TypeError, AssertionError):
        failures.append(f"{where}: not the error shape: {text[:120]!r}")


@pytest.mark.parametrize("method,template,body", ROUTES, ids=[f"{m} {t}" for m, t, _ in ROUTES])
def test_test_client(world, method, template, body):
    client, failures = world["client"], []
    before = _snapshot(world["root"])
    for segment in ESCAPES:
        path = template.format(segment)
        response = client.open(path, method=method, json=body, headers={"Content-Type": "application/json"})
        _check(world, f"{method} {path[:80]}", response.status_code,
               {k.lower(): v for k, v in response.headers.items()}, response.get_data(), failures)
    assert failures == []
    assert _snapshot(world["root"]) == before  # nothing deleted, written or created anywhere


def _raw(port: int, method: str, path: bytes, body: dict | None, token: str) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else b""
    head = (method.encode() + b" " + path + b" HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode())
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head + data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    header_blob, _, payload = raw.partition(b"\r\n\r\n")
    lines = header_blob.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if headers.get("transfer-encoding") == "chunked":
        payload = _unchunk(payload)
    return status, headers, payload


def _unchunk(payload: bytes) -> bytes:
    out = b""
    while payload:
        size_line, _, payload = payload.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, payload = out + payload[:size], payload[size + 2:]
    return out


@pytest.mark.parametrize("method,template,body", ROUTES, ids=[f"{m} {t}" for m, t, _ in ROUTES])
def test_raw_socket_to_the_real_server(served, method, template, body):
    world = served
    failures: list[str] = []
    before = _snapshot(world["root"])
    segments = [segment.encode() for segment in ESCAPES if len(segment) < 3000] + RAW_ESCAPES
    for segment in segments:
        path = template.encode().replace(b"{}", segment)
        status, headers, payload = _raw(world["port"], method, path, body, world["token"])
        _check(world, f"{method} {path[:80]!r}", status, headers, payload, failures)
    assert failures == []
    assert _snapshot(world["root"]) == before


def test_the_real_routes_answer(served):
    world = served
    """The control: the same routes with real names and ids work, so the 404s above are the guards."""
    client = world["client"]
    snippet = client.get("/api/snippets").json["items"][0]["id"]
    item = client.get("/api/inbox").json["items"][0]["id"]
    for path in ("/api/prompts/system", f"/api/snippets/{snippet}", f"/api/inbox/{item}", "/static/dashboard.js",
                 "/pair"):
        assert client.get(path).status_code == 200, path
    status, _, payload = _raw(world["port"], "GET", b"/static/dashboard.js", None, world["token"])
    assert status == 200 and payload


def test_import_file_name_is_never_a_path(world):
    """The upload's file name only names it in messages; nothing is read from that path."""
    client = world["client"]
    for name in ("../../token", "/etc/passwd", str(world["root"] / "home" / "canary.txt"), "..\\..\\token", "a\x00b"):
        response = client.post("/api/replies/import", data={"file": (_bytes_io(b"not,a,reply\n1,2,3\n"), name)},
                               content_type="multipart/form-data")
        text = response.get_data(as_text=True)
        assert not any(secret in text for secret in _secrets(world)), name


def _bytes_io(data: bytes):
    import io
    return io.BytesIO(data)


def test_prompt_names_never_reach_the_disk(world):
    """A name that is not one of the shipped templates is refused before any path is built."""
    templates = world["app"].extensions["tandem"].templates
    for name in ("../token", "..", "system/../../token", "/etc/passwd", "system\x00", "SYSTEM", "system.txt",
                 "\u2025/token", "a" * 5000, quote("../token", safe="")):
        with pytest.raises(Exception) as error:
            templates.check_name(name)
        assert getattr(error.value, "status", None) == 404
    assert not (world["root"] / "home" / "prompts").exists()
