"""The extension and the inbox: comments a page shows reach the inbox (through background, once
per page load, only on sites switched on), drafts picked in the dashboard wait in the comment's
chip, toxic comments are blurred on the page when the creator asks for it, and a server that is
down loses nothing.

One Chromium with the extension (launched with the site fixtures' host rules, so it opens both
the demo page and www.youtube.com's fixture), one Tandem server and one fake Ollama serve the
module. The server's WSGI app is wrapped to log every API call, so the tests can count requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import extension_harness as harness
import pytest
from browser_kit import PageRecord, recorded_tab
from extension_harness import *  # noqa: F403 - fixtures (tandem, ollama, chromium_type ...)
from site_harness import SITES, SiteServer, site_server  # noqa: F401 - fixture

if TYPE_CHECKING:
    from extension_harness import ExtensionSession, TandemServer
    from fake_ollama import FakeOllama
    from playwright.sync_api import BrowserType, Page

pytestmark = pytest.mark.browser

DEMO_IDS = ["c1", "c2", "c2-r2", "c3", "c4", "c5", "c6", "c7", "c8"]  # c2-r1 is the creator's own reply
C3_TEXT = "Could you do a video on rye or spelt next? Would love a whole-grain version of this loaf."
TOXIC = "You're such an idiot, nobody asked for your bread opinions"
DRAFTS = ["Rye is next, promise!", "Yes! A spelt loaf is already in the works.", "Noted for the next video."]
BLUR = "(id) => getComputedStyle(document.querySelector(`#comment-${id} > .demo-comment-main > .demo-comment-text`)).filter"


class RequestLog:
    """Wraps the app's WSGI callable: every request's method and path, in order."""

    def __init__(self, server: TandemServer) -> None:
        self.calls: list[tuple[str, str]] = []
        self._app = server.app.wsgi_app
        server.app.wsgi_app = self  # type: ignore[method-assign]

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return self._app(environ, start_response)

    def count(self, method: str, path: str) -> int:
        return self.calls.count((method, path))


@pytest.fixture(scope="module")
def api_log(tandem: TandemServer) -> RequestLog:
    return RequestLog(tandem)


@pytest.fixture(scope="module")
def session(chromium_type: BrowserType, site_server: SiteServer, tandem: TandemServer,  # noqa: F811
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionSession]:
    profile = str(tmp_path_factory.mktemp("chromium-inbox"))
    with harness.paired_on_sites(chromium_type, site_server.port, tandem, profile) as launched:
        yield launched


@pytest.fixture
def fresh(tandem: TandemServer, api_log: RequestLog, ollama: FakeOllama) -> Iterator[TandemServer]:
    """An empty inbox, default settings, an empty request log."""
    tandem.services.store.table("inbox").truncate()
    api_log.calls.clear()
    settings = tandem.api("GET", "/api/settings")[1]["settings"]
    yield tandem
    tandem.api("PATCH", "/api/settings", {"sites": settings["sites"], "blur_toxic_on_pages": False})


@pytest.fixture
def tab(session: ExtensionSession) -> Iterator[tuple[Page, PageRecord]]:
    """A fresh tab and what happened in it: uncaught errors, dialogs, Tandem's console messages."""
    with recorded_tab(session.context, console=lambda message: "Tandem" in message.text) as opened:
        yield opened


# ---------------------------------------------------------------- helpers


def items(tandem: TandemServer, platform: str = "") -> list[dict[str, Any]]:
    listing = tandem.services.inbox.list(per_page=200, platform=platform,
                                         status="new,drafted,inserted,replied,skipped,hidden")
    return listing["items"]


def by_comment(tandem: TandemServer, comment_id: str) -> dict[str, Any]:
    return next(item for item in items(tandem) if item["comment"]["id"] == comment_id)


def inbox_state(session: ExtensionSession, page: Page) -> dict[str, Any]:
    """What the page's content script has done with the inbox (content/core.js, inboxState)."""
    reply = session.message_tab(page, {"type": "inboxState"})
    assert reply["ok"], reply
    return reply["data"]


def wait_for(condition: Any, page: Page, timeout_s: float = 10.0, what: str = "") -> Any:
    """Poll `condition` (server or page state) while the browser keeps running."""
    for _ in range(int(timeout_s * 20)):
        value = condition()
        if value:
            return value
        page.wait_for_timeout(50)
    value = condition()
    assert value, f"timed out waiting for {what or condition}"
    return value


