"""Who may talk to the server, and what each rule stops.

The server runs next to a browser that visits hostile pages, so every request passes, in order:

1. :func:`check_host` – the ``Host`` header must be a loopback name with our port. Stops DNS
   rebinding, where ``evil.example`` re-resolves to 127.0.0.1 and the page then reads our
   answers as same-origin (Ollama's CVE-2024-28224 was exactly this).
2. :func:`check_origin` – an ``Origin``, when sent, must be a paired extension or the server's
   own dashboard. Stops any web page from using the API from the creator's browser (a foreign
   origin gets 403 before any work, so not even a side effect happens). ``Sec-Fetch-Site:
   cross-site`` or ``same-site`` without an Origin (image tags, no-cors GETs) is refused for the
   same reason.
3. :func:`check_token` – every ``/api/*`` call but ``GET /api/health`` and the pairing exchange
   carries ``Authorization: Bearer <token>``; the token is 256 random bits in a 0600 file and is
   compared in constant time. Stops other local users and pages that slipped past 1 and 2.
4. Pairing codes (:class:`Pairing`) are short, single-use, expire, and lock out after repeated
   wrong guesses, because unlike the token they are short enough to brute-force.

flask-cors is configured with the explicit list of allowed origins only, never ``*``.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_cors import CORS

from .errors import ApiError
from .store import Store, atomic_write_bytes, storage_error

log = logging.getLogger(__name__)

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://")
# Paths reachable without the token: health tells the extension whether a server is there at
# all, and pairing is how the extension gets the token in the first place.
OPEN_API_PATHS = {("GET", "/api/health"), ("POST", "/api/pair")}
PAIRING_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
PAIRING_CODE_SECONDS = 15 * 60
PAIRING_MAX_FAILURES = 10


def _write_private(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
    os.chmod(path, 0o600)


def load_or_create_token(home: Path) -> str:
    """The per-install token; created once with mode 0600 so other local users cannot read it."""
    path = Path(home) / "token"
    try:
        token = path.read_text(encoding="utf-8").strip()
        if len(token) >= 32:
            return token
    except FileNotFoundError:
        pass
    token = secrets.token_urlsafe(32)  # 32 bytes = 256 bits
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    os.chmod(path, 0o600)
    return token


def own_origins(port: int) -> list[str]:
    return [f"http://{name}:{port}" for name in LOOPBACK_NAMES]


def allowed_hosts(config: dict[str, Any]) -> set[str]:
    port = config["PORT"]
    hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    for extra in config["ALLOWED_HOSTS"]:
        hosts.update({extra, f"{extra}:{port}"})  # written with or without the port
    return hosts


class Pairing:
    """Single-use pairing codes (shared with ``tandem pair`` through a 0600 file) and the list
    of extension origins that have paired."""

    def __init__(self, home: Path, store: Store) -> None:
        self._path = Path(home) / "pairing.json"
        self._paired = store.table("settings", "paired_origins")
        self._lock = threading.Lock()
        self._failures = 0

    def new_code(self) -> str:
        raw = "".join(secrets.choice(PAIRING_CODE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        with self._lock:
            try:
                _write_private(self._path, json.dumps({"code": code, "expires": time.time() + PAIRING_CODE_SECONDS}))
            except OSError as error:  # a read-only or full data folder: say so, not a bare 500
                raise storage_error(self._path, error) from None
            self._failures = 0
        return code

    def current_code(self) -> str:
        """The live code, or a fresh one when none is left (shown on the /pair page)."""
        state = self._read()
        if state and state["expires"] > time.time():
            return state["code"]
        return self.new_code()

    def redeem(self, code: str) -> None:
        normalised = code.strip().upper().replace(" ", "")
        with self._lock:
            state = self._read()
            if not state or state["expires"] <= time.time():
                raise ApiError("pairing_expired", "That pairing code has expired. Open the pairing page "
                               "again or run `tandem pair` for a new one.", 400)
            if not hmac.compare_digest(normalised.encode(), state["code"].encode()):
                self._failures += 1
                if self._failures >= PAIRING_MAX_FAILURES:
                    self._path.unlink(missing_ok=True)
                    log.warning("pairing code locked after %d wrong guesses", self._failures)
                raise ApiError("pairing_wrong_code", "That pairing code is not right. Check it against "
                               "the pairing page or `tandem pair`.", 403)
            self._path.unlink(missing_ok=True)

    def remember(self, origin: str | None) -> None:
        if origin and origin.startswith(EXTENSION_SCHEMES) and origin not in self.origins():
            self._paired.insert({"origin": origin, "paired_at": time.time()})

    def origins(self) -> list[str]:
        return [row["origin"] for row in self._paired.all()]

    def _read(self) -> dict[str, Any] | None:
        try:
            return json.loads(self._path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None


class FailureCounter:
    """Counts wrong tokens in a sliding minute so a flood shows up in the log and gets 429s."""

    def __init__(self, limit: int = 30, window: float = 60.0) -> None:
        self._times: deque[float] = deque()
        self._limit, self._window = limit, window
        self._lock = threading.Lock()

    def record(self) -> bool:
        """Record one failure; True when the limit is exceeded."""
        now = time.monotonic()
        with self._lock:
            self._times.append(now)
            while self._times and self._times[0] < now - self._window:
                self._times.popleft()
            return len(self._times) > self._limit


def check_host() -> None:
    host = (request.host or "").lower()
    if host not in current_app.extensions["tandem.hosts"]:
        raise ApiError("forbidden_host", "Tandem answers only on 127.0.0.1, localhost or [::1] "
                       "with its own port.", 403)


def check_origin() -> None:
    origin = request.headers.get("Origin")
    if origin is None:
        # "same-site" too: a page on another port of the same loopback name (any local web server)
        # is same-site but another origin, and its <img>/<iframe>/no-cors requests carry no Origin.
        # Refused like cross-site, it cannot make the dashboard render the token or /pair mint a
        # code (tests/browser/test_hostile_page.py). Our own pages are "same-origin"; typed URLs "none".
        if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
            raise ApiError("forbidden_origin", "Requests from other websites are refused.", 403)
        return
    if origin in current_app.extensions["tandem.own_origins"]:
        return
    pairing: Pairing = current_app.extensions["tandem.pairing"]
    if origin in pairing.origins():
        return
    if origin.startswith(EXTENSION_SCHEMES) and (request.method, request.path) in OPEN_API_PATHS:
        return
    raise ApiError("forbidden_origin", f"Origin {origin[:100]} is not a paired Tandem extension.", 403)


def check_token() -> None:
    if request.method == "OPTIONS" or (request.method, request.path) in OPEN_API_PATHS:
        return
    header = request.headers.get("Authorization", "")
    scheme, _, supplied = header.partition(" ")
    expected: str = current_app.extensions["tandem.token"]
    if scheme.lower() == "bearer" and hmac.compare_digest(supplied.strip().encode(), expected.encode()):
        return
    if current_app.extensions["tandem.failures"].record():
        log.warning("many requests with a wrong or missing token")
        raise ApiError("rate_limited", "Too many requests with a wrong token; wait a minute.", 429)
    raise ApiError("unauthorized", "Missing or wrong pairing token. Pair the extension from the "
                   "options page or run `tandem pair`.", 401)


def _guard_request() -> None:
    check_host()
    check_origin()
    if request.path.startswith("/api/"):
        check_token()
    g.request_started = time.perf_counter()


def _secure_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def install(app: Flask, store: Store) -> None:
    config = app.config
    home = Path(config["HOME"])
    pairing = Pairing(home, store)
    app.extensions["tandem.token"] = load_or_create_token(home)
    app.extensions["tandem.pairing"] = pairing
    app.extensions["tandem.hosts"] = allowed_hosts(config)
    app.extensions["tandem.own_origins"] = set(own_origins(config["PORT"]))
    app.extensions["tandem.failures"] = FailureCounter()
    app.config["MAX_CONTENT_LENGTH"] = config["MAX_BODY_BYTES"]
    app.before_request(_guard_request)
    app.after_request(_secure_headers)
    # Extension requests are privileged by host_permissions and need no CORS headers; the list
    # is here for the dashboard and for browsers that preflight anyway. Origins paired after
    # start are enforced by check_origin at once and join this list at the next start.
    CORS(app, resources={r"/api/*": {"origins": own_origins(config["PORT"]) + pairing.origins()}},
         allow_headers=["Authorization", "Content-Type"], methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
         max_age=600)
