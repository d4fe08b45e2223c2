"""Answer once for a group, and linking a fan across sites, on the inbox dashboard (/inbox).

Chromium against a real Tandem server and the fake Ollama (dashboard_harness.py), seeded through
the public API. Assertions read both the page and the server (GET /api/inbox/<id>), so a form that
only changed the screen would fail.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from browser_kit import tidy_tab
from dashboard_harness import Dashboard, console_errors, dashboard  # noqa: F401 - fixtures

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

URL = "https://www.youtube.com/watch?v=cam"
ANSWER = "A Sony a6400 with the kit lens."
ASKERS = ("sam", "ana", "bo")


@pytest.fixture(autouse=True)
def _tidy_tab(page: Page) -> Iterator[None]:
    with tidy_tab(page):
        yield


@pytest.fixture
def group(dashboard: Dashboard) -> dict[str, int]:  # noqa: F811 - the imported fixture
    """Three people asking the same question under one video (one group), a comment by sam_bakes
    on X, and a little chatter. Returns author -> inbox item id, plus "group"."""
    comments = [{"platform": "youtube", "author": author, "id": f"q{n}", "url": f"{URL}&lc=q{n}", "post_title": "My setup",
                 "text": ["What camera do you use for this video?", "what camera do you use for the video",
                          "What camera do you use for this video??"][n]} for n, author in enumerate(ASKERS)]
    comments.append({"platform": "x", "author": "@sam_bakes", "id": "x1", "url": "https://x.com/sam_bakes/status/1",
                     "text": "Loved the crumb shot in your latest post"})
    comments += [{"platform": "youtube", "author": f"fan{n}", "id": f"f{n}", "url": f"{URL}&lc=f{n}", "text": text}
                 for n, text in enumerate(["The lighting in this one is gorgeous", "watching from Lisbon at 2 am",
                                           "Does the mic pick up the fan noise?", "Subscribed after the rye episode"])]
    ids = dashboard.api("POST", "/api/inbox/comments", {"comments": comments})["ids"]
    by_author = {comment["author"].lstrip("@"): item_id for comment, item_id in zip(comments, ids, strict=True)}
    groups = {dashboard.item(by_author[author])["group"]["id"] for author in ASKERS}
    assert len(groups) == 1 and dashboard.item(by_author["ana"])["group"]["size"] == 3
    return by_author | {"group": groups.pop()}


def open_inbox(page: Page, dashboard: Dashboard) -> None:  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(dashboard.url + "/inbox")
    page.wait_for_selector("#list .row[aria-selected='true']")


def select_item(page: Page, item_id: int) -> None:
    """Click a row (the list keeps focus, so keys work), then wait for its detail."""
    page.click(f"#item-{item_id} .row-text")
    page.wait_for_function("id => document.getElementById('detail').dataset.loaded === String(id)", arg=item_id)


def record_status(page: Page) -> None:
    """Keep every text the answer's status line shows (it changes faster than a test polls)."""
    page.evaluate("""() => {
        window.__statuses = [];
        new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes)
            window.__statuses.push([performance.now(), n.textContent]); })
          .observe(document.getElementById('group-answer-status'), { childList: true });
    }""")


def answer_done(page: Page) -> str:
    page.wait_for_function("() => document.getElementById('group-answer-status')?.textContent.startsWith('Drafted for')")
    return page.text_content("#group-answer-status")


