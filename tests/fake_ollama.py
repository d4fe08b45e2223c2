"""A fake Ollama HTTP server on loopback that speaks Ollama's real wire format.

Why: Ollama cannot run in CI, and mocking the Python client would hide the exact
failure modes our server must survive (timeouts, refused connections, errors in the
middle of a stream, malformed model output). This fake sits *below* the real
``ollama`` client, so our code and the client are both exercised for real.

Wire format follows Ollama's ``docs/api.md`` and the ``ollama`` 0.6.x client types:

* ``POST /api/chat``: ``stream`` defaults to true when absent (as in Ollama). Streaming
  answers ``application/x-ndjson`` with chunked transfer encoding, one JSON object per
  line, each written and flushed as it is produced; the final line has ``done: true``,
  ``done_reason`` and the timing counters. Headers go out together with the first
  chunk, as in Ollama (Go flushes on first write), so a slow first token looks like a
  slow response to the client's read timeout.
* JSON is encoded like Go's ``encoding/json``: UTF-8, compact, and ``<``, ``>``, ``&``,
  U+2028, U+2029 escaped as ``\\u003c`` etc. So raw lines never contain ``<think>``.
* Unknown model: 404 ``{"error": "model \\"x\\" not found, try pulling it first"}`` on
  chat, 404 ``{"error": "model 'x' not found"}`` on show. A name without a tag means
  ``:latest``, as in Ollama.
* ``mode`` only changes ``/api/chat``; the other endpoints keep answering, which is how
  a real Ollama looks when a model run is stuck or broken. Use ``go_down()`` for a dead
  Ollama. In non-streaming chat, ``error_mid_stream`` answers HTTP 500 with the error,
  as Ollama does when it buffers a reply and the runner fails.

Exception types observed with the real ``ollama`` 0.6.3 client (httpx 0.28.1), all
pinned by tests/test_fake_ollama.py:

* Unknown model -> ``ollama.ResponseError``, ``status_code == 404``, ``.error`` holds the
  server text (streaming: raised on the first ``next()``).
* ``http_500`` -> ``ollama.ResponseError``, ``status_code == 500`` (stream: first ``next()``).
* ``error_mid_stream`` streaming -> chunks arrive, then ``ollama.ResponseError`` with
  ``status_code == -1``; non-streaming -> ``ResponseError`` with ``status_code == 500``.
* Server down, non-streaming (chat, list, show, ps) -> builtin ``ConnectionError``
  (NOT an httpx type). Streaming chat -> ``httpx.ConnectError`` on the first
  ``next()``, which is NOT a builtin ``ConnectionError``: ``except ConnectionError``
  alone misses it. Creating the stream generator itself never raises.
* First token later than the client timeout (``slow``/``hang``) -> ``httpx.ReadTimeout``
  in both modes (streaming: on the first ``next()``); never wrapped by the client.
  A gap between chunks longer than the timeout -> ``httpx.ReadTimeout`` mid-stream.
* Server stopped/gone down while a request is waiting (``hang``) ->
  ``httpx.RemoteProtocolError`` ("Server disconnected without sending a response").
  Gone down mid-stream -> ``httpx.RemoteProtocolError`` (incomplete chunked read).
* Model output containing U+0085 (NEL) breaks the real client's streaming with
  ``json.JSONDecodeError``: Go's encoder (so Ollama, so this fake) leaves U+0085 raw and
  httpx's ``iter_lines`` splits lines on it. Non-streaming is unaffected.
* Pooled keep-alive connections do not break ``go_down``/``come_back``: the same
  ``ollama.Client`` gets ``ConnectionError`` while down and works again afterwards.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

MODES = ("ok", "slow", "hang", "garbage", "half_json", "think", "error_mid_stream", "http_500")
SLOW_DEFAULT_DELAY = 5.0
MID_STREAM_ERROR = "an error was encountered while running the model: unexpected EOF"
HTTP_500_ERROR = "llama runner process has terminated: exit status 2"
THINKING = "<think>\nThe commenter sounds friendly. Keep the replies short and warm.\n</think>\n\n"

_CANNED = (
    "Thanks so much, this made my day!",
    "Great question! I'll cover that in the next one.",
    "Appreciate you watching all the way through.",
    "Ha, you're not wrong there.",
    "Glad it helped, let me know how it goes!",
    "Fair point, I hadn't thought of it that way.",
)
_GARBAGE_WORDS = "well honestly the cat sat on a keyboard and maybe tomorrow we talk about clouds".split()
_KNOWN_SIZES = {"llama3.2:3b": "3.2B", "llama3.2:latest": "3.2B", "llama3.2:1b": "1.2B"}
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_COUNT_RE = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:suggestions?|replies|reply options|options|responses|drafts|variations)\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- default reply


def suggestion_count(body: dict[str, Any]) -> int:
    """How many suggestions the request asks for: schema bounds first, then prompt text, else 3.

    Why: the default reply should satisfy whatever our server asked for, so tests that
    do not care about content still get a reply that passes our validation.
    """
    schema = body.get("format")
    if isinstance(schema, dict):
        prop = _resolve(schema, schema.get("properties", {}).get("suggestions", {}))
        low, high = prop.get("minItems"), prop.get("maxItems")
        if low is not None or high is not None:
            return max(low or 1, min(high or 20, 3))  # 3, clamped into the schema's bounds
    for message in reversed(body.get("messages") or []):
        match = _COUNT_RE.search(str(message.get("content", "")))
        if match:
            word = match.group(1).lower()
            return max(1, min(20, int(word) if word.isdigit() else _NUMBER_WORDS[word]))
    return 3


def default_reply(body: dict[str, Any]) -> str:
    """A valid ``{"suggestions": [{"text": ...}, ...]}`` JSON string for the request.

    Item fields beyond ``text`` that a JSON-schema ``format`` declares are filled with
    plausible values (first enum member, or a value of the declared type), so a Pydantic
    schema with extra required fields still validates.
    """
    schema = body.get("format") if isinstance(body.get("format"), dict) else {}
    suggestions_schema = _resolve(schema, schema.get("properties", {}).get("suggestions", {}))
    item_schema = _resolve(schema, suggestions_schema.get("items", {}))
    items = []
    for i in range(suggestion_count(body)):
        text = _CANNED[i % len(_CANNED)] + (f" #{i + 1}" if i >= len(_CANNED) else "")
        item: dict[str, Any] = {}
        for name, prop in item_schema.get("properties", {}).items():
            item[name] = text if name == "text" else _example_value(_resolve(schema, prop), i)
        item.setdefault("text", text)
        items.append(item)
    return json.dumps({"suggestions": items})


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (Pydantic puts nested models under ``$defs``)."""
    ref = node.get("$ref", "") if isinstance(node, dict) else ""
    if ref.startswith("#/"):
        for part in ref[2:].split("/"):
            root = root.get(part, {})
        return root
    return node if isinstance(node, dict) else {}


