"""The loaded extension on the seven site fixtures, beyond the main loop that
test_extension_sites.py covers: comments that arrive by lazy loading get their chips (and only
they are read: the page is not scanned again), a SPA navigation reads each new comment once, and a
comment whose text is markup never runs, whatever comes back for it.

The extension comes from the manifest (content scripts in its order) into a Chromium whose
--host-resolver-rules send the sites' real names to site_harness.py's HTTPS fixture server.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from browser_kit import PageRecord, recorded_tab
from extension_harness import *  # noqa: F403 - fixtures (tandem, ollama, chromium_type ...)
from extension_harness import (
    CHIP_ROOT,
    EXTENSION_DIR,
    ExtensionSession,
    TandemServer,
    card,
    chip,
    model_says,
    paired_on_sites,
)
from site_harness import SITES, XSS_TEXT, SiteCase, SiteServer, site_server  # noqa: F401 - fixture

if TYPE_CHECKING:
    from fake_ollama import FakeOllama
    from playwright.sync_api import BrowserType, CDPSession, Page

pytestmark = pytest.mark.browser

ALL_SITES = pytest.mark.parametrize("case", list(SITES.values()), ids=list(SITES))
CHIPS = "() => [...document.querySelectorAll('[data-tandem-chip-for]')].map((host) => host.dataset.tandemChipFor)"


@pytest.fixture(scope="module")
def extension_on_sites(chromium_type: BrowserType, site_server: SiteServer, tandem: TandemServer,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionSession]:
    profile = str(tmp_path_factory.mktemp("chromium-sites"))
    with paired_on_sites(chromium_type, site_server.port, tandem, profile) as session:
        yield session


@pytest.fixture
def tab(extension_on_sites: ExtensionSession) -> Iterator[tuple[Page, PageRecord]]:
    """A fresh tab and what went wrong in it (uncaught errors, dialogs: there must be none)."""
    with recorded_tab(extension_on_sites.context) as opened:
        yield opened


def open_with_chips(page: Page, case: SiteCase) -> None:
    page.goto(case.url)
    page.wait_for_function("(n) => document.querySelectorAll('[data-tandem-chip-for]').length >= n", arg=len(case.ids))


def assert_nothing_ran_or_posted(page: Page, record: PageRecord) -> None:
    state = page.evaluate("""() => ({submits: window.__submits, clicks: window.__postClicks, pwned: window.__pwned ?? null,
                                     images: document.querySelectorAll('img[src="x"]').length})""")
    assert state == {"submits": [], "clicks": [], "pwned": None, "images": 0}
    assert record.errors == [] and record.dialogs == []


@ALL_SITES
def test_comments_loaded_on_scroll_get_their_chips(tab: tuple[Page, PageRecord], case: SiteCase) -> None:
    page, record = tab
    open_with_chips(page, case)
    assert page.evaluate(CHIPS) == case.ids
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("(ids) => ids.every((id) => document.querySelector(`[data-tandem-chip-for=\"${id}\"]`))",
                           arg=list(case.lazy_ids))
    assert page.evaluate(CHIPS) == case.ids + list(case.lazy_ids)
    assert_nothing_ran_or_posted(page, record)


def suggest_for_markup(page: Page, case: SiteCase) -> dict:
    """Click the markup comment's chip and wait until its card has an answer or an error."""
    chip(page, case.xss_id).click()
    page.wait_for_function(f"(id) => ['done', 'error'].includes({CHIP_ROOT}.querySelector('.card').dataset.phase)",
                           arg=case.xss_id)
    return card(page, case.xss_id)


@ALL_SITES
def test_a_comment_made_of_markup_runs_nothing_when_suggested_for(
        tab: tuple[Page, PageRecord], ollama: FakeOllama, case: SiteCase) -> None:
    page, record = tab
    model_says(ollama, ['<img src=x onerror="window.__pwned=2"> right back'])
    open_with_chips(page, case)
    shown = suggest_for_markup(page, case)
    assert shown["images"] == 0  # model output, like the comment, is shown as text
    assert shown["texts"] in ([], ['<img src=x onerror="window.__pwned=2"> right back'])
    assert card(page, case.reply_to)["texts"] == []  # beside the right comment only
    assert_nothing_ran_or_posted(page, record)


