"""The inbox dashboard (/inbox) in Chromium, against a real Tandem server and the fake Ollama.

Each test gets a fresh server and data folder (dashboard_harness.py) with a few hundred comments
seeded through the public API, the most urgent few drafted by the real drafting queue. The page is
driven the way the creator drives it: with the keyboard. Assertions read both the page and the
server (GET /api/inbox/<id>), so a key that only changed the screen would fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser_kit import tidy_tab
from dashboard_harness import *  # noqa: F403 - fixtures
from dashboard_harness import DRAFTS, XSS_TEXT, Dashboard, Seeded

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _tidy_tab(page: Page) -> Iterator[None]:
    """The tab is shared with other browser tests: give back its viewport and drop our routes."""
    with tidy_tab(page):
        yield


def open_inbox(page: Page, dashboard: Dashboard) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(dashboard.url + "/inbox")
    page.wait_for_selector("#list .row[aria-selected='true']")


def selected_id(page: Page) -> int:
    return int(page.get_attribute("#list .row[aria-selected='true']", "id").removeprefix("item-"))


def row_ids(page: Page) -> list[int]:
    return [int(row_id.removeprefix("item-")) for row_id in page.eval_on_selector_all("#list .row", "rows => rows.map(r => r.id)")]


def search(page: Page, text: str) -> None:
    """Type into the search box (it filters as you type) and wait for the list to settle."""
    page.fill("#f-q", text)
    page.press("#f-q", "Enter")
    page.wait_for_function("t => [...document.querySelectorAll('#list .row-head .author')].every(a => a.textContent === t)"
                           " && document.querySelector('#list .row') !== null", arg=text)
    detail_loaded(page)


def detail_loaded(page: Page) -> None:
    """The selected item's detail (fan memory, group) has arrived and been drawn."""
    page.wait_for_function("() => document.getElementById('detail').dataset.loaded"
                           " === document.querySelector('#list .row[aria-selected=true]')?.id.slice(5)")


def announced(page: Page, text: str) -> None:
    """The live region (role=status) announces `text` (it is set a moment after being cleared)."""
    page.wait_for_function("t => document.getElementById('live').textContent.includes(t)", arg=text)


def test_keyboard_drives_the_inbox(page: Page, dashboard: Dashboard, seeded: Seeded, console_errors: list[str]) -> None:
    open_inbox(page, dashboard)
    listbox = page.locator("#list[role='listbox']")
    assert listbox.evaluate("el => el === document.activeElement"), "the list has focus on load"
    first = selected_id(page)
    assert row_ids(page)[0] == first

    # j / k move the selection, and the selection stays in view
    page.keyboard.press("j")
    assert selected_id(page) == row_ids(page)[1]
    page.keyboard.press("k")
    assert selected_id(page) == first
    for _ in range(20):
        page.keyboard.press("j")
    assert selected_id(page) == row_ids(page)[20]
    detail_loaded(page)  # the row is redrawn once its fan memory arrives: measure after that
    box, row = listbox.bounding_box(), page.locator("#list .row[aria-selected='true']").bounding_box()
    assert box["y"] <= row["y"] and row["y"] + row["height"] <= box["y"] + box["height"] + 1
    assert page.get_attribute("#list", "aria-activedescendant") == f"item-{selected_id(page)}"

    # paging: the next page loads as the selection nears the end of what is loaded
    assert len(row_ids(page)) == 50
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelectorAll('#list .row').length === 100")
    assert selected_id(page) == row_ids(page)[49]
    page.keyboard.press("Home")
    assert selected_id(page) == first

    # drafted items show their drafts; 1 picks draft 1 on the server
    page.select_option("#f-status", "drafted")
    page.wait_for_function("ids => ids.includes(+document.querySelector('#list .row[aria-selected=true]')?.id.slice(5))",
                           arg=seeded.drafted)
    listbox.focus()
    item = selected_id(page)
    page.wait_for_selector("#detail .draft")
    assert page.locator("#detail .draft-text").all_text_contents() == DRAFTS
    page.keyboard.press("1")
    page.wait_for_selector("#detail .draft[data-n='1'][aria-pressed='true']")
    assert dashboard.item(item)["chosen"] == 0
    announced(page, "Picked draft 1")

    # s skips on the server and moves on to the next comment
    after = row_ids(page)[1]
    page.keyboard.press("s")
    page.wait_for_function("id => document.querySelector('#list .row[aria-selected=true]')?.id === 'item-' + id", arg=after)
    assert dashboard.item(item)["status"] == "skipped"
    assert item not in row_ids(page)

    # drafting progress shows today's count against the cap
    assert re.search(r"Pre-drafted \d+ of 200 today", page.text_content("#drafting-text"))

    page.select_option("#f-status", "new,drafted")
    page.wait_for_function("() => document.querySelectorAll('#list .row').length >= 50")
    listbox.focus()
    assert console_errors == []


