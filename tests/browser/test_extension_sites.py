"""The whole loop on each of the seven sites' fixture pages, under their real host names.

The extension is loaded from the manifest (content scripts in its order, site adapters and all)
into a Chromium whose --host-resolver-rules send www.youtube.com, x.com, ... to the HTTPS fixture
server of site_harness.py. Per site: the chips land beside exactly the comments the adapter
reads, a click streams suggestions from the real server, and "Insert" puts the text into that
comment's reply box (the editor's own state) without posting anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import extension_harness as harness
import pytest
from browser_kit import PageRecord, recorded_tab
from extension_harness import *  # noqa: F403 - fixtures
from site_harness import SITES, SiteServer, site_server  # noqa: F401 - fixture

if TYPE_CHECKING:
    from extension_harness import ExtensionSession, TandemServer
    from fake_ollama import FakeOllama
    from playwright.sync_api import BrowserType, Page

pytestmark = pytest.mark.browser

REPLY = "Thank you, that means a lot!"


@pytest.fixture(scope="module")
def on_sites(chromium_type: BrowserType, site_server: SiteServer, tandem: TandemServer,  # noqa: F811
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionSession]:
    profile = str(tmp_path_factory.mktemp("chromium-sites"))
    with harness.paired_on_sites(chromium_type, site_server.port, tandem, profile) as session:
        yield session


@pytest.fixture
def site_tab(on_sites: ExtensionSession) -> Iterator[tuple[Page, PageRecord]]:
    with recorded_tab(on_sites.context) as opened:
        yield opened


def box_text(page: Page, key: str) -> Any:
    return page.evaluate("(key) => window.__editors.get(key)?.getText() ?? null", key)


@pytest.mark.parametrize("site", list(SITES))
def test_suggest_and_insert_on_each_site(site_tab: tuple[Page, PageRecord], tandem: TandemServer,
                                         ollama: FakeOllama, site: str) -> None:
    page, record = site_tab
    case = SITES[site]
    harness.model_says(ollama, [REPLY, "Appreciate you!"])
    page.goto(case.url)
    page.wait_for_selector(f'[data-tandem-chip-for="{case.reply_to}"] >> css=button.chip')
    page.wait_for_function("(n) => document.querySelectorAll('[data-tandem-chip-for]').length >= n", arg=len(case.ids))
    chips = page.eval_on_selector_all("[data-tandem-chip-for]", "hosts => hosts.map(h => h.dataset.tandemChipFor)")
    assert chips == case.ids  # one chip per comment, none for the creator's own replies

    harness.chip(page, case.reply_to).click()
    shown = harness.wait_card(page, case.reply_to)
    assert shown["texts"] == [REPLY, "Appreciate you!"], shown
    assert harness.card(page, case.other)["texts"] == []
    harness.suggestion_button(page, case.reply_to, 0).click()
    if case.box_prefix:  # the site prefilled the box ("@author "): Tandem asks, the creator adds after it
        harness.suggestion_button(page, case.reply_to, 0, "append").click()
    harness.wait_status(page, case.reply_to, "inserted")
    assert box_text(page, case.box_key(case.reply_to)) == case.box_prefix + REPLY

    entry = harness.wait_until(lambda: harness.ledger_entry(tandem, shown["ids"][0]), page)
    assert entry["action"] == "inserted" and entry["comment"]["platform"] == site
    assert entry["comment"]["id"] == case.reply_to
    posted = page.evaluate("() => ({submits: window.__submits, clicks: window.__postClicks, "
                           "pwned: window.__pwned ?? null})")
    assert posted == {"submits": [], "clicks": [], "pwned": None}
    assert record == PageRecord()  # no errors, no dialogs


@pytest.mark.parametrize("site", [name for name, case in SITES.items() if case.spa])
def test_after_spa_navigation_chips_follow_the_new_comments(site_tab: tuple[Page, PageRecord],
                                                            ollama: FakeOllama, site: str) -> None:
    page, record = site_tab
    case = SITES[site]
    path, new_ids, new_title = case.spa
    page.goto(case.url)
    page.wait_for_selector(f'[data-tandem-chip-for="{case.reply_to}"] >> css=button.chip')
    page.click("[data-spa-link]")  # the site's router: history.pushState and a re-rendered thread
    page.wait_for_url(f"**{path}")
    page.wait_for_function("(ids) => ids.every((id) => document.querySelector(`[data-tandem-chip-for=\"${id}\"]`))",
                           arg=list(new_ids))
    chips = page.eval_on_selector_all("[data-tandem-chip-for]", "hosts => hosts.map(h => h.dataset.tandemChipFor)")
    assert chips[:len(new_ids)] == list(new_ids)
    # The old thread's chips went with it; the fixture's lazy loader may append its next batch
    # once the new, shorter page shows its "load more" sentinel.
    assert set(chips[len(new_ids):]) <= set(case.lazy_ids)

    harness.model_says(ollama, [REPLY])
    harness.chip(page, new_ids[0]).click()
    assert harness.wait_card(page, new_ids[0])["texts"] == [REPLY]
    prompt = json.dumps(ollama.chat_requests()[-1]["messages"], ensure_ascii=False)
    assert new_title in prompt  # the comment was read again on the new page, with its new post title
    assert record == PageRecord()  # no errors, no dialogs