def test_a_comment_made_of_markup_is_suggested_for_as_its_literal_text(
        tab: tuple[Page, PageRecord], ollama: FakeOllama) -> None:
    page, _ = tab
    case = SITES["youtube"]  # the server's handling is the same for every site
    model_says(ollama, ["Nice try 😄"])
    open_with_chips(page, case)
    requests_before = len(ollama.chat_requests())
    shown = suggest_for_markup(page, case)
    assert shown["texts"] == ["Nice try 😄"], shown["error"]
    prompt = json.dumps(ollama.chat_requests()[requests_before:], ensure_ascii=False)
    assert json.dumps(XSS_TEXT, ensure_ascii=False)[1:-1] in prompt


# ---------------------------------------------------------------- what the content script reads


class ContentScriptTrace:
    """What content/page.js does, recorded inside the content script's isolated world without a
    line of product code: DevTools logpoints, i.e. conditional breakpoints whose condition records
    an event and returns false, so nothing ever pauses. Set before the page loads, they see the
    first scan too. The page itself cannot reach that world; the test reads it over CDP.

    Events: ("read", id) each time page.js reads a comment to process it (scan or re-read),
    ("check", id) when it re-reads one to check the page did not recycle its node (elementFor,
    e.g. when the inbox answers), ("scan", "page" | "subtree") for each findComments pass."""

    PROBES = {
        "const comment = adapter.readComment(el);": "['read', el]",
        "if (adapter.readComment(el)?.id === id) return el;": "['check', id]",
        "for (const el of adapter.findComments(root)) process(el);": "['scan', root === document.body ? 'page' : 'subtree']",
    }
    # An element is resolved to the id page.js marked it with (data-tandem-id) when read back.
    READ_BACK = """(globalThis.__tandemTrace || []).map(([kind, what]) =>
        [kind, what instanceof Element ? what.getAttribute('data-tandem-id') : what])"""

    def __init__(self, page: Page) -> None:
        self.cdp: CDPSession = page.context.new_cdp_session(page)
        self.contexts: list[dict[str, Any]] = []
        self.cdp.on("Runtime.executionContextCreated", lambda event: self.contexts.append(event["context"]))
        self.cdp.send("Runtime.enable")
        self.cdp.send("Debugger.enable")
        source = (EXTENSION_DIR / "content" / "page.js").read_text(encoding="utf-8").splitlines()
        for text, record in self.PROBES.items():
            lines = [number for number, line in enumerate(source) if text in line]
            assert len(lines) == 1, f"page.js changed: probe line {text!r} found {len(lines)} times"
            self.cdp.send("Debugger.setBreakpointByUrl", {
                "lineNumber": lines[0], "urlRegex": r"/content/page\.js$",
                "condition": f"((globalThis.__tandemTrace ||= []).push({record}), false)"})

    def events(self) -> list[tuple[str, Any]]:
        ours = [c for c in self.contexts if c["origin"].startswith("chrome-extension://") and c["auxData"]["type"] == "isolated"]
        assert ours, "the content script's isolated world was not seen"
        answer = self.cdp.send("Runtime.evaluate", {"expression": self.READ_BACK, "contextId": ours[-1]["id"],
                                                    "returnByValue": True})
        assert "exceptionDetails" not in answer, answer
        return [tuple(event) for event in answer["result"]["value"]]

    def close(self) -> None:
        self.cdp.send("Debugger.disable")
        self.cdp.detach()


@pytest.fixture
def trace(tab: tuple[Page, PageRecord]) -> Iterator[ContentScriptTrace]:
    traced = ContentScriptTrace(tab[0])
    yield traced
    traced.close()


# In the page's own world, from before anything runs: how many times a chip host was put on the
# page for each comment id (Tandem's chips are the page-visible trace of processing a comment).
COUNT_CHIP_INSERTIONS = """(() => {
    const counts = (window.__chipInsertions = {});
    new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) {
            if (node.nodeType !== Node.ELEMENT_NODE) continue;
            const hosts = node.matches('[data-tandem-chip-for]') ? [node] : [...node.querySelectorAll('[data-tandem-chip-for]')];
            for (const host of hosts) counts[host.dataset.tandemChipFor] = (counts[host.dataset.tandemChipFor] || 0) + 1;
        }
    }).observe(document, {childList: true, subtree: true});
})()"""