def test_hostile_and_hard_comments(page: Page, dashboard: Dashboard, seeded: Seeded, console_errors: list[str]) -> None:
    open_inbox(page, dashboard)

    # toxic: blurred until the creator asks to see it
    search(page, "angry_person")
    text = page.locator(f"#item-{seeded.toxic} .row-text")
    assert "blur" in text.evaluate("el => getComputedStyle(el).filter")
    assert "blur" in page.locator("#detail .comment-text").evaluate("el => getComputedStyle(el).filter")
    page.keyboard.press("v")
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('#item-{seeded.toxic} .row-text')).filter === 'none'")
    assert page.locator("#detail .comment-text").evaluate("el => getComputedStyle(el).filter") == "none"
    assert page.locator(f"#item-{seeded.toxic} .chip-toxic").get_attribute("title"), "the reason is the chip's tooltip"
    assert page.locator("#detail .reasons .reason").first.text_content().strip(), "and visible on the selected item"

    # fan memory: a regular, already answered today
    search(page, "regular_rita")
    assert sorted(row_ids(page)) == seeded.regular[1:]
    page.wait_for_selector("#detail .badge.replied-today")
    assert page.text_content("#detail .badge.replied-today") == "you already replied to them today"
    assert page.locator("#detail .badge.regular").is_visible()
    assert page.locator(f"#item-{selected_id(page)} .badge.regular").is_visible()

    # sensitive: a gentle banner and no drafting
    search(page, "quiet_fan")
    assert "Needs you — no draft" in page.text_content("#detail .banner-sensitive")
    page.keyboard.press("d")
    announced(page, "does not draft")

    # markup in a comment is text, never HTML
    search(page, "html_tester")
    assert page.text_content(f"#item-{seeded.xss} .row-text") == XSS_TEXT
    assert page.text_content("#detail .comment-text") == XSS_TEXT
    assert page.locator("#inbox-app img").count() == 0
    assert page.evaluate("window.__pwned") is None

    # d drafts on demand (the html_tester comment was not pre-drafted)
    page.keyboard.press("d")
    page.wait_for_selector("#detail .draft")
    assert dashboard.item(seeded.xss)["drafts"]

    # the spam wave is one group that shows its size; the link filters to it
    page.fill("#f-q", "")
    page.press("#f-q", "Enter")
    page.select_option("#f-label", "spam")
    group = page.locator(f"#item-{seeded.spam_leader} .group-link")
    group.wait_for()
    assert group.text_content() == f"{seeded.spam_size} copies of this"
    assert seeded.spam_size >= 20
    group.click()
    page.wait_for_function("n => document.querySelectorAll('#list .row').length === n", arg=seeded.spam_size)

    # bulk: skip all spam, after a confirmation on the page
    page.click("#f-group-clear")
    page.click("#bulk-spam")
    page.wait_for_selector("#confirm:not([hidden])")
    assert f"Skip all {seeded.spam_size}" in page.text_content("#confirm-text")
    page.click("#confirm-yes")
    page.wait_for_selector("#empty:not([hidden])")
    assert page.text_content("#empty-title") == "Nothing matches"
    assert dashboard.api("GET", "/api/inbox?label=spam&status=new,drafted")["total"] == 0
    assert dashboard.item(seeded.spam_leader)["status"] == "skipped"
    assert page.evaluate("window.__pwned") is None
    assert console_errors == []


