"""extension/content/insert.js against the real editor libraries, in Chromium.

Every fixture page (tests/browser/fixtures/editors/<page>.html) mounts one real editor (Draft.js,
Lexical, Quill 1, a React-controlled textarea, a plain contenteditable, one inside a shadow root)
and exposes `editor.getText()`, which reads the EDITOR'S OWN STATE (Draft's editorState, Lexical's
editor state, Quill's Delta, React's state). Assertions use that, not the DOM: text that is only on
screen would vanish on the site's next render or post as an empty reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest

if TYPE_CHECKING:
    from browser_kit import PageRecord
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# fixture page -> the kind insert.js should detect there
PAGES = {
    "draft": "draft",  # X, TikTok
    "lexical": "lexical",  # Facebook (plain-text plugin)
    "lexical-rich": "lexical",  # Facebook (rich-text plugin)
    "quill": "quill",  # LinkedIn
    "react-textarea": "textarea",  # Instagram
    "contenteditable": "contenteditable",  # YouTube
    "shadow": "contenteditable",  # Reddit: composer inside an open shadow root
}
ALL_PAGES = pytest.mark.parametrize("name", list(PAGES))

EXISTING = "Existing draft"
MULTILINE = "Thanks so much!\nSee you Friday.\n\nBest, Sam"
# Must land as literal text: no <img> element, no alert().
HOSTILE = 'Love it 😍🔥 <img src=x onerror=alert(1)> & <b>bold</b> "quoted"'


# ---------------------------------------------------------------- helpers


def open_editor(page: Page, base_url: str, name: str, *, text: str = "", sabotage: str = "") -> None:
    """Load a fixture page, optionally with initial editor content, and wait for the editor."""
    query = urlencode({key: value for key, value in (("text", text), ("sabotage", sabotage)) if value})
    page.goto(f"{base_url}/editors/{name}.html" + (f"?{query}" if query else ""))
    page.wait_for_function("() => window.TandemInsert && window.editor && window.editor.root")


def insert(page: Page, text: str, mode: str = "replace", strategies: list[str] | None = None) -> dict[str, Any]:
    """Call TandemInsert.insertText on the page's reply box, as the content script would."""
    options = {"mode": mode, **({"strategies": strategies} if strategies else {})}
    return page.evaluate("([text, options]) => TandemInsert.insertText(window.replyBox, text, options)", [text, options])


def editor_state(page: Page) -> str:
    return page.evaluate("() => editor.getText()")


def expected_state(name: str, text: str) -> str:
    """Lexical's rich-text plugin makes each line a paragraph and joins paragraphs with "\\n\\n"."""
    return text.replace("\n", "\n\n") if name == "lexical-rich" else text


def assert_inserted(result: dict[str, Any], name: str) -> None:
    assert result["ok"], result
    assert result["kind"] == PAGES[name]


def assert_page_untouched(page: Page, record: PageRecord) -> None:
    """Nothing that could post (Enter, submit, click), no markup, no dialog, no crash."""
    recorded = page.evaluate("() => window.recorded")
    assert recorded == {"enterKeys": [], "submits": [], "clicks": [], "images": []}
    assert record.dialogs == []
    assert record.errors == []


# ---------------------------------------------------------------- the page's tripwires


def test_tripwires_catch_markup_enter_and_submit(page: Page, page_record: PageRecord, fixture_server: str) -> None:
    # Guards the guards: the checks in assert_page_untouched would pass vacuously if these
    # recorders never fired.
    open_editor(page, fixture_server, "contenteditable")
    page.evaluate("(html) => { editor.root.innerHTML = html; }", HOSTILE)
    page.focus("#contenteditable-root")
    page.keyboard.press("Enter")
    page.evaluate("() => document.querySelector('form').requestSubmit()")
    page.wait_for_function("() => window.recorded.images.length > 0")
    page.wait_for_timeout(100)  # the broken image's onerror alert
    recorded = page.evaluate("() => window.recorded")
    assert recorded["images"] and recorded["submits"] == ["reply-form"]
    assert "keydown" in recorded["enterKeys"]
    assert page_record.dialogs == ["alert: 1"]


# ---------------------------------------------------------------- finding the box


@ALL_PAGES
def test_finds_the_editable_and_its_kind(page: Page, fixture_server: str, name: str) -> None:
    open_editor(page, fixture_server, name)
    found = page.evaluate(
        """() => {
            const inner = editor.root.querySelector('*') || editor.root;
            return {
                fromBox: TandemInsert.findEditable(window.replyBox) === editor.root,
                fromInside: TandemInsert.findEditable(inner) === editor.root,
                kind: TandemInsert.detectEditorKind(editor.root),
            };
        }"""
    )
    assert found == {"fromBox": True, "fromInside": True, "kind": PAGES[name]}