def open_demo(page: Page, tandem: TandemServer, fragment: str = "") -> None:
    page.goto(f"{tandem.url}/demo{fragment}")
    page.wait_for_selector('[data-tandem-chip-for="c1"] >> css=button.chip')


def synced(session: ExtensionSession, page: Page, sent: int) -> dict[str, Any]:
    """Wait until the page has sent `sent` comments and learned their inbox items."""
    return wait_for(lambda: (state := inbox_state(session, page))["sent"] >= sent and not state["queued"]
                    and not state["unknown"] and state, page, what=f"{sent} comments synced")


def add_demo_comment(page: Page, comment_id: str, author: str, text: str) -> None:
    """A comment arriving after load (as a site's lazy loading does), built like the demo's own."""
    page.evaluate(
        """([id, author, text]) => {
            const article = document.createElement('article');
            article.className = 'demo-comment';
            article.id = `comment-${id}`;
            article.dataset.commentId = id;
            const main = document.createElement('div');
            main.className = 'demo-comment-main';
            const head = document.createElement('header');
            const name = document.createElement('a');
            name.className = 'demo-author';
            name.textContent = author;
            head.append(name);
            const body = document.createElement('p');
            body.className = 'demo-comment-text';
            body.textContent = text;
            const actions = document.createElement('div');
            actions.className = 'demo-comment-actions';
            main.append(head, body, actions);
            article.append(main);
            document.querySelector('.demo-comments').append(article);
        }""",
        [comment_id, author, text],
    )


# ---------------------------------------------------------------- ingest


def test_demo_comments_reach_the_inbox_once_across_a_reload(session: ExtensionSession, fresh: TandemServer,
                                                           api_log: RequestLog, tab: tuple[Page, Any]) -> None:
    page, record = tab
    open_demo(page, fresh)
    first = synced(session, page, len(DEMO_IDS))
    stored = wait_for(lambda: len(got := items(fresh, "demo")) == len(DEMO_IDS) and got, page)
    assert sorted(item["comment"]["id"] for item in stored) == sorted(DEMO_IDS)  # not the creator's c2-r1
    c3 = by_comment(fresh, "c3")["comment"]
    assert c3 == {"platform": "demo", "id": "c3", "author": "@jo_bakes_bread", "text": C3_TEXT,
                  "url": f"{fresh.url}/demo#comment-c3", "context": [],
                  "post_title": "No-knead sourdough for busy weekends (beginner friendly)"}
    assert by_comment(fresh, "c2-r2")["comment"]["context"] == [
        "Made this on Saturday and my family devoured it. Best crumb I've ever had!"]
    assert (first["added"], first["duplicates"], first["batches"]) == (len(DEMO_IDS), 0, 1)
    # One page of comments: one ingest and one lookup, through background (the token's side).
    assert api_log.count("POST", "/api/inbox/comments") == 1
    assert api_log.count("POST", "/api/inbox/lookup") == 1
    assert sorted(first["known"]) == sorted(DEMO_IDS)  # every comment learned its inbox item

    page.wait_for_timeout(1500)  # nothing more goes out while the page stays
    assert api_log.count("POST", "/api/inbox/comments") == 1

    page.reload()
    page.wait_for_selector('[data-tandem-chip-for="c1"] >> css=button.chip')
    again = synced(session, page, len(DEMO_IDS))
    assert (again["added"], again["duplicates"]) == (0, len(DEMO_IDS))  # a new page load sends once more
    assert len(items(fresh, "demo")) == len(DEMO_IDS)
    assert api_log.count("POST", "/api/inbox/comments") == 2

    # A comment that arrives later is its own small batch.
    add_demo_comment(page, "c9", "@late_viewer", "Just found this, what hydration is it?")
    wait_for(lambda: inbox_state(session, page)["sent"] == len(DEMO_IDS) + 1, page)
    assert by_comment(fresh, "c9")["comment"]["author"] == "@late_viewer"
    assert api_log.count("POST", "/api/inbox/comments") == 3
    assert record.errors == [] and record.dialogs == []


def test_nothing_is_sent_when_the_site_is_switched_off(session: ExtensionSession, fresh: TandemServer,
                                                      api_log: RequestLog, tab: tuple[Page, Any]) -> None:
    page, record = tab
    everything_but_demo = [site for site in fresh.api("GET", "/api/settings")[1]["settings"]["sites"] if site != "demo"]
    assert fresh.api("PATCH", "/api/settings", {"sites": everything_but_demo})[0] == 200
    page.goto(f"{fresh.url}/demo")
    page.wait_for_function("() => window.demoEditors")
    page.wait_for_timeout(2500)  # more than a batch's wait
    assert api_log.count("POST", "/api/inbox/comments") == 0 and items(fresh) == []

    # Background checks again (a page that started while the server was down runs on defaults).
    answer = session.worker_eval(
        "(url) => tandem.handlers.inboxSync({platform: 'demo', comments: [{id: 'x1', text: 'hi'}], lookup: ['x1']},"
        " {url})", f"{fresh.url}/demo")
    assert answer == {"site_on": False}
    assert api_log.count("POST", "/api/inbox/comments") == 0 and items(fresh) == []
    assert record.errors == []


