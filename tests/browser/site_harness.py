"""The seven site fixtures under their real host names, for tests and bench/content_extraction.py.

A loopback HTTPS server routes by Host header: any path on www.youtube.com serves
fixtures/sites/youtube/index.html (a SPA shell, like the real sites), and on every host
``/__fixtures__/...`` serves tests/browser/fixtures/... and ``/__extension__/...`` serves
extension/... . Chromium reaches it under the real names through --host-resolver-rules. HTTPS
because all seven sites are HSTS-preloaded: Chromium turns http://www.youtube.com into https://
before any request, so the server presents a throwaway self-signed certificate and Chromium runs
with --ignore-certificate-errors.

Plain functions (for the bench), pytest fixtures built on them, and SITES: what each fixture page
holds, i.e. what the adapters must read from it (for the tests):

    from site_harness import *  # noqa: F403  (fixtures: site_server, site_browser, site_page)
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_kit import (
    CHROMIUM_ARGS,
    EXTENSION_DIR,
    FIXTURES_DIR,
    XSS_TEXT,
    chromium_executable,
    recording,
    session_tab,
    unavailable,
)
from browser_kit import PageRecord as SiteRecord

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserType, Page

__all__ = [
    "ADAPTER_SCRIPTS", "HOSTS", "SITES", "XSS_TEXT", "SiteCase", "SiteRecord", "SiteServer", "_site_tab", "host_rules_arg",
    "inject_adapters", "launch_site_browser", "open_site", "site_browser", "site_page", "site_record", "site_server",
    "start_site_server",
]

SITES_DIR = FIXTURES_DIR / "sites"

# Host name -> fixture folder under fixtures/sites/ (the hosts the adapters' matches() accept).
HOSTS = {
    "www.youtube.com": "youtube",
    "x.com": "x",
    "twitter.com": "x",
    "www.reddit.com": "reddit",
    "www.instagram.com": "instagram",
    "www.tiktok.com": "tiktok",
    "www.facebook.com": "facebook",
    "www.linkedin.com": "linkedin",
}

# What the manifest's content_scripts load before core.js, in its order (phase-1 tests inject
# these by hand; the extension tests get them from the manifest).
ADAPTER_SCRIPTS = [
    "content/sites/registry.js",
    "content/sites/common.js",
    "content/insert.js",
    "content/sites/youtube.js",
    "content/sites/x.js",
    "content/sites/reddit.js",
    "content/sites/instagram.js",
    "content/sites/tiktok.js",
    "content/sites/facebook.js",
    "content/sites/linkedin.js",
]


class _SiteHandler(SimpleHTTPRequestHandler):
    """Routes by Host: the site's SPA shell for any page path, shared assets under fixed prefixes."""

    PREFIXES = {"/__fixtures__/": FIXTURES_DIR, "/__extension__/": EXTENSION_DIR}

    def translate_path(self, path: str) -> str:
        for prefix, directory in self.PREFIXES.items():
            if path.startswith(prefix):
                self.directory = str(directory)
                return super().translate_path(path[len(prefix) - 1:])
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        site = HOSTS.get(host)
        if site is None or path.split("?")[0].endswith((".ico", ".png", ".js", ".css")):
            return str(SITES_DIR / "__missing__")  # 404, never another site's page
        return str(SITES_DIR / site / "index.html")

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # fixture edits show up without a restart
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class SiteServer:
    """The HTTPS fixture server on a loopback port chosen by the OS."""

    def __init__(self) -> None:
        self._certs = Path(tempfile.mkdtemp(prefix="tandem-sites-cert-"))
        openssl = shutil.which("openssl")
        if not openssl:
            raise RuntimeError("openssl is needed to make the fixture server's throwaway certificate")
        subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=tandem-sites",
                        "-keyout", str(self._certs / "key.pem"), "-out", str(self._certs / "cert.pem")],
                       check=True, capture_output=True)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(self._certs / "cert.pem", self._certs / "key.pem")
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _SiteHandler)
        self._server.daemon_threads = True
        self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="site-fixtures", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        shutil.rmtree(self._certs, ignore_errors=True)


def start_site_server() -> SiteServer:
    return SiteServer()


def host_rules_arg(port: int) -> str:
    return "--host-resolver-rules=" + ", ".join(f"MAP {host} 127.0.0.1:{port}" for host in HOSTS)


def launch_site_browser(browser_type: BrowserType, port: int) -> Browser:
    """Headless Chromium that resolves the seven sites' names to the fixture server."""
    return browser_type.launch(executable_path=chromium_executable(), headless=True,
                               args=[*CHROMIUM_ARGS, "--ignore-certificate-errors", host_rules_arg(port)])