def test_detect_editor_kind_ignores_what_cannot_be_typed_into(page: Page, fixture_server: str) -> None:
    open_editor(page, fixture_server, "draft")
    kinds = page.evaluate(
        """() => [
            TandemInsert.detectEditorKind(document.querySelector('[data-testid="tweetText"]')),
            TandemInsert.detectEditorKind(document.querySelector('button')),
            TandemInsert.detectEditorKind(null),
            TandemInsert.findEditable(document.querySelector('article')),
        ]"""
    )
    assert kinds == [None, None, None, None]


# ---------------------------------------------------------------- inserting


@ALL_PAGES
def test_insert_into_empty_box(page: Page, page_record: PageRecord, fixture_server: str, name: str) -> None:
    open_editor(page, fixture_server, name)
    result = insert(page, "Thank you, that means a lot!")
    assert_inserted(result, name)
    assert editor_state(page) == "Thank you, that means a lot!"
    assert result["text"] == "Thank you, that means a lot!"
    assert_page_untouched(page, page_record)


@ALL_PAGES
def test_replace_mode_replaces_the_draft(page: Page, page_record: PageRecord, fixture_server: str, name: str) -> None:
    open_editor(page, fixture_server, name, text=EXISTING)
    assert editor_state(page) == EXISTING  # the seed went in through the editor's own API
    assert_inserted(insert(page, "Glad it helped"), name)
    assert editor_state(page) == "Glad it helped"
    assert_page_untouched(page, page_record)


@ALL_PAGES
def test_append_mode_adds_after_the_draft(page: Page, page_record: PageRecord, fixture_server: str, name: str) -> None:
    open_editor(page, fixture_server, name, text=EXISTING)
    assert_inserted(insert(page, "and thanks again!", mode="append"), name)
    assert editor_state(page) == f"{EXISTING} and thanks again!"
    assert_page_untouched(page, page_record)


@ALL_PAGES
def test_append_to_a_multiline_draft_starts_a_new_line(
    page: Page, page_record: PageRecord, fixture_server: str, name: str
) -> None:
    draft = "Hi Sam,\nthanks for watching"
    open_editor(page, fixture_server, name, text=draft)
    assert_inserted(insert(page, "Glad you liked it!", mode="append"), name)
    assert editor_state(page) == expected_state(name, f"{draft}\nGlad you liked it!")
    assert_page_untouched(page, page_record)


@ALL_PAGES
def test_multiline_text_keeps_its_lines(page: Page, page_record: PageRecord, fixture_server: str, name: str) -> None:
    open_editor(page, fixture_server, name)
    assert_inserted(insert(page, MULTILINE), name)
    assert editor_state(page) == expected_state(name, MULTILINE)
    assert_page_untouched(page, page_record)


@ALL_PAGES
def test_markup_and_emoji_land_as_literal_text(page: Page, page_record: PageRecord, fixture_server: str, name: str) -> None:
    open_editor(page, fixture_server, name)
    assert_inserted(insert(page, HOSTILE), name)
    assert editor_state(page) == HOSTILE
    page.wait_for_timeout(50)  # an onerror handler would have fired by now
    # recorded.images watches the document and the shadow root for any <img> that appears.
    assert_page_untouched(page, page_record)


@ALL_PAGES
def test_replacing_twice_never_duplicates(page: Page, page_record: PageRecord, fixture_server: str, name: str) -> None:
    open_editor(page, fixture_server, name)
    for _ in range(2):
        assert_inserted(insert(page, "See you there"), name)
    assert editor_state(page) == "See you there"
    assert_inserted(insert(page, "Actually, see you Monday"), name)
    assert editor_state(page) == "Actually, see you Monday"
    assert_page_untouched(page, page_record)


@ALL_PAGES
def test_typing_still_works_after_insert(page: Page, page_record: PageRecord, fixture_server: str, name: str) -> None:
    # The Draft fixture's React tree must survive (execCommand would have unmounted it), and in
    # every editor the caret must end up after the reply, ready for the creator's own words.
    open_editor(page, fixture_server, name)
    assert_inserted(insert(page, "Great question"), name)
    page.keyboard.type(" - thanks")
    assert editor_state(page) == "Great question - thanks"
    assert page.evaluate("() => editor.root.isConnected")
    assert_page_untouched(page, page_record)


# ---------------------------------------------------------------- strategies and fallbacks


