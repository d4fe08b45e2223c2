"""A hostile web page in real Chromium tries to read Tandem's data and to cause side effects.

A real Tandem server runs in-process (``tandem.create_app`` + ``tandem.cli.make_http_server`` on a
free port, config PORT = that port) and holds a secret snippet and inbox item. A tiny stdlib
http.server on another loopback port serves a page whose script tries everything a web page can:
fetch with and without a guessed token, a CORS preflight with Authorization, no-cors fetches, XHR,
form POSTs (JSON smuggled in text/plain) to /api/suggest, /api/inbox/comments and /api/snippets,
<img>/<script>/<iframe> tags to /api/export and the dashboard, and the same through
``http://localhost:<port>`` and ``http://[::1]:<port>``. The page is served twice: from
``http://evil.test:<port>`` (cross-site, the usual case; ``--host-resolver-rules`` maps evil.test
to 127.0.0.1) and from ``http://127.0.0.1:<other port>`` (same-site: another local web server, so
``Sec-Fetch-Site`` says ``same-site``, not ``cross-site``).

DNS rebinding is simulated by loading ``http://evil.test:<tandem port>/...``: the browser thinks it
is on evil.test's origin while talking to Tandem, so everything there is a same-origin read.

What the page could read is collected in ``window.__results`` and asserted on; so are the server's
answers (a WSGI wrapper logs them) and its state afterwards.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_kit import CHROMIUM_ARGS, free_port, require_chromium

from tandem import create_app
from tandem.cli import make_http_server

SECRET_SNIPPET = "SECRET-SNIPPET-7d1c5e"
SECRET_COMMENT = "SECRET-INBOX-COMMENT-93ab10"
GUESSED_TOKEN = "A" * 43

HOSTILE_PAGE = r"""<!doctype html>
<html><head><meta charset="utf-8"><title>Totally normal page</title></head><body>
<h1>Nothing to see here</h1>
<script>
const P = __TANDEM_PORT__;
const T = "http://127.0.0.1:" + P;
const R = window.__results = [];
const note = (name, data) => R.push(Object.assign({name}, data));
const waitFor = (ms) => new Promise(r => setTimeout(r, ms));

async function tryFetch(name, url, init) {
  try {
    const r = await fetch(url, init);
    let body = "";
    try { body = await r.text(); } catch (e) { body = ""; }
    note(name, {kind: "fetch", error: null, status: r.status, type: r.type, body,
                headers: [...r.headers.entries()]});
  } catch (e) {
    note(name, {kind: "fetch", error: String(e), status: null, body: ""});
  }
}

function xhr(name, method, url, headers, body) {
  return new Promise(done => {
    const x = new XMLHttpRequest();
    x.open(method, url);
    for (const [k, v] of Object.entries(headers || {})) x.setRequestHeader(k, v);
    x.onload = () => { note(name, {kind: "xhr", error: null, status: x.status, body: x.responseText,
                                   headers: x.getAllResponseHeaders()}); done(); };
    x.onerror = () => { note(name, {kind: "xhr", error: "network error", status: x.status, body: x.responseText || ""}); done(); };
    x.send(body || null);
  });
}

function tag(name, kind, url) {
  return new Promise(done => {
    const el = document.createElement(kind);
    let settled = false;
    const finish = (how) => {
      if (settled) return; settled = true;
      let readable = "";
      try { readable = kind === "iframe" ? (el.contentDocument ? el.contentDocument.documentElement.outerHTML : "") : ""; }
      catch (e) { readable = ""; }
      note(name, {kind, error: how === "error" ? "error" : null, status: null, body: readable,
                  width: kind === "img" ? el.naturalWidth : null});
      done();
    };
    el.onload = () => finish("load");
    el.onerror = () => finish("error");
    el.src = url;
    document.body.appendChild(el);
    setTimeout(() => finish("timeout"), 4000);
  });
}