def of(events: list[tuple[str, Any]], kind: str) -> list[Any]:
    return [what for event_kind, what in events if event_kind == kind]


def inbox_has(session: ExtensionSession, page: Page, count: int) -> dict[str, Any]:
    """Wait until the page's inbox sync has sent `count` comments and applied the answers (its
    answers make page.js check those comments' nodes once more: "check" events)."""
    def stats() -> dict[str, Any] | None:
        reply = session.message_tab(page, {"type": "inboxState"})
        data = reply["data"] if reply.get("ok") else {}
        return data if data.get("sent", 0) >= count and data.get("queued") == 0 else None
    for _ in range(200):
        if (found := stats()) is not None:
            return found
        page.wait_for_timeout(50)
    raise AssertionError(f"the inbox sync did not send {count} comments: {session.message_tab(page, {'type': 'inboxState'})}")


@pytest.mark.parametrize("case", [SITES["youtube"], SITES["reddit"]], ids=["youtube", "reddit"])
def test_a_lazy_loaded_batch_is_read_alone_without_rescanning_the_page(
        extension_on_sites: ExtensionSession, tab: tuple[Page, PageRecord], trace: ContentScriptTrace, case: SiteCase) -> None:
    page, record = tab
    page.add_init_script(COUNT_CHIP_INSERTIONS)
    first, lazy = case.ids, list(case.lazy_ids)
    open_with_chips(page, case)
    inbox_has(extension_on_sites, page, len(first))
    before = trace.events()
    # The first render of N comments: one scan of the page, each comment read once.
    assert of(before, "scan") == ["page"]
    assert of(before, "read") == first
    assert set(of(before, "check")) <= set(first)

    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("(ids) => ids.every((id) => document.querySelector(`[data-tandem-chip-for=\"${id}\"]`))", arg=lazy)
    inbox_has(extension_on_sites, page, len(first) + len(lazy))
    after = trace.events()[len(before):]
    # One batch of M: only the added subtrees are scanned, only the M new comments read (N + M in
    # all, not 2N + M); even the inbox's answer re-checks only the batch's own comments.
    assert of(after, "scan") and set(of(after, "scan")) == {"subtree"}
    assert of(after, "read") == lazy
    assert set(of(after, "check")) <= set(lazy)
    reads = Counter(of(before + after, "read"))
    assert sum(reads.values()) == len(first) + len(lazy)
    assert reads == Counter(first + lazy)  # each comment read exactly once

    # Chips: put on the page once per comment, and there exactly once per comment.
    assert page.evaluate("() => window.__chipInsertions") == dict.fromkeys(first + lazy, 1)
    assert page.evaluate(CHIPS) == first + lazy
    assert record.errors == [] and record.dialogs == []


SPA_SITES = pytest.mark.parametrize("case", [case for case in SITES.values() if case.spa], ids=lambda case: case.site)


@SPA_SITES
def test_after_spa_navigation_each_new_comment_is_read_once(
        tab: tuple[Page, PageRecord], trace: ContentScriptTrace, case: SiteCase) -> None:
    """The navigation's full scan and the observer's batch of the same re-rendered nodes must not
    both read them."""
    assert case.spa is not None
    path, new_ids, _ = case.spa
    page, record = tab
    open_with_chips(page, case)
    before = len(trace.events())
    page.click("[data-spa-link]")
    page.wait_for_url(f"**{path}")
    page.wait_for_function("(ids) => ids.every((id) => document.querySelector(`[data-tandem-chip-for=\"${id}\"]`))",
                           arg=list(new_ids))
    page.wait_for_timeout(400)  # past page.js's debounce (150 ms) and its navigation timer (150 ms)
    after = trace.events()[before:]
    assert of(after, "scan").count("page") == 1  # one full scan for the navigation
    reads = Counter(of(after, "read"))
    # The fixture's lazy loader may append its next batch once the new, shorter page shows it.
    assert set(new_ids) <= set(reads) <= set(new_ids) | set(case.lazy_ids)
    assert set(reads.values()) == {1}, reads
    assert record.errors == [] and record.dialogs == []
