"""The loaded extension on the seven site fixtures, beyond the main loop that
test_extension_sites.py covers: comments that arrive by lazy loading get their chips, and a
comment whose text is markup never runs, whatever comes back for it.

The extension comes from the manifest (content scripts in its order) into a Chromium whose
--host-resolver-rules send the sites' real names to site_harness.py's HTTPS fixture server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser_kit import PageRecord, recorded_tab
from extension_harness import *  # noqa: F403 - fixtures (tandem, ollama, chromium_type ...)
from extension_harness import CHIP_ROOT, ExtensionSession, TandemServer, card, chip, model_says, paired_on_sites
from site_harness import SITES, XSS_TEXT, SiteCase, SiteServer, site_server  # noqa: F401 - fixture

if TYPE_CHECKING:
    from fake_ollama import FakeOllama
    from playwright.sync_api import BrowserType, Page

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