def open_site(page: Page, url: str) -> None:
    """Load a fixture page and wait until its editors and recorders are in place."""
    page.goto(url)
    page.wait_for_function("() => window.Fixture && window.__editors")


def inject_adapters(page: Page, scripts: list[str] = ADAPTER_SCRIPTS) -> None:
    """Load the registry, insert.js and the adapters into the page, as the manifest does."""
    for script in scripts:
        page.add_script_tag(url=f"/__extension__/{script}")
    page.wait_for_function("() => globalThis.TandemSites && globalThis.TandemSiteKit && globalThis.TandemInsert")


# ---------------------------------------------------------------- pytest fixtures


@pytest.fixture(scope="session")
def site_server() -> Iterator[SiteServer]:
    if not shutil.which("openssl"):  # as for a missing browser: a failure in CI, a skip elsewhere
        unavailable("openssl is needed for the site fixtures' throwaway certificate (apt-get install openssl)")
    server = start_site_server()
    yield server
    server.close()


@pytest.fixture(scope="session")
def site_browser(browser: Browser, site_server: SiteServer) -> Iterator[Browser]:
    """A second Chromium from the session's Playwright (one Playwright per thread is all the sync
    API allows), launched with the host rules; the conftest's `browser` lacks them."""
    launched = launch_site_browser(browser.browser_type, site_server.port)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def _site_tab(site_browser: Browser) -> Iterator[Page]:
    with session_tab(site_browser, ignore_https_errors=True) as tab:
        yield tab


@pytest.fixture
def site_page(_site_tab: Page) -> Iterator[Page]:
    """The session's tab on the site browser, parked on about:blank after each test."""
    yield _site_tab
    _site_tab.goto("about:blank")


@pytest.fixture
def site_record(site_page: Page) -> Iterator[SiteRecord]:
    """Listens on `site_page` from before navigation; every dialog is recorded and dismissed."""
    with recording(site_page) as record:
        yield record


# ---------------------------------------------------------------- what each fixture page holds

TWICE = "Tried it twice.\nSecond loaf was perfect!"


@dataclass(frozen=True)
class SiteCase:
    """One fixture page and what an adapter must read from it (the tests' expected values)."""

    site: str
    url: str
    post_title: str
    comments: tuple[tuple[str, str, str], ...]  # (id, author, text) in page order, creator's own left out
    lazy_ids: tuple[str, ...]  # appended when the page is scrolled to the bottom
    nested: tuple[str, tuple[str, ...]]  # a reply's id and the context it carries
    posted: tuple[str, str]  # a comment's id and the creator's reply shown under it
    reply_to: str  # the comment whose box the insert test opens ...
    other: str  # ... and another comment whose box must stay apart
    shared_box: bool = False  # one composer per post (Instagram, TikTok)
    box_prefix: str = ""  # what the site prefills when replying (Instagram's "@author ")
    spa: tuple[str, tuple[str, ...], str] | None = None  # (path after the click, new ids, new post title)

    @property
    def xss_id(self) -> str:
        return next(cid for cid, _, text in self.comments if text == XSS_TEXT)

    @property
    def ids(self) -> list[str]:
        return [cid for cid, _, _ in self.comments]

    def box_key(self, comment_id: str) -> str:
        """The key the fixture registers the comment's reply editor under (fixture.js)."""
        return "composer" if self.shared_box else comment_id


def _yt(n: str) -> str:
    return f"UgzYT{n}AaABAg"


def _li(n: int) -> str:
    return f"urn:li:comment:(activity:7200000000000000001,72010000000000000{n:02d})"


def _li_lazy(n: int) -> str:
    return f"urn:li:comment:(activity:7200000000000000001,7201000000000000{n})"