@ALL_PAGES
def test_reports_the_strategy_that_worked(page: Page, fixture_server: str, name: str) -> None:
    expected = {
        "draft": "paste",
        "lexical": "exec-insert-text",
        "lexical-rich": "exec-insert-text",
        "quill": "exec-insert-text",
        "react-textarea": "native-setter",
        "contenteditable": "exec-insert-text",
        "shadow": "exec-insert-text",
    }
    open_editor(page, fixture_server, name)
    assert insert(page, "One line")["strategy"] == expected[name]


@pytest.mark.parametrize(
    ("name", "strategy"),
    [
        ("lexical", "paste"),
        ("lexical-rich", "paste"),
        ("quill", "dom-write"),
        ("react-textarea", "exec-insert-text"),
        ("contenteditable", "dom-write"),
    ],
)
def test_each_fallback_works_alone(page: Page, fixture_server: str, name: str, strategy: str) -> None:
    open_editor(page, fixture_server, name, text=EXISTING)
    result = insert(page, "From the fallback", strategies=[strategy])
    assert (result["ok"], result["strategy"]) == (True, strategy)
    assert editor_state(page) == "From the fallback"


@pytest.mark.parametrize(("sabotage", "mode"), [("block", "replace"), ("double", "replace"), ("double", "append")])
def test_falls_back_without_duplicating(page: Page, fixture_server: str, sabotage: str, mode: str) -> None:
    # "double": the first strategy lands AND the page adds it again; the next strategy must
    # overwrite that, not add a third copy.
    open_editor(page, fixture_server, "contenteditable", text=EXISTING, sabotage=sabotage)
    result = insert(page, "Only once", mode=mode)
    assert (result["ok"], result["strategy"]) == (True, "dom-write")
    assert editor_state(page) == ("Only once" if mode == "replace" else f"{EXISTING} Only once")


def test_reports_failure_and_keeps_the_draft(page: Page, fixture_server: str) -> None:
    open_editor(page, fixture_server, "contenteditable", text=EXISTING, sabotage="freeze")
    result = insert(page, "Cannot land")
    assert result["ok"] is False
    assert result["kind"] == "contenteditable"
    assert "could not be inserted" in result["error"]
    assert editor_state(page) == EXISTING


@pytest.mark.parametrize(
    ("text", "box_selector", "error"),
    [
        ("   ", "window.replyBox", "Nothing to insert"),
        ("Hi", "document.querySelector('article')", "No editable reply box"),
    ],
)
def test_refuses_what_it_cannot_do(page: Page, fixture_server: str, text: str, box_selector: str, error: str) -> None:
    open_editor(page, fixture_server, "draft")
    result = page.evaluate(f"(text) => TandemInsert.insertText({box_selector}, text)", text)
    assert result["ok"] is False
    assert error in result["error"]


# ---------------------------------------------------------------- the quirks the plan rests on


def test_exec_insert_text_crashes_an_empty_draft_editor(page: Page, page_record: PageRecord, fixture_server: str) -> None:
    # Measured quirk behind "never execCommand on Draft": React throws removeChild NotFoundError
    # and unmounts the whole root. If this ever stops failing, the plan can be revisited.
    open_editor(page, fixture_server, "draft")
    page.evaluate("() => { editor.root.focus(); document.execCommand('insertText', false, 'Hi'); }")
    page.wait_for_timeout(50)
    assert page.evaluate("() => editor.root === null")
    assert any("removeChild" in error for error in page_record.errors)


def test_insert_text_never_runs_exec_on_draft(page: Page, page_record: PageRecord, fixture_server: str) -> None:
    open_editor(page, fixture_server, "draft")
    result = insert(page, "Hi", strategies=["exec-insert-text"])
    assert result["ok"] is False
    assert page.evaluate("() => editor.root !== null && editor.root.isConnected")
    assert page_record.errors == []


def test_setting_value_alone_leaves_react_state_empty(page: Page, fixture_server: str) -> None:
    # Why the native setter: a plain .value assignment updates React's value tracker too, so the
    # input event looks like "no change" and the state (what Instagram posts) stays empty.
    open_editor(page, fixture_server, "react-textarea")
    page.evaluate(
        """() => {
            editor.root.value = 'Only in the DOM';
            editor.root.dispatchEvent(new Event('input', { bubbles: true }));
        }"""
    )
    assert editor_state(page) == ""


def test_synthetic_paste_only_deletes_in_quill(page: Page, fixture_server: str) -> None:
    # Quill 1 waits for a native paste into its clipboard container; a synthetic one brings no
    # text, and the selected draft is deleted. Hence no paste in Quill's plan.
    open_editor(page, fixture_server, "quill", text=EXISTING)
    result = insert(page, "Pasted", strategies=["paste"])
    assert result["ok"] is False
    assert "Pasted" not in editor_state(page)