def test_background_cuts_what_a_page_sends_to_the_servers_limits(session: ExtensionSession, fresh: TandemServer) -> None:
    hostile = {"id": "y" * 301, "author": "a" * 5000, "text": "x" * 60_000 + "\ud83d", "url": "javascript:alert(1)",
               "post_title": "t" * 3000, "context": ["c" * 5000] * 40, "html": "<b>ignored</b>"}
    answer = session.worker_eval(
        "([url, comment]) => tandem.handlers.inboxSync({platform: 'demo', comments: [comment, {text: '   '}, 42],"
        " lookup: []}, {url})", [f"{fresh.url}/demo", hostile])
    assert (answer["site_on"], answer["added"]) == (True, 1)
    stored = items(fresh)[0]["comment"]
    assert stored["id"] == "" and stored["url"] == "" and len(stored["author"]) == 200
    assert len(stored["context"]) == 10
    # A page may only sync its own platform's comments.
    refused = session.worker_eval(
        "() => tandem.handlers.inboxSync({platform: 'demo', comments: [], lookup: []},"
        " {url: 'https://www.youtube.com/watch?v=abc'}).then(() => 'accepted', (e) => e.code)")
    assert refused == "forbidden"


def test_youtube_comments_reach_the_inbox(session: ExtensionSession, fresh: TandemServer,
                                          tab: tuple[Page, Any]) -> None:
    page, record = tab
    case = SITES["youtube"]
    page.goto(case.url)
    page.wait_for_function("(n) => document.querySelectorAll('[data-tandem-chip-for]').length >= n", arg=len(case.ids))
    synced(session, page, len(case.ids))
    stored = wait_for(lambda: len(got := items(fresh, "youtube")) >= len(case.ids) and got, page)
    ids = {item["comment"]["id"] for item in stored}
    assert set(case.ids) <= ids <= set(case.ids) | set(case.lazy_ids)
    texts = {item["comment"]["text"] for item in stored}
    assert case.posted[1] not in texts  # the creator's own reply is not an inbox item
    alice = by_comment(fresh, case.ids[0])["comment"]
    assert alice["author"] == "@alice" and alice["post_title"] == case.post_title and "lc=" in alice["url"]
    assert record.errors == [] and record.dialogs == []


# ---------------------------------------------------------------- drafts picked in the inbox


def test_the_draft_picked_in_the_inbox_waits_in_the_chip(session: ExtensionSession, fresh: TandemServer,
                                                         ollama: FakeOllama, tab: tuple[Page, Any]) -> None:
    page, record = tab
    status, answer = fresh.api("POST", "/api/inbox/comments", {"comments": [
        {"platform": "demo", "id": "c3", "author": "@jo_bakes_bread", "text": C3_TEXT, "url": f"{fresh.url}/demo#comment-c3"}]})
    assert status == 200
    item_id = answer["ids"][0]
    harness.model_says(ollama, DRAFTS)
    drafted = fresh.api("POST", f"/api/inbox/{item_id}/draft")[1]  # as the dashboard's "d" does
    draft_ids = [draft["id"] for draft in drafted["drafts"]]
    assert [draft["text"] for draft in drafted["drafts"]] == DRAFTS
    assert fresh.api("PATCH", f"/api/inbox/{item_id}", {"chosen": 1})[0] == 200  # the creator picked the second
    model_calls = len(ollama.chat_requests())

    open_demo(page, fresh, "#comment-c3")  # where the dashboard's "open" goes
    shown = harness.wait_card(page, "c3")
    assert shown["open"] and shown["texts"] == [DRAFTS[1], DRAFTS[0], DRAFTS[2]]
    assert shown["ids"] == [draft_ids[1], draft_ids[0], draft_ids[2]]
    picked = page.evaluate("""() => [...document.querySelector('[data-tandem-chip-for="c3"]').shadowRoot
        .querySelectorAll('.suggestion')].map((li) => !li.querySelector('.picked').hidden
        && li.querySelector('.picked').textContent)""")
    assert picked == ["Picked in your inbox", False, False]
    assert shown["engine"].startswith("Drafted in your inbox")
    assert len(ollama.chat_requests()) == model_calls  # no model call for a draft already made
    assert all(harness.card(page, other)["texts"] == [] for other in DEMO_IDS if other != "c3")

    harness.suggestion_button(page, "c3", 0).click()  # one click: into c3's reply box
    page.wait_for_function("(t) => window.demoEditors.c3 && window.demoEditors.c3.getText() === t", arg=DRAFTS[1])
    harness.wait_status(page, "c3", "inserted")
    wait_for(lambda: fresh.services.inbox.get(item_id)["status"] == "inserted", page, what="item inserted")
    entry = wait_for(lambda: harness.ledger_entry(fresh, draft_ids[1]), page, what="ledger entry")
    assert entry["action"] == "inserted" and entry["inserted"] == DRAFTS[1]

    # The creator posts it on the site: the ledger hears "sent", the inbox item becomes replied.
    page.click("#comment-c3 .demo-post-button")
    harness.wait_status(page, "c3", "replied")
    wait_for(lambda: fresh.services.inbox.get(item_id)["status"] == "replied", page, what="item replied")
    wait_for(lambda: harness.ledger_entry(fresh, draft_ids[1])["action"] == "sent", page, what="sent feedback")
    assert len(ollama.chat_requests()) == model_calls
    assert record.errors == [] and record.dialogs == []