function formPost(name, url, enctype, field, value) {
  // The classic JSON CSRF: a text/plain form whose "name=value" body reads as JSON.
  return new Promise(done => {
    const frame = document.createElement("iframe");
    frame.name = "sink_" + name.replace(/\W/g, "_");
    document.body.appendChild(frame);
    const form = document.createElement("form");
    form.method = "POST"; form.action = url; form.enctype = enctype; form.target = frame.name;
    const input = document.createElement("input");
    input.type = "hidden"; input.name = field; input.value = value;
    form.appendChild(input); document.body.appendChild(form);
    let settled = false;
    const finish = () => {
      if (settled) return; settled = true;
      let body = "";
      try { body = frame.contentDocument ? frame.contentDocument.documentElement.outerHTML : ""; } catch (e) { body = ""; }
      note(name, {kind: "form", error: null, status: null, body});
      done();
    };
    frame.onload = () => { if (frame.contentWindow && frame.src !== "about:blank") finish(); };
    form.submit();
    setTimeout(finish, 3000);
  });
}

const json = (obj) => JSON.stringify(obj);
const hdr = {"Authorization": "Bearer __GUESS__"};
const comment = {platform: "youtube", text: "pwned by a web page", id: "evil-1", author: "evil"};

async function run() {
  await Promise.all([
    tryFetch("health", T + "/api/health"),
    tryFetch("inbox", T + "/api/inbox"),
    tryFetch("inbox with guessed token", T + "/api/inbox", {headers: hdr}),
    tryFetch("preflight PUT settings", T + "/api/settings",
             {method: "PUT", headers: Object.assign({"Content-Type": "application/json"}, hdr), body: json({model: "evil"})}),
    tryFetch("export", T + "/api/export", {headers: hdr}),
    tryFetch("no-cors inbox", T + "/api/inbox", {mode: "no-cors"}),
    tryFetch("no-cors export", T + "/api/export", {mode: "no-cors"}),
    tryFetch("no-cors dashboard", T + "/inbox", {mode: "no-cors"}),
    tryFetch("dashboard page (token in a meta tag)", T + "/inbox"),
    tryFetch("pair page", T + "/pair"),
    tryFetch("simple POST inbox comments", T + "/api/inbox/comments",
             {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: json({comments: [comment]})}),
    tryFetch("simple POST snippets", T + "/api/snippets",
             {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: json({title: "evil", text: "evil"})}),
    tryFetch("simple POST pair", T + "/api/pair",
             {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: json({code: "AAAA-AAAA"})}),
    tryFetch("localhost health", "http://localhost:" + P + "/api/health"),
    tryFetch("localhost inbox guessed token", "http://localhost:" + P + "/api/inbox", {headers: hdr}),
    tryFetch("ipv6 health", "http://[::1]:" + P + "/api/health"),
    tryFetch("ipv6 inbox guessed token", "http://[::1]:" + P + "/api/inbox", {headers: hdr}),
    tryFetch("rebinding host health", "http://evil.test:" + P + "/api/health"),
    xhr("xhr inbox", "GET", T + "/api/inbox"),
    xhr("xhr export guessed token", "GET", T + "/api/export", hdr),
    xhr("xhr POST suggest", "POST", T + "/api/suggest", {"Content-Type": "text/plain"}, json({comment})),
    tag("img export", "img", T + "/api/export"),
    tag("img pair", "img", T + "/pair"),
    tag("script export", "script", T + "/api/export"),
    tag("script health", "script", T + "/api/health"),
    tag("iframe dashboard", "iframe", T + "/inbox"),
    tag("iframe pair", "iframe", T + "/pair"),
    formPost("form suggest", T + "/api/suggest", "text/plain", '{"comment":{"platform":"youtube","text":"pwned","x":"', '"}}'),
    formPost("form inbox", T + "/api/inbox/comments", "text/plain",
             '{"comments":[{"platform":"youtube","text":"pwned by a form","id":"evil-2","x":"', '"}]}'),
    formPost("form snippets", T + "/api/snippets", "text/plain", '{"title":"evil","text":"evil","x":"', '"}'),
    formPost("form urlencoded snippets", T + "/api/snippets", "application/x-www-form-urlencoded", "title", "evil"),
  ]);
  window.__done = true;
}
run();
</script></body></html>
"""


class _RequestLog:
    """WSGI wrapper: every request Tandem answered, with the headers that decide who sent it."""

    def __init__(self, app: Any) -> None:
        self.app, self.entries = app, []
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Any) -> Any:
        entry = {"method": environ["REQUEST_METHOD"], "path": environ.get("PATH_INFO", ""),
                 "host": environ.get("HTTP_HOST", ""), "origin": environ.get("HTTP_ORIGIN"),
                 "site": environ.get("HTTP_SEC_FETCH_SITE"), "status": None}

        def recording_start(status: str, headers: list, exc_info: Any = None) -> Any:
            entry["status"] = int(status.split()[0])
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        with self.lock:
            self.entries.append(entry)
        return self.app(environ, recording_start)


@pytest.fixture(scope="module")
def tandem(tmp_path_factory) -> Iterator[dict[str, Any]]:
    port = free_port()
    home = tmp_path_factory.mktemp("hostile") / "home"
    app = create_app({"HOME": home, "PORT": port, "OLLAMA_HOST": f"http://127.0.0.1:{free_port()}",
                      "OLLAMA_TIMEOUT": 2.0, "LOG_LEVEL": "ERROR", "DRAFT_WORKERS": 0})
    token = app.extensions["tandem.token"]
    client = app.test_client()
    headers = {"Host": f"127.0.0.1:{port}", "Authorization": f"Bearer {token}"}
    assert client.post("/api/snippets", json={"title": "secret", "text": SECRET_SNIPPET}, headers=headers).status_code == 201
    assert client.post("/api/inbox/comments", headers=headers, json={"comments": [
        {"platform": "youtube", "text": SECRET_COMMENT, "id": "real-1", "author": "fan"}]}).json["added"] == 1
    log = _RequestLog(app.wsgi_app)
    app.wsgi_app = log
    server = make_http_server(app, "127.0.0.1", port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield {"app": app, "port": port, "token": token, "home": home, "log": log, "client": client,
               "headers": headers}
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def hostile_server(tandem) -> Iterator[int]:
    page = (HOSTILE_PAGE.replace("__TANDEM_PORT__", str(tandem["port"])).replace("__GUESS__", GUESSED_TOKEN)
            .encode())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def evil_browser(browser) -> Iterator[Any]:
    """Chromium of its own: evil.test resolves to 127.0.0.1, as after a DNS rebinding. Launched
    through the session's Playwright (conftest's `browser`): one sync Playwright per process."""
    evil = browser.browser_type.launch(executable_path=require_chromium(), headless=True,
                                       args=CHROMIUM_ARGS + ["--host-resolver-rules=MAP evil.test 127.0.0.1"])
    try:
        yield evil
    finally:
        evil.close()


@pytest.fixture
def evil_page(evil_browser) -> Iterator[Any]:
    context = evil_browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def _forbidden_strings(tandem) -> list[str]:
    code = tandem["app"].extensions["tandem.pairing"]._read()
    return [tandem["token"], SECRET_SNIPPET, SECRET_COMMENT, GUESSED_TOKEN + '"'] + ([code["code"]] if code else [])


def _assert_nothing_readable(tandem, results: list[dict]) -> None:
    forbidden = _forbidden_strings(tandem)
    problems = []
    for result in results:
        text = json.dumps(result)
        leaked = [secret[:10] for secret in forbidden if secret in text]
        if leaked:
            problems.append(f"{result['name']}: leaks {leaked}")
        status = result.get("status")
        if result["kind"] in ("fetch", "xhr") and status not in (None, 0, 401, 403):
            problems.append(f"{result['name']}: the page read status {status}: {result.get('body', '')[:100]!r}")
        if status in (401, 403):  # readable only on a same-origin (rebinding) read: then just the error
            assert json.loads(result["body"])["error"]["code"] in ("forbidden_host", "forbidden_origin", "unauthorized")
        elif result.get("body"):
            problems.append(f"{result['name']}: the page read a body: {result['body'][:100]!r}")
        if result.get("width"):
            problems.append(f"{result['name']}: an image loaded")
    assert problems == [], "\n".join(problems)


def _assert_no_side_effects(tandem) -> None:
    client, headers = tandem["client"], tandem["headers"]
    inbox = client.get("/api/inbox", headers=headers).json
    assert [item["comment"]["text"] for item in inbox["items"]] == [SECRET_COMMENT]
    snippets = client.get("/api/snippets", headers=headers).json["items"]
    assert [item["text"] for item in snippets] == [SECRET_SNIPPET]
    assert client.get("/api/settings", headers=headers).json["settings"]["model"] != "evil"
    assert tandem["app"].extensions["tandem.pairing"].origins() == []
    assert tandem["app"].extensions["tandem"].suggester.recent.get("0" * 16) is None
    assert client.get("/api/voice", headers=headers).json["past_replies"] == 0


def _run_hostile_page(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_function("window.__done === true", timeout=30_000)
    return page.evaluate("window.__results")


def _hostile_requests(tandem, since: int) -> list[dict]:
    return [entry for entry in tandem["log"].entries[since:]]


@pytest.mark.parametrize("origin", ["cross-site", "same-site"])
def test_hostile_page_reads_nothing_and_changes_nothing(tandem, hostile_server, evil_page, origin):
    host = "evil.test" if origin == "cross-site" else "127.0.0.1"
    since = len(tandem["log"].entries)
    results = _run_hostile_page(evil_page, f"http://{host}:{hostile_server}/hostile.html")
    names = {result["name"] for result in results}
    assert len(names) == 31, names  # every attempt reported
    reached = _hostile_requests(tandem, since)  # before the checks below add requests of their own
    _assert_nothing_readable(tandem, results)
    _assert_no_side_effects(tandem)
    # Whatever reached Tandem was refused before any work (401/403), open endpoints included.
    assert reached, "the page's requests never reached Tandem"
    allowed = [entry for entry in reached if entry["status"] is not None and entry["status"] < 400]
    assert allowed == [], allowed


def test_dns_rebinding_reads_nothing(tandem, evil_page):
    """The browser is on http://evil.test:<tandem port>: every read is same-origin, so only the
    Host check stands between the page and the data."""
    port = tandem["port"]
    since = len(tandem["log"].entries)
    for path in ("/api/health", "/inbox", "/pair", "/api/export"):
        response = evil_page.goto(f"http://evil.test:{port}{path}")
        assert response.status == 403, path
        body = evil_page.content()
        assert "forbidden_host" in body and not any(s in body for s in _forbidden_strings(tandem)), path
    results = evil_page.evaluate("""async (guess) => {
        const out = [];
        for (const [path, init] of [["/api/health", {}], ["/api/inbox", {headers: {Authorization: "Bearer " + guess}}],
                                    ["/inbox", {}], ["/pair", {}], ["/api/export", {}],
                                    ["/api/inbox/comments", {method: "POST", headers: {"Content-Type": "application/json"},
                                     body: JSON.stringify({comments: [{platform: "youtube", text: "rebound", id: "r1"}]})}],
                                    ["/api/snippets", {method: "POST", headers: {"Content-Type": "application/json"},
                                     body: JSON.stringify({title: "rebound", text: "rebound"})}]]) {
            try {
                const r = await fetch(path, init);
                out.push({name: "rebinding " + path, kind: "fetch", status: r.status, body: await r.text(), error: null});
            } catch (e) { out.push({name: "rebinding " + path, kind: "fetch", status: null, body: "", error: String(e)}); }
        }
        return out;
    }""", GUESSED_TOKEN)
    reached = _hostile_requests(tandem, since)
    assert all(result["status"] == 403 for result in results), results
    _assert_nothing_readable(tandem, results)
    _assert_no_side_effects(tandem)
    assert reached and all(entry["status"] == 403 for entry in reached), reached


def test_the_real_dashboard_still_works(tandem, evil_page):
    """The control: on Tandem's own origin the same reads succeed, so the refusals above are the
    security checks and not a broken server."""
    port = tandem["port"]
    response = evil_page.goto(f"http://127.0.0.1:{port}/inbox")
    assert response.status == 200
    token = evil_page.get_attribute('meta[name="tandem-token"]', "content") if evil_page.query_selector(
        'meta[name="tandem-token"]') else None
    listing = evil_page.evaluate("""async (token) => {
        const r = await fetch("/api/inbox", {headers: {Authorization: "Bearer " + token}});
        return {status: r.status, body: await r.text()};
    }""", token or tandem["token"])
    assert listing["status"] == 200 and SECRET_COMMENT in listing["body"]
