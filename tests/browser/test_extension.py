"""The real extension in Chromium, against a real Tandem server and the fake Ollama.

One Chromium (with extension/ loaded unpacked), one server and one fake Ollama serve the whole
module (see extension_harness.py); the pairing test starts its own from zero. The demo page
(/demo) is the site: a comment section with a real Quill 1 reply box, whose own state
(`demoEditors[id].getText()`) is what the insert assertions read.

Keyboard shortcuts: Playwright's key presses go to the page, not to the browser's accelerator
table, so a pressed Alt+Shift+Q never reaches chrome.commands (measured: nothing happens). The
palette test therefore calls background's `tandem.onCommand`, the function registered with
chrome.commands.onCommand, with the tab, exactly as the browser would.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from extension_harness import *  # noqa: F403 - fixtures
from extension_harness import (
    ExtensionSession,
    TandemServer,
    card,
    chip,
    launch_extension,
    ledger_entry,
    model_says,
    run_command,
    suggestion_button,
    wait_card,
    wait_status,
    wait_until,
)

if TYPE_CHECKING:
    from fake_ollama import FakeOllama
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

COMMANDS = {"suggest", "quick-replies", "insert-first", "next-unreplied"}
DEMO_COMMENTS = {  # id -> author, in page order; c2-r1 is the creator's own reply (no chip)
    "c1": "@samir_k", "c2": "@lena.cooks", "c2-r2": "@tomasz_b", "c3": "@jo_bakes_bread", "c4": "@crypto_gains_4u",
    "c5": "@priya.r", "c6": "@mike_t", "c7": "@html_tester", "c8": "@ana.g",
}
REPLIES = ["Rye is next on my list, I promise!", "A spelt version is coming, details at https://evil.example/rye",
           "Great idea, noted for the next video."]


def editor_text(page: Page, comment_id: str) -> str | None:
    return page.evaluate("(id) => window.demoEditors[id] ? window.demoEditors[id].getText() : null", comment_id)


def watch_for_posting(page: Page) -> None:
    """Tripwires: any form submit, any click on a post button, any dialog."""
    page.evaluate(
        """() => {
            window.tripped = {submits: [], postClicks: []};
            window.addEventListener('submit', (e) => window.tripped.submits.push(e.target.className), true);
            window.addEventListener('click', (e) => {
                const post = e.target.closest('.demo-post-button, button[type=submit]');
                if (post) window.tripped.postClicks.push(post.className);
            }, true);
        }"""
    )


def tripped(page: Page) -> dict[str, Any]:
    return page.evaluate("() => ({...window.tripped, posted: window.demoPosted})")


# ---------------------------------------------------------------- loading


def test_extension_loads_with_four_commands_and_minimal_permissions(extension: ExtensionSession) -> None:
    listed = extension.worker_eval("chrome.commands.getAll()")
    commands = {c["name"]: c["shortcut"] for c in listed if c["name"] != "_execute_action"}
    assert set(commands) == COMMANDS
    assert all(re.fullmatch(r"Alt\+Shift\+[A-Z]", shortcut) for shortcut in commands.values()), commands  # all assigned

    manifest = extension.worker_eval("chrome.runtime.getManifest()")
    assert manifest["permissions"] == ["storage", "sidePanel"]
    assert manifest["host_permissions"] == ["http://127.0.0.1/*", "http://localhost/*"]
    assert manifest["background"]["service_worker"] == "background.js"
    assert manifest["background"]["scripts"] == ["background.js"]
    assert manifest["browser_specific_settings"]["gecko"]["id"] == "tandem@tandem.local"
    scripts = manifest["content_scripts"][0]["js"]
    in_order = ("sites/registry", "insert", "sites/youtube", "sites/demo", "chip", "page", "core")
    positions = [scripts.index(f"content/{name}.js") for name in in_order]
    assert positions == sorted(positions)
    assert scripts[-1] == "content/core.js"


# ---------------------------------------------------------------- pairing


def test_pairing_takes_one_step_and_the_options_page_shows_it(chromium_type: Any, tmp_path: Any,
                                                              ollama: FakeOllama) -> None:
    server = TandemServer(tmp_path / "home", ollama.url).start()
    session = launch_extension(chromium_type, str(tmp_path / "profile"))
    try:
        options = session.new_page()
        options.goto(session.url("options/options.html"))
        options.wait_for_selector("#pairing-state[data-paired='no']")
        assert session.badge() == "pair"

        page = session.new_page()
        page.goto(f"{server.url}/pair")
        page.wait_for_function("() => document.querySelector('#tandem-pair-status').textContent.startsWith('Paired ✓')")
        stored = session.storage()
        assert stored["server"] == server.url
        assert stored["token"] == server.token  # compared here, never printed
        assert f"chrome-extension://{session.id}" in server.app.extensions["tandem.pairing"].origins()

        # The open options page follows the pairing by itself; a fresh one shows it too.
        options.wait_for_selector("#pairing-state[data-paired='yes']")
        options.reload()
        options.wait_for_selector("#pairing-state[data-paired='yes']")
        assert options.text_content("#pairing-state") == f"Paired with {server.url}."
        options.wait_for_selector("#status[data-state='ok']")
        assert options.eval_on_selector("#model", "s => [...s.options].map(o => o.value)") == ["llama3.2:3b"]
        assert session.badge() == ""

        # Manual pairing: unpair, then type a code from `tandem pair`.
        options.bring_to_front()  # a background tab gets no animation frames: clicks would wait
        options.click("#unpair")
        options.wait_for_selector("#pairing-state[data-paired='no']")
        assert "token" not in session.storage()
        options.fill("#code", server.app.extensions["tandem.pairing"].new_code())
        options.click("#code-form button[type=submit]")
        options.wait_for_selector("#pairing-state[data-paired='yes']")
        assert session.storage()["token"] == server.token
    finally:
        session.context.close()
        server.stop()


def test_a_wrong_pairing_code_says_so(paired: ExtensionSession, tandem: TandemServer) -> None:
    options = paired.new_page()
    options.goto(paired.url("options/options.html"))
    options.wait_for_selector("#pairing-state[data-paired='yes']")
    live = tandem.app.extensions["tandem.pairing"].new_code()
    options.fill("#code", "AAAA-AAAA" if live != "AAAA-AAAA" else "BBBB-BBBB")
    options.click("#code-form button[type=submit]")
    options.wait_for_selector("#settings-result[data-error]")
    assert "not right" in options.text_content("#settings-result")
    assert paired.storage()["token"] == tandem.token  # the working pairing is kept
    options.close()


# ---------------------------------------------------------------- chips and the suggestion loop


def test_chips_sit_beside_each_comment_with_its_author(demo: Page) -> None:
    chips = demo.evaluate(
        """() => [...document.querySelectorAll('[data-tandem-chip-for]')].map((host) => ({
            id: host.dataset.tandemChipFor,
            owner: host.closest('article').dataset.commentId,
            inActions: host.parentElement.classList.contains('demo-comment-actions'),
            label: host.shadowRoot.querySelector('button.chip').getAttribute('aria-label'),
        }))"""
    )
    assert [c["id"] for c in chips] == list(DEMO_COMMENTS)
    for found in chips:
        assert found["owner"] == found["id"] and found["inActions"], found
        assert DEMO_COMMENTS[found["id"]] in found["label"]
    assert card(demo, "c2")["status"] == "replied"  # the creator already answered Lena
    assert card(demo, "c1")["status"] == "new"


def test_suggestions_stream_into_the_right_card_and_insert_only_on_click(demo: Page, tandem: TandemServer,
                                                                        ollama: FakeOllama) -> None:
    watch_for_posting(demo)
    model_says(ollama, REPLIES, chunk_delay=0.04)
    chip(demo, "c3").click()

    # A finished suggestion shows while the model is still writing the next ones.
    demo.wait_for_function(
        """() => { const root = document.querySelector('[data-tandem-chip-for="c3"]').shadowRoot;
                   return root.querySelector('.card').dataset.phase === 'streaming'
                       && root.querySelectorAll('.suggestion').length > 0; }"""
    )
    shown = wait_card(demo, "c3")
    assert shown["texts"] == REPLIES
    assert shown["engine"] == "From your model (llama3.2:3b)"
    assert any("link" in flag and "evil.example" in flag for flag in shown["flags"]), shown["flags"]
    assert all(re.fullmatch(r"[0-9a-f]{16}", i or "") for i in shown["ids"])
    for other in set(DEMO_COMMENTS) - {"c3"}:  # nothing landed beside another comment
        assert card(demo, other)["texts"] == [] and not card(demo, other)["open"]

    suggestion_button(demo, "c3", 1).click()
    demo.wait_for_function("(t) => window.demoEditors.c3 && window.demoEditors.c3.getText() === t", arg=REPLIES[1])
    assert editor_text(demo, "c1") is None  # no other reply box was opened
    wait_status(demo, "c3", "inserted")
    assert tripped(demo) == {"submits": [], "postClicks": [], "posted": []}

    entry = wait_until(lambda: ledger_entry(tandem, shown["ids"][1]), demo)
    assert entry["action"] == "inserted" and entry["inserted"] == REPLIES[1]
    assert entry["comment"]["id"] == "c3" and entry["comment"]["author"] == "@jo_bakes_bread"

    # The creator edits and posts it themselves; Tandem sees the posted reply and reports it.
    demo.locator("#comment-c3 .ql-editor").press("End")
    demo.keyboard.type(" Thanks Jo!")
    demo.click("#comment-c3 .demo-post-button")
    final = f"{REPLIES[1]} Thanks Jo!"
    sent = wait_until(lambda: (e := ledger_entry(tandem, shown["ids"][1])) and e["action"] == "sent" and e, demo)
    assert sent["final"] == final and 0 < sent["human_share"] < 0.5
    wait_status(demo, "c3", "replied")


def test_disclosure_is_appended_and_back_translation_shown(demo: Page, tandem: TandemServer, ollama: FakeOllama) -> None:
    preferences = tandem.app.extensions["tandem"].preferences
    preferences.update({"disclosure": {"demo": "(drafted with AI, sent by me)"}, "reply_in_their_language": True})
    try:
        ollama.reply = json.dumps({"suggestions": [{"text": "¡Dos semanas está bien!",
                                                    "back_translation": "Two weeks is fine!"}]})
        chip(demo, "c5").click()
        wait_card(demo, "c5")
        back = demo.locator('[data-tandem-chip-for="c5"] >> css=li.suggestion[data-index="0"] .back')
        assert back.text_content() == "In your language: Two weeks is fine!"
        suggestion_button(demo, "c5", 0).click()
        demo.wait_for_function("(t) => window.demoEditors.c5 && window.demoEditors.c5.getText() === t",
                               arg="¡Dos semanas está bien! (drafted with AI, sent by me)")
    finally:
        preferences.update({"disclosure": {}, "reply_in_their_language": False})


def test_a_box_with_a_draft_asks_replace_or_add(demo: Page, ollama: FakeOllama) -> None:
    model_says(ollama, ["Two weeks is fine, feed it the night before."])
    demo.click("#comment-c5 .demo-reply-button")
    demo.keyboard.type("Hi Priya!")
    chip(demo, "c5").click()
    wait_card(demo, "c5")
    suggestion_button(demo, "c5", 0).click()
    suggestion_button(demo, "c5", 0, "append").wait_for()
    assert editor_text(demo, "c5") == "Hi Priya!"  # nothing happens before the creator chooses
    suggestion_button(demo, "c5", 0, "append").click()
    demo.wait_for_function("(t) => window.demoEditors.c5.getText() === t",
                           arg="Hi Priya! Two weeks is fine, feed it the night before.")


def test_hostile_text_renders_as_text_and_runs_nothing(demo: Page, ollama: FakeOllama) -> None:
    dialogs: list[str] = []
    demo.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    shown_comment = demo.text_content("#comment-c7 .demo-comment-text")
    assert shown_comment == "Love it <img src=x onerror=alert(1)> can't wait for more!"
    hostile = "Thanks! <img src=x onerror=alert(2)> <b>bold</b>"
    model_says(ollama, [hostile])
    chip(demo, "c7").click()
    shown = wait_card(demo, "c7")
    assert shown["texts"] == [hostile] and shown["images"] == 0
    suggestion_button(demo, "c7", 0).click()
    demo.wait_for_function("(t) => window.demoEditors.c7 && window.demoEditors.c7.getText() === t", arg=hostile)
    demo.wait_for_timeout(100)  # an onerror handler would have fired by now
    assert demo.evaluate("() => document.querySelectorAll('img').length") == 0
    assert dialogs == []


def test_with_ollama_down_the_card_says_saved_replies(demo: Page, paired: ExtensionSession, ollama: FakeOllama) -> None:
    ollama.go_down()
    chip(demo, "c1").click()
    shown = wait_card(demo, "c1")
    assert shown["engine"].startswith("From your saved replies: ")
    assert len(shown["engine"]) > len("From your saved replies: ") + 10  # with the reason
    assert shown["texts"]  # the starter replies answered
    assert paired.badge() == "save"


def test_keyboard_opens_and_closes_the_card(demo: Page, ollama: FakeOllama) -> None:
    chip(demo, "c8").focus()
    demo.keyboard.press("Enter")
    wait_card(demo, "c8")
    demo.keyboard.press("Tab")  # into the card
    demo.keyboard.press("Escape")
    assert card(demo, "c8")["open"] is False
    assert demo.evaluate("() => document.activeElement.dataset.tandemChipFor") == "c8"


# ---------------------------------------------------------------- quick replies


def test_quick_reply_palette_opens_by_command_and_fills_variables(demo: Page, paired: ExtensionSession,
                                                                  tandem: TandemServer) -> None:
    tandem.api("POST", "/api/snippets", {"title": "Thanks for watching", "tags": ["thanks"],
                                         "text": "Thanks so much for watching, {author}! Glad you liked {post_title}."})
    tandem.api("POST", "/api/snippets", {"title": "Recipe in the description", "tags": ["recipe"],
                                         "text": "The full recipe is in the description, {author}."})
    palette = "[data-tandem-palette]"
    demo.click("#comment-c1 .demo-reply-button")

    def open_palette() -> None:
        run_command(paired, demo, "quick-replies")
        demo.wait_for_selector(f"{palette} >> css=input")

    open_palette()
    demo.keyboard.type("thanks")
    demo.wait_for_function("() => document.querySelector('[data-tandem-palette]').shadowRoot"
                           ".querySelectorAll('li').length === 1")
    demo.keyboard.press("1")
    expected = ("Thanks so much for watching, @samir_k! "
                "Glad you liked No-knead sourdough for busy weekends (beginner friendly).")
    demo.wait_for_function("(t) => window.demoEditors.c1.getText() === t", arg=expected)
    assert demo.locator(palette).count() == 0

    open_palette()
    demo.keyboard.press("Escape")
    assert demo.locator(palette).count() == 0
    assert demo.evaluate("() => document.activeElement.classList.contains('ql-editor')")
    assert editor_text(demo, "c1") == expected


def test_insert_first_command_uses_the_comment_under_the_pointer(demo: Page, paired: ExtensionSession,
                                                                ollama: FakeOllama) -> None:
    model_says(ollama, ["Thanks Ana, honey is a lovely swap!", "Noted, thanks!"])
    demo.hover("#comment-c8 .demo-comment-text")
    run_command(paired, demo, "insert-first")
    demo.wait_for_function("(t) => window.demoEditors.c8 && window.demoEditors.c8.getText() === t",
                           arg="Thanks Ana, honey is a lovely swap!")
    wait_status(demo, "c8", "inserted")


def test_next_unreplied_command_skips_answered_comments(demo: Page, paired: ExtensionSession) -> None:
    chip(demo, "c1").focus()
    run_command(paired, demo, "next-unreplied")
    # c2 already has the creator's reply, so the next one without a reply is its nested c2-r2.
    demo.wait_for_function("() => document.activeElement && document.activeElement.dataset.tandemChipFor === 'c2-r2'")


# ---------------------------------------------------------------- side panel, badge, other pages


def test_side_panel_lists_comments_and_suggests(demo: Page, paired: ExtensionSession, ollama: FakeOllama) -> None:
    model_says(ollama, ["Thank you, more close-ups next time!"])
    tab = paired.tab_id(demo)
    panel = paired.new_page()
    panel.goto(paired.url(f"panel/panel.html?tab={tab}"))
    panel.wait_for_selector("li.comment")
    listed = panel.eval_on_selector_all("li.comment", "lis => lis.map(li => [li.dataset.commentId, li.dataset.status])")
    assert [i for i, _ in listed] == list(DEMO_COMMENTS)
    assert dict(listed)["c2"] == "replied"
    panel.click("li[data-comment-id='c6'] button:text('Suggest')")
    assert wait_card(demo, "c6")["texts"] == ["Thank you, more close-ups next time!"]
    panel.wait_for_selector("li[data-comment-id='c6'][data-status='suggested']")
    panel.close()


def test_chip_click_opens_the_side_panel_through_background(demo: Page, paired: ExtensionSession) -> None:
    # sidePanel.open() needs a user gesture. Record what background's handler resolved to.
    paired.worker_eval(
        """self.panelResults = []; self.originalOpenPanel = tandem.handlers.openPanel;
        tandem.handlers.openPanel = (message, sender) => {
            const result = self.originalOpenPanel(message, sender);
            Promise.resolve(result).then((v) => self.panelResults.push(v), (e) => self.panelResults.push(e.message));
            return result;
        }; 0"""
    )
    try:
        without_gesture = paired.worker_eval(
            "chrome.tabs.query({active: true, lastFocusedWindow: true})"
            ".then((t) => chrome.sidePanel.open({tabId: t[0].id})).then(() => 'opened', (e) => e.message)"
        )
        assert "user gesture" in without_gesture
        chip(demo, "c4").click()
        demo.locator('[data-tandem-chip-for="c4"] >> css=button.panel').click()
        assert wait_until(lambda: paired.worker_eval("self.panelResults"), demo) == [{"opened": True}]
    finally:
        paired.worker_eval("tandem.handlers.openPanel = self.originalOpenPanel; 0")


def test_pages_without_an_adapter_or_switched_off_get_nothing(paired: ExtensionSession, tandem: TandemServer) -> None:
    page = paired.new_page()
    page.goto(f"{tandem.url}/")
    assert paired.message_tab(page, {"type": "ping"}) == {"ok": True, "data": {"adapter": None, "comments": 0}}
    sites = tandem.api("GET", "/api/settings")[1]["settings"]["sites"]
    status, _ = tandem.api("PATCH", "/api/settings", {"sites": ["youtube"]})
    assert status == 200
    try:
        page.goto(f"{tandem.url}/demo")
        page.wait_for_function("() => window.demoEditors")
        assert paired.message_tab(page, {"type": "ping"})["data"]["adapter"] is None
        assert page.locator("[data-tandem-chip-for]").count() == 0
    finally:
        tandem.api("PATCH", "/api/settings", {"sites": sites})
        page.close()


def test_options_page_explains_a_rejected_token(paired: ExtensionSession, tandem: TandemServer) -> None:
    paired.worker_eval("chrome.storage.local.set({token: 'not-the-token'})")
    options = paired.new_page()
    try:
        options.goto(paired.url("options/options.html"))
        options.wait_for_selector("#status[data-state='not_paired']")
        assert "rejected this browser's token" in options.text_content("#status")
        assert paired.badge() == "pair"
    finally:
        paired.worker_eval("(token) => chrome.storage.local.set({token})", tandem.token)
        options.close()


def test_badge_and_options_follow_the_server(paired: ExtensionSession, tandem: TandemServer) -> None:
    assert paired.worker_eval("tandem.refreshStatus().then(s => s.state)") == "ok"
    assert paired.badge() == ""
    tandem.stop()
    try:
        assert paired.worker_eval("tandem.refreshStatus().then(s => s.state)") == "down"
        assert paired.badge() == "off"
        options = paired.new_page()
        options.goto(paired.url("options/options.html"))
        options.wait_for_selector("#status[data-state='down']")
        assert "tandem serve" in options.text_content("#status")
        options.close()
    finally:
        tandem.start()
    assert paired.worker_eval("tandem.refreshStatus().then(s => s.state)") == "ok"
    assert paired.badge() == ""