def test_drafts_without_a_pick_are_offered_closed_and_feedback_survives_a_restart(
        session: ExtensionSession, fresh: TandemServer, ollama: FakeOllama, tab: tuple[Page, Any]) -> None:
    page, _ = tab
    answer = fresh.api("POST", "/api/inbox/comments", {"comments": [
        {"platform": "demo", "id": "c5", "author": "@priya.r", "text": "How long can the starter sit in the fridge?"}]})[1]
    item_id = answer["ids"][0]
    # Drafts the server no longer remembers issuing (made before a restart).
    fresh.services.inbox.set_drafts(item_id, [{"id": "00000000000000aa", "text": "Two weeks is fine.", "flags": []},
                                              {"id": "00000000000000bb", "text": "Feed it first!", "flags": []}], "ollama")
    model_calls = len(ollama.chat_requests())
    open_demo(page, fresh)
    wait_chip_text = "root.querySelector('.chip').textContent"
    page.wait_for_function(f"() => {{ const root = document.querySelector('[data-tandem-chip-for=\"c5\"]').shadowRoot;"
                           f" return {wait_chip_text} === '✦ 2 drafts from your inbox'; }}")
    assert harness.card(page, "c5")["open"] is False  # nothing picked: offered, not opened
    harness.chip(page, "c5").click()
    shown = harness.wait_card(page, "c5")
    assert shown["open"] and shown["texts"] == ["Two weeks is fine.", "Feed it first!"]
    harness.suggestion_button(page, "c5", 1).click()
    page.wait_for_function("() => window.demoEditors.c5 && window.demoEditors.c5.getText() === 'Feed it first!'")
    entry = wait_for(lambda: harness.ledger_entry(fresh, "00000000000000bb"), page, what="ledger entry")
    assert entry["action"] == "inserted" and entry["suggested"] == "Feed it first!"
    assert entry["comment"]["id"] == "c5"
    wait_for(lambda: fresh.services.inbox.get(item_id)["status"] == "inserted", page, what="item inserted")
    assert len(ollama.chat_requests()) == model_calls


# ---------------------------------------------------------------- toxic comments blurred


