"""Fixtures for tests that load the real extension (extension/) into Chromium next to a real
Tandem server and a fake Ollama.

    from extension_harness import *  # noqa: F403  (fixtures: ollama, tandem, extension, paired, demo, ...)

Measured here (Chromium 156, Playwright 1.65, 2 cores): `launch_persistent_context(...,
headless=True)` with --load-extension loads MV3 extensions (service worker, content scripts,
commands) in ~1 s; `--headless=new` behaves the same. The service worker is usually already in
`context.service_workers` when launch returns.

Sites under their real names: `launch_extension(..., host_rules={"www.youtube.com": port})` maps
host names to a local server with --host-resolver-rules (and adds --ignore-certificate-errors).
Measured: Chromium turns http:// into https:// for all seven sites before any request (HSTS
preload), so such fixtures must be served over HTTPS: site_harness.SiteServer does that with a
throwaway self-signed certificate (test_extension_sites.py).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_kit import CHROMIUM_ARGS, EXTENSION_DIR, api_request, free_port, require_chromium, suggestions_reply
from fake_ollama import FakeOllama
from site_harness import HOSTS
from tandem import create_app
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, BrowserType, Page, Worker

# Fixtures are found by name in the test module, so every fixture (the helpers' too) is exported.
__all__ = [
    "EXTENSION_DIR", "ExtensionSession", "TandemServer", "chromium_type", "demo", "extension",
    "launch_extension", "ollama", "ollama_server", "pair", "paired", "paired_on_sites", "tandem",
]

# ---------------------------------------------------------------- the Tandem server


class TandemServer:
    """A real Tandem app served by werkzeug on a loopback port (the PORT in its config must be
    the real port: the Host allow-list checks it). stop()/start() keep the port and the data."""

    def __init__(self, home: Path, ollama_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app({"HOME": home, "PORT": self.port, "OLLAMA_HOST": ollama_url,
                               "OLLAMA_TIMEOUT": 10.0, "LOG_LEVEL": "WARNING"})
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def token(self) -> str:
        return self.app.extensions["tandem.token"]

    @property
    def services(self) -> Any:
        return self.app.extensions["tandem"]

    def start(self) -> TandemServer:
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"tandem-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def api(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """Call the API as a paired client would (loopback Host, the token, no Origin)."""
        try:
            with urllib.request.urlopen(api_request(self.url, self.token, method, path, body), timeout=10) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def ledger(self) -> list[dict[str, Any]]:
        return self.services.ledger.entries()


# ---------------------------------------------------------------- the browser with the extension


@dataclass
class ExtensionSession:
    context: BrowserContext
    worker: Worker

    @property
    def id(self) -> str:
        return self.worker.url.split("/")[2]

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path.lstrip('/')}"

    def worker_eval(self, expression: str, arg: Any = None) -> Any:
        """Evaluate in the service worker (where `tandem` exposes the background's entry points)."""
        return self.worker.evaluate(expression, arg)

    def storage(self) -> dict[str, Any]:
        return self.worker_eval("chrome.storage.local.get(null)")

    def badge(self) -> str:
        return self.worker_eval("chrome.action.getBadgeText({})")

    def tab_id(self, page: Page) -> int:
        """The tab id of `page` (no "tabs" permission: found as the active tab after focusing it)."""
        page.bring_to_front()
        return self.worker_eval("chrome.tabs.query({active: true, lastFocusedWindow: true}).then(t => t[0].id)")

    def message_tab(self, page: Page, message: dict[str, Any]) -> Any:
        """Send a message to the page's content script, as background.js and the side panel do."""
        return self.worker_eval("([id, m]) => chrome.tabs.sendMessage(id, m)", [self.tab_id(page), message])

    def new_page(self) -> Page:
        return self.context.new_page()


def launch_extension(chromium_type: BrowserType, user_data_dir: str, *,
                     host_rules: dict[str, int] | None = None) -> ExtensionSession:
    executable = require_chromium()
    args = [*CHROMIUM_ARGS, f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}"]
    if host_rules:
        rules = ",".join(f"MAP {host} 127.0.0.1:{port}" for host, port in host_rules.items())
        args += ["--ignore-certificate-errors", f"--host-resolver-rules={rules}"]
    context = chromium_type.launch_persistent_context(user_data_dir, executable_path=executable, headless=True,
                                                      args=args)
    ours = lambda worker: worker.url.endswith("/background.js")  # noqa: E731
    worker = next(filter(ours, context.service_workers), None)
    if worker is None:
        worker = context.wait_for_event("serviceworker", predicate=ours, timeout=15_000)
    return ExtensionSession(context, worker)


# ---------------------------------------------------------------- reading and driving Tandem's UI


def model_says(ollama: FakeOllama, texts: list[str], chunk_delay: float = 0.0) -> None:
    """What the fake model answers next (streamed in chunks, `chunk_delay` seconds apart)."""
    ollama.reply = suggestions_reply(texts)
    ollama.chunk_delay = chunk_delay


# The chip's shadow root for the comment id `id`, as a JS expression.
CHIP_ROOT = "document.querySelector(`[data-tandem-chip-for=\"${id}\"]`).shadowRoot"

READ_CARD = """(id) => {
    const root = CHIP_ROOT;
    const card = root.querySelector('.card');
    return {
        open: !card.hidden, phase: card.dataset.phase, engine: root.querySelector('.engine').textContent,
        error: root.querySelector('.error').textContent, status: root.querySelector('.chip').dataset.status,
        texts: [...root.querySelectorAll('.suggestion .text')].map((e) => e.textContent),
        ids: [...root.querySelectorAll('.suggestion')].map((e) => e.dataset.suggestionId || null),
        flags: [...root.querySelectorAll('.suggestion .flag')].map((e) => e.textContent),
        images: root.querySelectorAll('img').length,
    };
}""".replace("CHIP_ROOT", CHIP_ROOT)


def card(page: Page, comment_id: str) -> dict[str, Any]:
    """What the comment's card shows, read through its open shadow root."""
    return page.evaluate(READ_CARD, comment_id)


def wait_chip(page: Page, comment_id: str, condition: str, value: str) -> None:
    """Wait until `condition` (JS, with `root` the chip's shadow root) equals `value`."""
    page.wait_for_function(f"([id, value]) => {{ const root = {CHIP_ROOT}; return ({condition}) === value; }}",
                           arg=[comment_id, value])


def wait_card(page: Page, comment_id: str, phase: str = "done") -> dict[str, Any]:
    wait_chip(page, comment_id, "root.querySelector('.card').dataset.phase", phase)
    return card(page, comment_id)


def wait_status(page: Page, comment_id: str, status: str) -> None:
    wait_chip(page, comment_id, "root.querySelector('.chip').dataset.status", status)


def chip(page: Page, comment_id: str) -> Any:
    return page.locator(f'[data-tandem-chip-for="{comment_id}"] >> css=button.chip')


def suggestion_button(page: Page, comment_id: str, index: int, name: str = "insert") -> Any:
    return page.locator(f'[data-tandem-chip-for="{comment_id}"] >> '
                        f'css=li.suggestion[data-index="{index}"] button.{name}')


def ledger_entry(tandem: TandemServer, suggestion_id: str) -> dict[str, Any] | None:
    return next((entry for entry in tandem.ledger() if entry["suggestion_id"] == suggestion_id), None)


def wait_until(condition: Any, page: Page, timeout_ms: int = 5000) -> Any:
    """Poll a Python condition (server state) while the browser keeps running."""
    for _ in range(timeout_ms // 50):
        value = condition()
        if value:
            return value
        page.wait_for_timeout(50)
    return condition()


def run_command(session: ExtensionSession, page: Page, command: str) -> None:
    """What chrome.commands.onCommand does when the shortcut is pressed in `page`'s tab."""
    tab = session.tab_id(page)
    sent = session.worker_eval("([command, tab]) => tandem.onCommand(command, {id: tab})", [command, tab])
    assert sent == {"sent": True}


# ---------------------------------------------------------------- fixtures (one stack per module)


@pytest.fixture(scope="module")
def ollama_server() -> Iterator[FakeOllama]:
    with FakeOllama() as fake:
        yield fake


@pytest.fixture
def ollama(ollama_server: FakeOllama) -> Iterator[FakeOllama]:
    """The module's fake Ollama, with default knobs for each test (and up again afterwards)."""
    ollama_server.reset()
    ollama_server.come_back()
    yield ollama_server
    ollama_server.reset()
    ollama_server.come_back()


@pytest.fixture(scope="module")
def tandem(ollama_server: FakeOllama, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TandemServer]:
    server = TandemServer(tmp_path_factory.mktemp("tandem-home"), ollama_server.url).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium_type(browser: Browser) -> BrowserType:
    """Playwright's Chromium, borrowed from the conftest's session `browser`: one sync Playwright
    per process (a second one refuses to start inside the first one's event loop). The
    conftest's fixture also turns a missing Chromium or Playwright into a failure in CI."""
    return browser.browser_type


@pytest.fixture(scope="module")
def extension(chromium_type: BrowserType, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionSession]:
    """Chromium with the unpacked extension loaded (one per test module: launching costs ~1 s)."""
    session = launch_extension(chromium_type, str(tmp_path_factory.mktemp("chromium-profile")))
    yield session
    session.context.close()


def pair(session: ExtensionSession, server: TandemServer) -> ExtensionSession:
    """Pair the way a creator does: open the server's /pair page and let the extension do it."""
    page = session.new_page()
    page.goto(f"{server.url}/pair")
    page.wait_for_function("() => document.querySelector('#tandem-pair-status').textContent.includes('Paired ✓')")
    page.close()
    return session


@contextmanager
def paired_on_sites(chromium_type: BrowserType, site_port: int, server: TandemServer,
                    user_data_dir: str) -> Iterator[ExtensionSession]:
    """Chromium with the extension, paired with `server`, whose host rules send the seven sites'
    real names to the site fixture server on `site_port` (site_harness.py); closed afterwards."""
    session = launch_extension(chromium_type, user_data_dir, host_rules={host: site_port for host in HOSTS})
    try:
        yield pair(session, server)
    finally:
        session.context.close()


@pytest.fixture(scope="module")
def paired(extension: ExtensionSession, tandem: TandemServer) -> ExtensionSession:
    """The module's extension, paired with the module's server."""
    return pair(extension, tandem)


@pytest.fixture
def demo(paired: ExtensionSession, tandem: TandemServer, ollama: FakeOllama) -> Iterator[Page]:
    """A fresh /demo tab with Tandem's chips on it; closed after the test."""
    page = paired.new_page()
    page.goto(f"{tandem.url}/demo")
    page.wait_for_selector("[data-tandem-chip-for] >> css=button.chip")
    yield page
    page.close()
