"""Shared fixtures for the browser tests: a loopback static server, one Chromium, a page.

The fixture pages under fixtures/ load the real editor bundles (fixtures/editors/dist) and the
extension's own scripts from /extension/, exactly as the content script would run them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

import pytest
from browser_kit import (
    CHROMIUM_ARGS,
    EXTENSION_DIR,
    FIXTURES_DIR,
    PageRecord,
    recording,
    require_chromium,
    session_tab,
    unavailable,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


class _FixtureHandler(SimpleHTTPRequestHandler):
    """Serves /extension/... from extension/ and everything else from tests/browser/fixtures/."""

    def translate_path(self, path: str) -> str:
        prefix = "/extension/"
        if path.startswith(prefix):
            self.directory = str(EXTENSION_DIR)
            path = path[len(prefix) - 1 :]
        else:
            self.directory = str(FIXTURES_DIR)
        return super().translate_path(path)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[str]:
    """Base URL of a static server on loopback (port chosen by the OS)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_FixtureHandler, directory=str(FIXTURES_DIR)))
    thread = threading.Thread(target=server.serve_forever, name="fixture-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (launching costs ~1 s)."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def _tab(browser: Browser) -> Iterator[Page]:
    """One tab for the session: a new context and page per test costs ~0.3 s on 2 cores,
    which would be most of the suite's time. Each test navigates, which resets the page."""
    with session_tab(browser) as tab:
        yield tab


@pytest.fixture
def page(_tab: Page) -> Iterator[Page]:
    """The session's tab, parked on about:blank after each test so nothing carries over."""
    yield _tab
    _tab.goto("about:blank")


@pytest.fixture
def page_record(page: Page) -> Iterator[PageRecord]:
    """Listens on `page` from before navigation; every dialog is recorded and dismissed."""
    with recording(page) as record:
        yield record