@pytest.mark.parametrize("blur", [True, False], ids=["blur-on", "blur-off"])
def test_toxic_comments_are_blurred_only_when_asked(session: ExtensionSession, fresh: TandemServer,
                                                    tab: tuple[Page, Any], blur: bool) -> None:
    page, record = tab
    if blur:
        assert fresh.api("PATCH", "/api/settings", {"blur_toxic_on_pages": True})[0] == 200
    open_demo(page, fresh)
    # The site's own CSS tries to keep filters off comment text: the blur must still win.
    page.evaluate("""() => [...document.styleSheets].find((s) => (s.href || '').includes('demo.css'))
        .insertRule('.demo-comment .demo-comment-text { filter: none !important; }', 0)""")
    add_demo_comment(page, "t1", "@angry_troll", TOXIC)
    page.wait_for_selector('[data-tandem-chip-for="t1"] >> css=button.chip')
    synced(session, page, len(DEMO_IDS) + 1)
    assert any(entry["label"] == "toxic" for entry in by_comment(fresh, "t1")["labels"])
    reveal = page.locator('[data-tandem-chip-for="t1"] >> css=button.reveal')
    if not blur:
        assert page.evaluate(BLUR, "t1") == "none"
        assert page.locator(".tandem-blurred").count() == 0 and reveal.is_hidden()
        return

    page.wait_for_function(f"() => ({BLUR})('t1').includes('blur')")
    assert page.locator(".tandem-blurred").count() == 1  # the toxic comment's text, nothing else
    assert page.evaluate(BLUR, "c1") == "none"
    assert page.get_attribute("#comment-t1 .demo-comment-text", "aria-hidden") == "true"
    assert reveal.is_visible()
    # The site re-renders the comment's text: the blur comes back on the new node.
    page.evaluate("""() => { const old = document.querySelector('#comment-t1 .demo-comment-text');
        const again = document.createElement('p'); again.className = 'demo-comment-text'; again.textContent = old.textContent;
        old.replaceWith(again); }""")
    page.wait_for_function(f"() => ({BLUR})('t1').includes('blur')")
    reveal.click()
    page.wait_for_function(f"() => ({BLUR})('t1') === 'none'")
    assert page.get_attribute("#comment-t1 .demo-comment-text", "aria-hidden") is None
    assert reveal.is_hidden()
    assert record.errors == [] and record.dialogs == []


# ---------------------------------------------------------------- the server down, the token rejected


def test_server_down_during_ingest_breaks_nothing_and_the_batch_arrives_later(
        session: ExtensionSession, fresh: TandemServer, api_log: RequestLog, ollama: FakeOllama,
        tab: tuple[Page, Any]) -> None:
    page, record = tab
    case = SITES["youtube"]
    fresh.stop()
    try:
        page.goto(case.url)
        page.wait_for_function("(n) => document.querySelectorAll('[data-tandem-chip-for]').length >= n", arg=len(case.ids))
        state = wait_for(lambda: (s := inbox_state(session, page))["failures"] >= 2 and s, page, what="two failed tries")
        assert state["sent"] == 0 and state["queued"] >= len(case.ids)
    finally:
        fresh.start()
    state = wait_for(lambda: (s := inbox_state(session, page))["sent"] >= len(case.ids) and not s["queued"] and s,
                     page, timeout_s=20, what="the batch after the server came back")
    assert {item["comment"]["id"] for item in items(fresh, "youtube")} >= set(case.ids)
    assert state["added"] >= len(case.ids)
    # Still a working page: suggestions stream as usual.
    harness.model_says(ollama, ["Thanks Carol!"])
    harness.chip(page, case.reply_to).click()
    assert harness.wait_card(page, case.reply_to)["texts"] == ["Thanks Carol!"]
    assert record.errors == [] and record.dialogs == []
    assert len([line for line in record.console if "inbox" in line]) == 1  # logged once, not per try


def test_a_rejected_token_is_retried_quietly(session: ExtensionSession, fresh: TandemServer,
                                             tab: tuple[Page, Any]) -> None:
    page, record = tab
    session.worker_eval("chrome.storage.local.set({token: 'not-the-token'})")
    try:
        open_demo(page, fresh)
        wait_for(lambda: inbox_state(session, page)["failures"] >= 1, page, what="a rejected batch")
        assert items(fresh) == []
    finally:
        session.worker_eval("(token) => chrome.storage.local.set({token})", fresh.token)
    wait_for(lambda: len(items(fresh, "demo")) == len(DEMO_IDS), page, timeout_s=20, what="the batch after re-pairing")
    assert record.errors == [] and record.dialogs == []
    session.worker_eval("tandem.refreshStatus()")



def test_the_options_page_switches_the_blur_on(session: ExtensionSession, fresh: TandemServer) -> None:
    options = session.new_page()
    try:
        options.goto(session.url("options/options.html"))
        options.wait_for_selector("#settings-fields:not([disabled])")
        assert options.is_checked("#blur-toxic") is False  # off by default
        options.check("#blur-toxic")
        options.click("#settings-form button[type=submit]")
        options.wait_for_function("() => document.querySelector('#settings-result').textContent === 'Saved.'")
        assert fresh.api("GET", "/api/settings")[1]["settings"]["blur_toxic_on_pages"] is True
        options.reload()
        options.wait_for_selector("#settings-fields:not([disabled])")
        assert options.is_checked("#blur-toxic") is True
    finally:
        options.close()