def test_edit_open_help_and_typing(page: Page, dashboard: Dashboard, seeded: Seeded, console_errors: list[str]) -> None:
    open_inbox(page, dashboard)
    page.evaluate("""() => { window.__opened = []; window.open = (url, target) => { window.__opened.push([url, target]); return {}; }; }""")
    page.select_option("#f-status", "drafted")
    page.wait_for_function("ids => ids.includes(+document.querySelector('#list .row[aria-selected=true]')?.id.slice(5))",
                           arg=seeded.drafted)
    page.locator("#list").focus()
    item = selected_id(page)
    page.wait_for_selector("#detail .draft")

    # e edits the picked draft (draft 1 when none is picked); Esc cancels, Ctrl+Enter keeps it
    page.keyboard.press("2")
    page.wait_for_selector("#detail .draft[data-n='2'][aria-pressed='true']")
    page.keyboard.press("e")
    editor = page.locator("#editor")
    assert editor.evaluate("el => el === document.activeElement")
    assert editor.input_value() == DRAFTS[1]
    page.keyboard.type(" skipped?")  # keys typed in the editor do nothing else
    page.keyboard.press("Escape")
    assert page.locator("#editor").count() == 0
    assert dashboard.item(item)["status"] == "drafted"
    page.keyboard.press("e")
    page.keyboard.press("End")
    page.keyboard.type(" See you Friday!")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#detail .edit-text")
    assert page.text_content("#detail .edit-text") == DRAFTS[1] + " See you Friday!"
    assert dashboard.item(item)["chosen"] == 1

    # o marks the pick on the server, then opens the comment on its site in a new tab
    page.keyboard.press("o")
    page.wait_for_function("() => window.__opened.length === 1")
    url, target = page.evaluate("window.__opened[0]")
    assert url == dashboard.item(item)["comment"]["url"] and target == "_blank"
    assert dashboard.item(item)["chosen"] == 1

    # ? shows the keys; Esc closes
    page.keyboard.press("?")
    help_dialog = page.locator("#help [role='dialog']")
    help_dialog.wait_for()
    assert "Pick draft 1, 2 or 3" in help_dialog.text_content()
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()

    # keys do not fire while typing in the search box
    before = selected_id(page)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-q"
    page.keyboard.type("sjkh")
    assert dashboard.item(before)["status"] == "drafted"
    page.keyboard.press("Escape")
    assert console_errors == []


def test_wellbeing_break_after_batch_and_timer(page: Page, dashboard: Dashboard, seeded: Seeded, console_errors: list[str]) -> None:
    dashboard.api("PATCH", "/api/settings", {"batch_limit": 3, "session_minutes": 20})
    open_inbox(page, dashboard)
    assert re.fullmatch(r"Sitting: (20:00|19:5\d) left", page.text_content("#session-timer"))
    handled = []
    for key in ("s", "h", "s"):
        assert page.locator("#break").is_hidden()
        handled.append(selected_id(page))
        page.keyboard.press(key)
        page.wait_for_function("id => !document.getElementById('item-' + id)", arg=handled[-1])
    page.wait_for_selector("#break:not([hidden])")
    assert "handled 3 comments" in page.text_content("#break-text")
    assert [dashboard.item(i)["status"] for i in handled] == ["skipped", "hidden", "skipped"]
    page.click("#break-dismiss")
    assert page.locator("#break").is_hidden()

    # u undoes the last one
    page.locator("#list").focus()
    page.keyboard.press("u")
    page.wait_for_function("id => document.querySelector('#list .row[aria-selected=true]')?.id === 'item-' + id", arg=handled[-1])
    assert dashboard.item(handled[-1])["status"] in ("new", "drafted")
    assert console_errors == []


def test_inbox_zero_and_server_errors(page: Page, dashboard: Dashboard) -> None:
    open_empty = dashboard.url + "/inbox"
    page.goto(open_empty)
    page.wait_for_selector("#empty:not([hidden])")
    assert page.text_content("#empty-title") == "Inbox zero"
    assert "as you browse" in page.text_content("#empty-text")

    # drafting can be paused and resumed from the page
    page.click("#drafting-pause")
    page.wait_for_selector("#drafting-resume:not([hidden])")
    assert dashboard.api("GET", "/api/drafting")["paused"] is True
    assert page.text_content("#drafting-text").startswith("Paused")
    page.click("#drafting-resume")
    page.wait_for_selector("#drafting-pause:not([hidden])")
    assert dashboard.api("GET", "/api/drafting")["paused"] is False

    page.route("**/api/inbox?*", lambda route: route.fulfill(
        status=503, content_type="application/json",
        body='{"error": {"code": "store_unavailable", "message": "The inbox file is locked by another program."}}'))
    page.click("#refresh")
    page.wait_for_selector("#error:not([hidden])")
    assert page.text_content("#error-text") == "The inbox file is locked by another program."
    page.unroute("**/api/inbox?*")  # the server is fine again
    page.click("#error-retry")
    page.wait_for_selector("#error", state="hidden")