def raw_post(dashboard: Dashboard, path: str, body: Any) -> tuple[int, Any]:  # noqa: F811
    request = urllib.request.Request(dashboard.url + path, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Bearer {dashboard.token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_answer_once_addresses_everyone(page: Page, dashboard: Dashboard, group: dict[str, int],  # noqa: F811
                                        console_errors: list[str]) -> None:
    dashboard.ollama.go_down()  # "personalise" is off: no model is needed
    open_inbox(page, dashboard)
    select_item(page, group["ana"])
    offer = page.locator("#detail .answer-offer")
    assert offer.text_content() == "Answer all 3 a"
    assert page.text_content("#detail .group strong") == "3 people asked this"

    # a opens the composer, focused, personalise on by default, nothing to prefill yet
    page.keyboard.press("a")
    area = page.locator("#group-answer-text")
    assert area.evaluate("el => el === document.activeElement")
    assert area.input_value() == ""
    assert page.is_checked("#group-answer-personalise")
    page.keyboard.type(ANSWER)
    page.uncheck("#group-answer-personalise")
    area.focus()
    record_status(page)
    page.keyboard.press("Control+Enter")
    summary = answer_done(page)
    assert summary == "Drafted for 3 of 3: 3 addressed by name (saved)."
    statuses = [text for _, text in page.evaluate("window.__statuses")]
    assert "Addressing 3 of 3…" in statuses and statuses.index("Addressing 1 of 3…") < statuses.index("Addressing 3 of 3…")
    assert page.get_attribute("#group-answer-meter", "max") == "3"
    assert page.evaluate("document.getElementById('group-answer-meter').value") == 3

    # on the server: each member's first draft is the answer addressed to them
    for author in ASKERS:
        first = dashboard.item(group[author])["drafts"][0]
        assert first["text"] == f"{author}, a Sony a6400 with the kit lens."
        assert first["source"] == "group_answer"
        assert dashboard.item(group[author])["status"] == "drafted"
    # and the refreshed list shows each one's draft
    for author in ASKERS:
        row_draft = page.locator(f"#item-{group[author]} .row-draft")
        row_draft.wait_for()
        assert row_draft.text_content() == f"Group answer {author}, a Sony a6400 with the kit lens."
    page.wait_for_selector("#detail .draft")
    assert page.locator("#detail .draft-text").first.text_content() == "ana, a Sony a6400 with the kit lens."
    assert "addressed to them by name" in page.text_content("#detail .group-note")
    # the composer survived the refresh with its text; Esc closes it, back to the list
    assert page.locator("#group-answer-text").input_value() == ANSWER
    page.locator("#group-answer-text").focus()
    page.keyboard.press("Escape")
    assert page.locator("#group-answer").count() == 0
    assert page.evaluate("document.activeElement.id") == "list"

    # a again: prefilled with the selected item's first draft
    page.keyboard.press("a")
    assert page.locator("#group-answer-text").input_value() == "ana, a Sony a6400 with the kit lens."
    page.keyboard.press("Escape")

    # the help overlay lists the key
    page.keyboard.press("?")
    assert "Answer all" in page.locator("#help [role='dialog']").text_content()
    page.keyboard.press("Escape")

    # a lone comment has no offer, and a says so
    select_item(page, group["fan0"])
    assert page.locator("#detail .answer-offer").count() == 0
    page.keyboard.press("a")
    page.wait_for_function("() => document.getElementById('live').textContent.includes('Only one person asked this')")
    assert page.locator("#group-answer").count() == 0
    assert console_errors == []


def test_answer_once_personalised_by_the_model(page: Page, dashboard: Dashboard, group: dict[str, int],  # noqa: F811
                                               console_errors: list[str]) -> None:
    dashboard.ollama.reply = lambda body: json.dumps({"suggestions": [
        {"text": "Personal: " + body["messages"][1]["content"].split("Comment by ")[1].split(":")[0]}]})
    dashboard.ollama.first_token_delay = 0.4  # slow enough to see each step arrive
    open_inbox(page, dashboard)
    select_item(page, group["bo"])
    page.click("#detail .answer-offer")
    page.fill("#group-answer-text", ANSWER)
    record_status(page)
    started = time.monotonic()
    page.click("#group-answer-send")
    page.wait_for_function("() => document.getElementById('group-answer-status').textContent === 'Personalising 1 of 3…'")
    first_step = time.monotonic() - started
    assert page.is_disabled("#group-answer-send") and page.get_attribute("#group-answer", "aria-busy") == "true"
    summary = answer_done(page)
    total = time.monotonic() - started
    assert summary == "Drafted for 3 of 3: 3 personalised by your model (ollama)."
    steps = {text: at for at, text in page.evaluate("window.__statuses")}
    assert steps["Personalising 3 of 3…"] - steps["Personalising 1 of 3…"] >= 700, "progress arrived live, one by one"
    assert first_step < total - 0.6

    texts = {author: dashboard.item(group[author])["drafts"][0] for author in ASKERS}
    assert {author: draft["text"] for author, draft in texts.items()} == {a: f"Personal: {a}" for a in ASKERS}
    assert {draft["source"] for draft in texts.values()} == {"group_answer"}
    assert dashboard.item(group["bo"])["engine"] == "ollama"
    prompt = dashboard.ollama.chat_requests()[-1]["messages"][1]["content"]
    assert ANSWER in prompt
    page.wait_for_selector(f"#item-{group['sam']} .row-draft")
    assert page.locator("#detail .draft-text").first.text_content() == "Personal: bo"
    assert page.text_content("#detail .group-note") == "Draft 1 is your group answer, personalised for them by your model."
    assert console_errors == []


def test_answer_once_shows_server_errors(page: Page, dashboard: Dashboard, group: dict[str, int],  # noqa: F811
                                         console_errors: list[str]) -> None:
    empty_status, empty_error = raw_post(dashboard, f"/api/inbox/groups/{group['group']}/answer", {"text": " ", "personalise": False})
    assert empty_status == 400
    open_inbox(page, dashboard)
    select_item(page, group["sam"])
    page.keyboard.press("a")
    page.fill("#group-answer-text", "   ")
    page.locator("#group-answer-text").focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#group-answer-error:not([hidden])")
    assert page.text_content("#group-answer-error") == empty_error["error"]["message"]
    assert page.locator("#group-answer-meter").is_hidden()
    assert not page.is_disabled("#group-answer-send"), "the creator can fix it and try again"
    assert all(dashboard.item(group[a])["drafts"] == [] for a in ASKERS)

    # everyone answered elsewhere meanwhile: the group has no open comments left (404)
    dashboard.api("POST", "/api/inbox/bulk", {"ids": [group[a] for a in ASKERS], "status": "replied"})
    page.fill("#group-answer-text", ANSWER)
    page.click("#group-answer-send")
    page.wait_for_function("t => document.getElementById('group-answer-error').textContent === t",
                           arg=f"Group {group['group']} has no open comments.")
    assert [e for e in console_errors if "status of 400" not in e and "status of 404" not in e] == []
    assert len(console_errors) == 2  # the two failed requests Chromium logs, nothing else


def test_link_a_fan_across_sites(page: Page, dashboard: Dashboard, group: dict[str, int],  # noqa: F811
                                 console_errors: list[str]) -> None:
    open_inbox(page, dashboard)
    select_item(page, group["sam"])
    assert dashboard.item(group["sam"])["fan"]["seen"] == 0
    assert page.text_content("#detail .fan-seen") == "No other comments from them yet."
    assert page.locator("#detail .identity").count() == 0
    form = page.locator("#link-fan")
    assert form.locator(".link-fan-title").text_content() == "Same person on another site"
    assert form.locator("#link-platform option").all_text_contents() == [
        "YouTube", "X", "Reddit", "Instagram", "TikTok", "Facebook", "LinkedIn"]

    # an empty handle is caught on the page
    form.locator("button[type='submit']").click()
    assert page.text_content("#link-fan .link-error") == "Type their handle on the other site."

    page.select_option("#link-platform", "x")
    page.fill("#link-handle", "@sam_bakes")
    page.press("#link-handle", "Enter")
    page.wait_for_selector("#detail .identity")
    assert page.locator("#detail .identity").all_text_contents() == ["X @sam_bakes"]
    assert page.text_content("#detail .fan-seen") == "Seen 1 other comment from them; you replied to 0."
    assert "Loved the crumb shot in your latest post" in page.text_content("#detail .recent")
    assert page.text_content("#detail .recent .platform") == "X"
    assert page.locator("#link-handle").input_value() == ""
    # the server agrees: sam's memory now counts the X comment, and the other way round
    assert dashboard.item(group["sam"])["fan"]["seen"] == 1
    assert dashboard.item(group["sam_bakes"])["fan"]["seen"] == 1

    select_item(page, group["sam_bakes"])
    assert page.text_content("#detail .fan-seen") == "Seen 1 other comment from them; you replied to 0."
    assert page.locator("#detail .identity").all_text_contents() == ["YouTube @sam"]
    assert console_errors == []
