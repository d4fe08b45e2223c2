"""What the browser harnesses and tests share: which Chromium to run and how, what to do when it
(or Playwright, or openssl) is missing, recording what a page did, and small helpers for the
loopback servers. A plain module (tests/browser is on sys.path):

    from browser_kit import PageRecord, recording, unavailable
"""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, ViewportSize

REPO = Path(__file__).resolve().parents[2]
FIXTURES_DIR = REPO / "tests" / "browser" / "fixtures"
EXTENSION_DIR = REPO / "extension"

DEFAULT_CHROMIUM = "/usr/lib/chromium/chromium"  # not /usr/bin/chromium: that wrapper adds flags
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# A comment whose text is markup: it must show as text and never run.
XSS_TEXT = '<img src=x onerror="window.__pwned=1">'


def chromium_executable() -> str:
    """The Chromium to drive: $TANDEM_CHROMIUM, else Debian's binary."""
    return os.environ.get("TANDEM_CHROMIUM", DEFAULT_CHROMIUM)


def unavailable(reason: str) -> None:
    """In CI a missing browser is a failure (DESIGN.md, Testing); on a laptop, a skip."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def require_chromium() -> str:
    """The Chromium executable, or unavailable() with the install hint."""
    executable = chromium_executable()
    if not Path(executable).exists():
        unavailable(f"Chromium not installed: apt-get install chromium (looked for {executable})")
    return executable


# ---------------------------------------------------------------- what a page did


@dataclass
class PageRecord:
    """What the page did that a test may need to forbid: uncaught errors and dialogs (and, when
    asked for, console messages)."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


@contextmanager
def recording(page: Page, *, console: Callable[[ConsoleMessage], bool] | None = None) -> Iterator[PageRecord]:
    """Listens on `page` (from before navigation, if entered before it): uncaught errors, and
    every dialog, recorded and dismissed; console messages for which `console` is true."""
    record = PageRecord()

    def on_error(error: Exception) -> None:
        record.errors.append(str(error))

    def on_dialog(dialog: Dialog) -> None:
        record.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if console(message):
            record.console.append(f"{message.type}: {message.text}")

    listeners: dict[str, Callable[[Any], None]] = {"pageerror": on_error, "dialog": on_dialog}
    if console is not None:
        listeners["console"] = on_console
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        yield record
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)


@contextmanager
def session_tab(browser: Browser, **context_options: Any) -> Iterator[Page]:
    """A tab in a context of its own, for a whole session (a new context and page per test costs
    ~0.3 s on 2 cores); the context is closed afterwards."""
    context = browser.new_context(**context_options)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def recorded_tab(context: BrowserContext, *,
                 console: Callable[[ConsoleMessage], bool] | None = None) -> Iterator[tuple[Page, PageRecord]]:
    """A fresh tab in `context` and what happened in it (see recording()); closed afterwards."""
    page = context.new_page()
    try:
        with recording(page, console=console) as record:
            yield page, record
    finally:
        page.close()


@contextmanager
def error_log(page: Page) -> Iterator[list[str]]:
    """Uncaught page errors and console messages of type error, from before navigation."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    def on_error(error: Exception) -> None:
        errors.append(f"pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_error)
    try:
        yield errors
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)


@contextmanager
def tidy_tab(page: Page, viewport: ViewportSize | None = None) -> Iterator[None]:
    """For tests on the session's shared tab: optionally resize it, then give back its viewport
    and drop the test's routes."""
    original = page.viewport_size
    if viewport:
        page.set_viewport_size(viewport)
    yield
    page.unroute_all()
    if original:
        page.set_viewport_size(original)


# ---------------------------------------------------------------- loopback servers


def free_port() -> int:
    """A loopback port nobody listens on (for servers that must know their port up front)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api_request(base_url: str, token: str, method: str, path: str, body: Any = None) -> urllib.request.Request:
    """A request to Tandem's API as a paired client makes it (loopback Host, the token, no Origin)."""
    data = None if body is None else json.dumps(body).encode()
    return urllib.request.Request(base_url + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def suggestions_reply(texts: list[str]) -> str:
    """The fake Ollama's answer that makes the model suggest `texts`."""
    return json.dumps({"suggestions": [{"text": text} for text in texts]})