def _example_value(prop: dict[str, Any], i: int) -> Any:
    if prop.get("enum"):
        return prop["enum"][0]
    kind = prop.get("type")
    return {"integer": i + 1, "number": 0.5, "boolean": True, "array": [], "object": {}}.get(kind, "casual")


# ---------------------------------------------------------------- wire helpers


def _now_rfc3339() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _go_json(obj: Any) -> bytes:
    """Encode like Go's encoding/json (what Ollama uses): compact UTF-8, HTML-escaped,
    and invalid UTF-8 (here: lone surrogates) replaced by U+FFFD instead of crashing."""
    text = re.sub("[\ud800-\udfff]", "\ufffd", json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text.encode("utf-8")


def _canonical(name: str) -> str:
    """Ollama treats a name without a tag as ``<name>:latest``."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def _keep_alive_seconds(value: Any) -> float:
    """Parse Ollama's keep_alive (seconds, or Go duration like "5m"); negative = forever."""
    if value is None:
        return 300.0
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = re.fullmatch(r"(-?\d+(?:\.\d+)?)(ms|s|m|h)?", str(value).strip())
        if not match:
            return 300.0
        seconds = float(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]
    return 100 * 365 * 86400.0 if seconds < 0 else seconds


def _details(name: str) -> dict[str, Any]:
    match = re.match(r"[a-z]+", name.lower())
    family = match.group(0) if match else "llama"
    size = re.search(r":(\d+(?:\.\d+)?)b\b", name.lower())
    return {
        "parent_model": "",
        "format": "gguf",
        "family": family,
        "families": [family],
        "parameter_size": _KNOWN_SIZES.get(_canonical(name)) or (f"{size.group(1)}B" if size else "3.2B"),
        "quantization_level": "Q4_K_M",
    }


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


# ---------------------------------------------------------------- the HTTP layer


class _Abandon(Exception):
    """Raised inside a handler when the server is stopping: drop the request, write nothing."""


class _Server(ThreadingHTTPServer):
    """One listening lifetime. Tracks open connections so stop() can cut them."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, port: int, fake: FakeOllama) -> None:
        self.fake = fake
        self.closing = threading.Event()
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), a DNS lookup that can stall offline.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def track(self, conn: socket.socket) -> bool:
        with self._conns_lock:
            if self.closing.is_set():
                return False
            self._conns.add(conn)
            return True

    def untrack(self, conn: socket.socket) -> None:
        with self._conns_lock:
            self._conns.discard(conn)

    def cut_connections(self) -> None:
        """Wake every handler (hangs, delays) and shut its socket, so stop() is prompt."""
        with self._conns_lock:
            self.closing.set()
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError) or self.closing.is_set():
            return  # clients hanging up or us cutting them off is expected here
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive + chunked, like Ollama's Go server
    disable_nagle_algorithm = True  # Go sets TCP_NODELAY; without it small chunks wait ~40 ms
    server: _Server

    def setup(self) -> None:
        super().setup()
        if not self.server.track(self.connection):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        self.server.untrack(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep pytest output clean

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_HEAD = do_DELETE = do_GET

    # ---- plumbing

    def _dispatch(self) -> None:
        fake = self.server.fake
        path = urlsplit(self.path).path
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        fake._record({"path": path, "method": self.command, "body": body})
        routes: dict[tuple[str, str], Callable[[Any], None]] = {
            ("GET", "/"): self._root,
            ("HEAD", "/"): self._root,
            ("GET", "/api/version"): lambda _: self._json(200, {"version": "0.12.0"}),
            ("GET", "/api/tags"): lambda _: self._json(200, {"models": [fake._tag(n) for n in fake._names()]}),
            ("GET", "/api/ps"): lambda _: self._json(200, {"models": fake._running()}),
            ("POST", "/api/show"): self._show,
            ("POST", "/api/chat"): self._chat,
        }
        handler = routes.get((self.command, path))
        if handler is None:
            self._text(404, "404 page not found")
        elif self.command == "POST" and not isinstance(body, dict):
            self._json(400, {"error": "missing request body" if body is None else "invalid JSON body"})
        else:
            try:
                handler(body)
            except (OSError, _Abandon):
                self.close_connection = True  # client went away, or we are stopping

    def _text(self, status: int, text: str) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode())

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, "application/json; charset=utf-8", _go_json(obj))

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _line(self, obj: Any) -> None:
        """One ndjson line as one HTTP chunk, straight to the socket (wfile is unbuffered)."""
        data = _go_json(obj) + b"\n"
        self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _sleep(self, seconds: float) -> None:
        """Sleep, but give up at once (raise _Abandon) if the server is stopping."""
        stopping = self.server.closing.wait(seconds) if seconds > 0 else self.server.closing.is_set()
        if stopping:
            raise _Abandon

    # ---- endpoints

    def _root(self, _: Any) -> None:
        self._text(200, "Ollama is running")

    def _show(self, body: dict[str, Any]) -> None:
        name = str(body.get("model") or body.get("name") or "")
        if not self.server.fake._has(name):
            self._json(404, {"error": f"model '{name}' not found"})
            return
        self._json(200, self.server.fake._show(_canonical(name)))

    def _chat(self, body: dict[str, Any]) -> None:
        fake = self.server.fake
        name = str(body.get("model") or "")
        if not name:
            self._json(400, {"error": "model is required"})
            return
        if not fake._has(name):
            self._json(404, {"error": f'model "{name}" not found, try pulling it first'})
            return
        mode, first_delay, size = fake.mode, fake.first_token_delay, max(1, fake.chunk_size)
        if mode == "http_500":
            self._json(500, {"error": HTTP_500_ERROR})
            return
        if mode == "hang":
            self.server.closing.wait()
            raise _Abandon
        started = time.monotonic()
        fake._mark_loaded(_canonical(name), body.get("keep_alive"))
        content = fake._content(mode, body)
        chunks = [content[i:i + size] for i in range(0, len(content), size)]
        self._sleep(SLOW_DEFAULT_DELAY if mode == "slow" and first_delay <= 0 else first_delay)
        if body.get("stream", True):
            self._stream_chat(body, chunks, started, failing=mode == "error_mid_stream")
            return
        self._sleep(fake.chunk_delay * len(chunks))  # same generation time as streaming
        if mode == "error_mid_stream":
            self._json(500, {"error": MID_STREAM_ERROR})  # Ollama's buffered reply fails whole
            return
        self._json(200, self._final(body, content, len(chunks), started))

    def _stream_chat(self, body: dict[str, Any], chunks: list[str], started: float, failing: bool) -> None:
        """Headers leave with the first chunk, as in Ollama, so a slow first token is a read timeout."""
        fake = self.server.fake
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i, text in enumerate(chunks[:2] if failing else chunks):
            if i:
                self._sleep(fake.chunk_delay)
            self._line({"model": body["model"], "created_at": _now_rfc3339(),
                        "message": {"role": "assistant", "content": text}, "done": False})
        if failing:
            self._line({"error": MID_STREAM_ERROR})
        else:
            if chunks:
                self._sleep(fake.chunk_delay)
            self._line(self._final(body, "", len(chunks), started))
        self.wfile.write(b"0\r\n\r\n")  # end of the chunked body; the connection stays usable

    @staticmethod
    def _final(body: dict[str, Any], content: str, tokens: int, started: float) -> dict[str, Any]:
        """The done:true object, with plausible nanosecond timings and token counts."""
        total = int((time.monotonic() - started) * 1e9) + 2_000_000
        prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages") or [])
        return {
            "model": body["model"],
            "created_at": _now_rfc3339(),
            "message": {"role": "assistant", "content": content},
            "done": True,
            "done_reason": "stop",
            "total_duration": total,
            "load_duration": 1_000_000,
            "prompt_eval_count": prompt_chars // 4 + 1,
            "prompt_eval_duration": 1_000_000,
            "eval_count": tokens,
            "eval_duration": max(0, total - 2_000_000),
        }


# ---------------------------------------------------------------- public API


class FakeOllama:
    """A controllable Ollama on ``127.0.0.1:<ephemeral port>``.

    Knobs may be changed at any time from the test thread. A chat request reads ``mode``,
    ``reply``, ``chunk_size`` and ``first_token_delay`` when it arrives; ``chunk_delay`` is
    read before each chunk, so a test can slow down a stream that is already running.
    """

    def __init__(self, models: Sequence[str] = ("llama3.2:3b",)) -> None:
        self._initial_models = list(models)
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0
        self._loaded: dict[str, float] = {}  # canonical name -> expires_at (epoch seconds)
        self._modified_at = _now_rfc3339()
        self.requests: list[dict[str, Any]] = []
        self.reset()

    # ---- lifecycle

    @property
    def url(self) -> str:
        """Base URL; fixed at the first start() and kept across go_down()/come_back()."""
        if not self._port:
            raise RuntimeError("FakeOllama has not been started")
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> FakeOllama:
        """Listen (on an ephemeral port the first time, the same port afterwards)."""
        if self._server is None:
            server = _Server(self._port, self)
            self._port = server.server_address[1]
            self._thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05},
                name=f"fake-ollama-{self._port}", daemon=True,
            )
            self._server = server
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and cut every open connection, including hung requests. Prompt."""
        server, self._server = self._server, None
        if server is None:
            return
        server.cut_connections()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def go_down(self) -> None:
        """Simulate Ollama dying: in-flight requests are cut, new connections refused."""
        self.stop()

    def come_back(self) -> None:
        """Simulate Ollama restarting on the SAME port (so clients need no new URL)."""
        if not self._port:
            raise RuntimeError("come_back() before the first start()")
        self.start()

    def __enter__(self) -> FakeOllama:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- knobs

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        # Validated because a typo would otherwise silently behave like "ok".
        if value not in MODES:
            raise ValueError(f"unknown mode {value!r}; expected one of {MODES}")
        self._mode = value

    def reset(self) -> None:
        """Back to defaults with an empty request log; the server keeps running."""
        self.reply: str | Callable[[dict[str, Any]], str] = default_reply
        self.mode = "ok"
        self.first_token_delay = 0.0
        self.chunk_delay = 0.0
        self.chunk_size = 8
        self.models: list[str] = list(self._initial_models)
        with self._lock:
            self.requests.clear()
            self._loaded.clear()

    def chat_requests(self) -> list[dict[str, Any]]:
        """Bodies of the /api/chat requests received so far, oldest first."""
        with self._lock:
            return [r["body"] for r in self.requests if r["path"] == "/api/chat"]

    # ---- used by the handler

    def _record(self, request: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(request)

    def _names(self) -> list[str]:
        return [_canonical(m) for m in list(self.models)]

    def _has(self, name: str) -> bool:
        return bool(name) and _canonical(name) in self._names()

    def _content(self, mode: str, body: dict[str, Any]) -> str:
        """The assistant text for a chat request, bent by the failure mode."""
        if mode == "garbage":
            rng = random.Random(len(self.requests))
            return " ".join(rng.choice(_GARBAGE_WORDS) for _ in range(30)).capitalize() + "."
        reply = self.reply
        text = reply(body) if callable(reply) else str(reply)
        if mode == "half_json":
            return text[: max(1, len(text) // 2)]
        if mode == "think":
            return THINKING + text
        return text

    def _mark_loaded(self, name: str, keep_alive: Any) -> None:
        with self._lock:
            self._loaded[name] = time.time() + _keep_alive_seconds(keep_alive)

    def _tag(self, name: str) -> dict[str, Any]:
        return {"name": name, "model": name, "modified_at": self._modified_at,
                "size": 2_019_393_189, "digest": _digest(name), "details": _details(name)}

    def _running(self) -> list[dict[str, Any]]:
        now, names = time.time(), set(self._names())
        with self._lock:
            loaded = [(n, t) for n, t in self._loaded.items() if t > now and n in names]
        return [
            {**self._tag(name), "expires_at": datetime.fromtimestamp(expires, timezone.utc)
             .strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "size_vram": 2_019_393_189, "context_length": 4096}
            for name, expires in loaded
        ]

    def _show(self, name: str) -> dict[str, Any]:
        details = _details(name)
        arch = details["family"]
        return {
            "license": "FAKE MODEL LICENSE",
            "modelfile": f'# Modelfile generated by "ollama show"\nFROM {name}\n',
            "parameters": 'stop                           "<|eot_id|>"',
            "template": "{{ range .Messages }}{{ .Role }}: {{ .Content }}\n{{ end }}assistant: ",
            "details": details,
            "model_info": {"general.architecture": arch, "general.parameter_count": 3_212_749_888,
                           f"{arch}.context_length": 131072},
            "capabilities": ["completion"],
            "modified_at": self._modified_at,
        }


# ---------------------------------------------------------------- pytest fixture

try:
    import pytest
except ImportError:  # usable from scripts (bench/) without pytest installed
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture
    def fake_ollama() -> Iterator[FakeOllama]:
        """A started FakeOllama with default knobs; stopped (promptly) after the test."""
        with FakeOllama() as fake:
            yield fake