SITES: dict[str, SiteCase] = {case.site: case for case in [
    SiteCase(
        site="youtube", url="https://www.youtube.com/watch?v=abc", post_title="How I bake sourdough at home",
        comments=(
            (_yt("01"), "@alice", "This is the best sourdough tutorial on YouTube!"),
            (_yt("01") + ".9xA1", "@bob", "Agreed, the shaping part was gold"),
            (_yt("02"), "@carol", "What flour do you use? 🍞"),
            (_yt("03"), "@dan", XSS_TEXT),
            (_yt("04"), "@erin", TWICE),
            (_yt("05"), "@frank", "How long do you proof in the fridge?"),
            (_yt("05") + ".9xB1", "@gina", "I do 14 hours"),
            (_yt("06"), "@hana", "Subscribed!"),
            (_yt("07"), "@ivan", "Can you do a rye version next?"),
            (_yt("08"), "@jules", "The crumb shot at 12:04 😍"),
            (_yt("09"), "@kim", "Love the music too"),
        ),
        lazy_ids=(_yt("10"), _yt("11"), _yt("11") + ".9zR1", _yt("12")),
        nested=(_yt("05") + ".9xB1", ("How long do you proof in the fridge?",)),
        posted=(_yt("01"), "Thank you so much, Alice! 🙏"),
        reply_to=_yt("02"), other=_yt("06"),
        spa=("/watch?v=def", ("UgzRY01AaABAg", "UgzRY01AaABAg.8aa1", "UgzRY02AaABAg"), "Rye sourdough, start to finish"),
    ),
    SiteCase(
        site="x", url="https://x.com/creator/status/1790000000000000001",
        post_title="Three years of sourdough in one thread. Ask me anything about starters! 🧵",
        comments=(
            ("1790000000000000101", "@alice", "Saving this for the weekend 🔥"),
            ("1790000000000000111", "@bob", "How do you keep the starter alive on vacation?"),
            ("1790000000000000112", "@carol", "Fridge, and a big feed before you leave"),
            ("1790000000000000121", "@dan", XSS_TEXT),
            ("1790000000000000131", "@erin", TWICE),
            ("1790000000000000141", "@frank", "What hydration do you start beginners at?"),
            ("1790000000000000151", "@gina", "Crust goals"),
            ("1790000000000000152", "@hana", "Right?!"),
            ("1790000000000000153", "@ivan", "Same here"),
            ("1790000000000000161", "@jules", "Following for the rye thread"),
        ),
        lazy_ids=("1790000000000000171", "1790000000000000181", "1790000000000000182"),
        nested=("1790000000000000153", ("Three years of sourdough in one thread. Ask me anything about starters! 🧵",
                                        "Crust goals", "Right?!")),
        posted=("1790000000000000101", "@alice enjoy it, post your loaf!"),
        reply_to="1790000000000000111", other="1790000000000000141",
        spa=("/creator/status/1790000000000000002", ("1790000000000000201", "1790000000000000211"),
             "Part two: shaping a batard, step by step."),
    ),
    SiteCase(
        site="reddit", url="https://www.reddit.com/r/Sourdough/comments/1abc23/three_years_of_sourdough_ama/",
        post_title="Three years of sourdough, AMA",
        comments=(
            ("t1_kc01", "alice", "This is the best sourdough AMA on Reddit!"),
            ("t1_kc02", "bob", "Agreed, the shaping tips were gold"),
            ("t1_kc04", "carol", "What flour do you use? 🍞"),
            ("t1_kc05", "dan", XSS_TEXT),
            ("t1_kc06", "erin", "Tried it twice.\n\nSecond loaf was perfect!"),  # two paragraphs
            ("t1_kc07", "frank", "How long do you proof in the fridge?"),
            ("t1_kc08", "gina", "I do 14 hours"),
            ("t1_kc09", "hana", "14 hours at what temperature?"),
            ("t1_kc0a", "ivan", "Can you do a r/Breadit crosspost?"),
            ("t1_kc0b", "jules", "Bookmarked."),
            ("t1_kc0c", "kim", "Love the crumb shots"),
        ),
        lazy_ids=("t1_kc10", "t1_kc11", "t1_kc12"),
        nested=("t1_kc09", ("How long do you proof in the fridge?", "I do 14 hours")),
        posted=("t1_kc01", "Thank you so much, Alice! 🙏"),
        reply_to="t1_kc04", other="t1_kc0b",
        spa=("/r/Sourdough/comments/1abd45/rye_starter_week_one/", ("t1_kd01", "t1_kd03"), "Rye starter, week one"),
    ),
    SiteCase(
        site="instagram", url="https://www.instagram.com/p/C0ffEE123ab/",
        post_title="Three years of sourdough in one post. Ask me anything!",
        comments=(
            ("17900000000000001", "alice", "This is the best sourdough post on Instagram!"),
            ("17900000000000002", "bob", "@alice agreed, the shaping part was gold"),
            ("17900000000000004", "carol", "What flour do you use? 🍞"),
            ("17900000000000005", "dan", XSS_TEXT),
            ("17900000000000006", "erin", TWICE),
            ("17900000000000007", "frank", "How long do you proof in the fridge?"),
            ("17900000000000008", "gina", "@frank I do 14 hours"),
            ("17900000000000009", "hana", "Subscribed!"),
            ("17900000000000010", "ivan", "Can you do a rye version next?"),
            ("17900000000000011", "jules", "The crumb 😍"),
            ("17900000000000012", "kim", "Love the music too"),
        ),
        lazy_ids=("17900000000000110", "17900000000000111", "17900000000000112"),
        nested=("17900000000000008", ("How long do you proof in the fridge?",)),
        posted=("17900000000000001", "@alice thank you so much! 🙏"),
        reply_to="17900000000000004", other="17900000000000009", shared_box=True, box_prefix="@carol ",
        spa=("/p/C0ffEE456cd/", ("17900000000000201", "17900000000000203"), "Rye sourdough, start to finish. Questions welcome!"),
    ),
    SiteCase(
        site="tiktok", url="https://www.tiktok.com/@creator/video/7340000000000000001",
        post_title="Three years of sourdough in 60 seconds #sourdough",
        comments=(
            ("7340000000000001001", "Alice", "This is the best sourdough video on TikTok!"),
            ("7340000000000001002", "Bob", "Agreed, the shaping part was gold"),
            ("7340000000000001004", "Carol", "What flour do you use? 🍞"),
            ("7340000000000001005", "Dan", XSS_TEXT),
            ("7340000000000001006", "Erin", TWICE),
            ("7340000000000001007", "Frank", "How long do you proof in the fridge?"),
            ("7340000000000001008", "Gina", "I do 14 hours"),
            ("7340000000000001009", "Hana", "Subscribed!"),
            ("7340000000000001010", "Ivan", "Can you do a rye version next?"),
            ("7340000000000001011", "Jules", "The crumb 😍"),
            ("7340000000000001012", "Kim", "Love the music too"),
        ),
        lazy_ids=("7340000000000001101", "7340000000000001102", "7340000000000001103"),
        nested=("7340000000000001008", ("How long do you proof in the fridge?",)),
        posted=("7340000000000001001", "Thank you so much, Alice! 🙏"),
        reply_to="7340000000000001004", other="7340000000000001009", shared_box=True,
        spa=("/@creator/video/7340000000000000002", ("7340000000000002001", "7340000000000002003"),
             "Rye sourdough, start to finish #rye"),
    ),
    SiteCase(
        site="facebook", url="https://www.facebook.com/crumbandco/posts/pfbid02abcDEF",
        post_title="Three years of sourdough in one post. Ask me anything!",
        comments=(
            ("1110000000000001", "Alice Smith", "This is the best sourdough post on Facebook!"),
            ("1110000000000002", "Bob Jones", "Agreed, the shaping part was gold"),
            ("1110000000000004", "Carol White", "What flour do you use? 🍞"),
            ("1110000000000005", "Dan Brown", XSS_TEXT),
            ("1110000000000006", "Erin Gray", TWICE),
            ("1110000000000007", "Frank Li", "How long do you proof in the fridge?"),
            ("1110000000000008", "Gina Park", "I do 14 hours"),
            ("1110000000000009", "Hana Ito", "At what temperature?"),
            ("1110000000000010", "Ivan Petrov", "Can you do a rye version next?"),  # "See more" is a button, not text
            ("1110000000000011", "Jules Martin", "The crumb 😍"),
            ("1110000000000013", "Kim Lee", "Love the music too"),
        ),
        lazy_ids=("1110000000000110", "1110000000000111", "1110000000000112"),
        nested=("1110000000000009", ("How long do you proof in the fridge?", "I do 14 hours")),
        posted=("1110000000000001", "Thank you so much, Alice! 🙏"),
        reply_to="1110000000000004", other="1110000000000013",
        spa=("/crumbandco/posts/pfbid02ghiJKL", ("1110000000000201", "1110000000000203"),
             "Rye sourdough, start to finish. Questions welcome!"),
    ),
    SiteCase(
        site="linkedin", url="https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000001/",
        post_title="Three years of sourdough in one post. Ask me anything!",
        comments=(
            (_li(1), "Alice Smith", "This is the best sourdough post on LinkedIn!"),
            (_li(2), "Bob Jones", "Agreed, the shaping part was gold"),
            (_li(4), "Carol White", "What flour do you use? 🍞"),
            (_li(5), "Dan Brown", XSS_TEXT),
            (_li(6), "Erin Gray", TWICE),
            (_li(7), "Frank Li", "How long do you proof in the fridge?"),
            (_li(8), "Gina Park", "I do 14 hours"),
            (_li(9), "Hana Ito", "Congrats on the launch! #baking"),
            (_li(10), "Ivan Petrov", "Can you do a rye version next?"),
            (_li(11), "Jules Martin", "The crumb 😍"),
            (_li(12), "Kim Lee", "Love the music too"),
        ),
        lazy_ids=(_li_lazy(110), _li_lazy(111), _li_lazy(112)),
        nested=(_li(8), ("How long do you proof in the fridge?",)),
        posted=(_li(1), "Thank you so much, Alice! 🙏"),
        reply_to=_li(4), other=_li(10),
        spa=("/feed/update/urn:li:activity:7200000000000000002/",
             ("urn:li:comment:(activity:7200000000000000002,7202000000000000001)",
              "urn:li:comment:(activity:7200000000000000002,7202000000000000003)"),
             "Rye sourdough, start to finish. Questions welcome!"),
    ),
]}
