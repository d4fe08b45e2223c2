"""The voice, prompts and stats dashboard pages, and the options page's voice section, in Chromium
against a real Tandem server and the fake Ollama (dashboard_harness.py).

Every change made on a page is checked on the server too (the API, the fake Ollama's chat
request, the downloaded export), so a page that only changed the screen would fail.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_kit import tidy_tab
from dashboard_harness import *  # noqa: F403 - fixtures
from dashboard_harness import DRAFTS, Dashboard, backdate_replies, send_replies

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PROFILE = {"name": "Maya", "sign_off": "— Maya 🍞", "persona": "Home baker who films sourdough every weekend.",
           "emoji": "one at most", "rules_do": ["Thank people by name", "Point to the recipe card"],
           "allow_list": ["mayabakes.example/bread", "@mayabakes"]}


@pytest.fixture(autouse=True)
def _tidy_tab(page: Page) -> Iterator[None]:
    """The tab is shared with other browser tests: give back its viewport and drop our routes."""
    with tidy_tab(page, {"width": 1280, "height": 900}):
        yield


def percent(share: float) -> str:
    """A share as the pages show it (JavaScript's Math.round: halves go up)."""
    return f"{math.floor(share * 100 + 0.5)}%"


def besides_refusals(errors: list[str], *statuses: int) -> list[str]:
    """The errors other than one "Failed to load resource" per refusal the test provoked on
    purpose (Chromium logs every non-2xx fetch to the console, whatever the page does with it)."""
    rest = list(errors)
    for status in statuses:
        line = f"console: Failed to load resource: the server responded with a status of {status}"
        match = next((error for error in rest if error.startswith(line)), None)
        assert match, f"expected a refused request ({status}) in {errors}"
        rest.remove(match)
    return rest


def open_page(page: Page, dashboard: Dashboard, path: str, app: str) -> None:
    page.goto(dashboard.url + path)
    page.wait_for_selector(f"#{app}[data-loaded='yes']")


def system_prompt(dashboard: Dashboard) -> str:
    """The system message the model would get now (the preview endpoint, nothing unsaved)."""
    return dashboard.api("POST", "/api/prompts/system/preview", {})["messages"][0]["content"]


def record_texts(page: Page, selector: str) -> None:
    """Start recording every text `selector` shows (read back with recorded_texts)."""
    page.evaluate("""(selector) => {
        window.__seen = [];
        const node = document.querySelector(selector);
        new MutationObserver(() => window.__seen.push(node.textContent))
            .observe(node, {childList: true, characterData: true, subtree: true});
    }""", selector)


# ---------------------------------------------------------------- /voice


def test_voice_profile_round_trips_and_reaches_the_prompt(page: Page, dashboard: Dashboard,
                                                          console_errors: list[str]) -> None:
    open_page(page, dashboard, "/voice", "voice-app")
    assert page.get_attribute(".top a[aria-current='page']", "href") == "/voice"
    assert page.locator(".top a").all_text_contents()[1:] == ["Inbox", "Voice", "Prompts", "Stats"]
    for key, value in PROFILE.items():
        page.fill(f"#v-{key}", "\n".join(value) if isinstance(value, list) else value)
    page.fill("#v-rules_dont", "  Never promise dates  \n\n")  # blank lines and spaces are dropped
    page.click("#profile-form button[type=submit]")
    page.wait_for_selector("#profile-result[data-kind='ok']")
    assert page.text_content("#profile-result").startswith("Saved at ")

    profile = dashboard.api("GET", "/api/voice")["profile"]
    assert {key: profile[key] for key in PROFILE} == PROFILE
    assert profile["rules_dont"] == ["Never promise dates"]
    # ... and it reaches the model: the chat request the fake Ollama got for a fresh suggestion
    send_replies(dashboard, [None])
    system = dashboard.ollama.chat_requests()[-1]["messages"][0]["content"]
    assert "- Name: Maya" in system and "- Sign-off: — Maya 🍞" in system
    assert "- Always: Thank people by name; Point to the recipe card" in system
    assert "mayabakes.example/bread; @mayabakes" in system

    # a fresh page shows what the server holds, lists one item per line
    open_page(page, dashboard, "/voice", "voice-app")
    assert page.input_value("#v-name") == "Maya"
    assert page.input_value("#v-rules_do") == "Thank people by name\nPoint to the recipe card"
    assert page.text_content("#library-count") == "(1)"

    # invalid input: the server's own message, nothing saved
    page.fill("#v-name", "Maya B.")
    page.fill("#v-rules_dont", "x" * 301)
    page.click("#profile-form button[type=submit]")
    page.wait_for_selector("#profile-result[data-kind='error']")
    assert page.text_content("#profile-error") == "rules_dont must be a list of at most 50 short texts."
    assert page.locator("#profile-error").get_attribute("role") == "alert"
    assert dashboard.api("GET", "/api/voice")["profile"]["name"] == "Maya"

    # disclosure tag per site
    page.fill("#d-youtube", "(drafted with AI, sent by me)")
    page.click("#disclosure-form button[type=submit]")
    page.wait_for_selector("#disclosure-result[data-kind='ok']")
    assert dashboard.api("GET", "/api/settings")["settings"]["disclosure"] == {"youtube": "(drafted with AI, sent by me)"}

    # post notes: add, edit, delete (a second click confirms)
    page.fill("#p-url", "https://www.youtube.com/watch?v=bread1&t=30")
    page.fill("#p-title", "Rye sourdough")
    page.fill("#p-notes", "Recipe at mayabakes.example/rye. 70% hydration.")
    page.fill("#p-allow", "RYE10\n")
    page.click("#post-save")
    page.wait_for_selector("#post-notes .post-note")
    [note] = dashboard.api("GET", "/api/notes")["items"]
    assert (note["post_title"], note["allow"]) == ("Rye sourdough", ["RYE10"])
    page.click(f"#post-notes [data-action='edit'][data-id='{note['id']}']")
    assert page.input_value("#p-notes") == "Recipe at mayabakes.example/rye. 70% hydration."
    page.fill("#p-notes", "Recipe at mayabakes.example/rye. 75% hydration.")
    page.click("#post-save")
    page.wait_for_function("() => document.querySelector('#post-notes .post-text')?.textContent.includes('75%')")
    assert dashboard.api("GET", "/api/notes")["items"][0]["notes"].endswith("75% hydration.")
    page.fill("#p-url", "ftp://nope")
    page.click("#post-save")
    page.wait_for_selector("#post-error:not(:empty)")
    assert page.text_content("#post-error") == "url must start with http:// or https://."
    delete = page.locator(f"#post-notes [data-action='delete'][data-id='{note['id']}']")
    delete.click()
    assert delete.text_content() == "Really delete?" and dashboard.api("GET", "/api/notes")["items"]
    delete.click()
    page.wait_for_selector("#posts-empty:not([hidden])")
    assert dashboard.api("GET", "/api/notes")["items"] == []
    assert besides_refusals(console_errors, 400, 400) == []


def test_style_summary_written_by_the_model_and_their_language_toggle(page: Page, dashboard: Dashboard,
                                                                     console_errors: list[str]) -> None:
    dashboard.app.extensions["tandem"].voice.add_replies(
        [{"comment": f"question {i}", "reply": f"Thanks friend, more soon {i} 🍞"} for i in range(6)])
    dashboard.ollama.reply = "- Short and warm\n- Ends with 🍞"
    open_page(page, dashboard, "/voice", "voice-app")
    page.click("#summary-button")
    page.wait_for_selector("#summary-result[data-kind='ok']")
    assert page.input_value("#v-style_summary") == "- Short and warm\n- Ends with 🍞"
    assert dashboard.api("GET", "/api/voice")["profile"]["style_summary"] == "- Short and warm\n- Ends with 🍞"
    assert "Thanks friend, more soon 5" in dashboard.ollama.chat_requests()[-1]["messages"][0]["content"]
    with page.expect_response(lambda response: response.url.endswith("/api/settings")
                              and response.request.method == "PATCH"):
        page.check("#v-their-language")
    assert dashboard.api("GET", "/api/settings")["settings"]["reply_in_their_language"] is True
    assert console_errors == []


def test_import_with_progress_and_a_bad_row_that_imports_nothing(page: Page, dashboard: Dashboard, tmp_path: Path,
                                                                 console_errors: list[str]) -> None:
    good = tmp_path / "replies.csv"
    good.write_text("comment,reply,platform\n"
                    + "".join(f"question {i} about rye,answer {i} with love,youtube\n" for i in range(10_000)))
    open_page(page, dashboard, "/voice", "voice-app")
    assert page.text_content("#library-count") == "(0)"
    record_texts(page, "#import-text")
    page.set_input_files("#import-file", str(good))
    page.click("#import-start")
    page.wait_for_selector("#import-text[data-kind='ok']", timeout=30_000)
    assert page.text_content("#import-text") == "Imported 10,000 replies."
    seen = page.evaluate("window.__seen")
    assert "Reading… 0 of about 10,000 rows" in seen
    assert any(f"Reading… {n:,} of about 10,000 rows" in seen for n in range(1000, 10_000, 1000)), seen
    assert page.evaluate("document.getElementById('import-progress').value") == 10_000
    assert dashboard.api("GET", "/api/voice")["past_replies"] == 10_000
    page.wait_for_function("() => document.getElementById('library-count').textContent === '(10,000)'")
    assert page.locator("#replies .reply-row").count() == 200
    assert page.text_content("#library-shown") == "Newest first, showing 200 of 10,000."

    # search, then delete one past reply
    page.fill("#r-q", "  answer 999 with ")
    page.wait_for_function("() => document.querySelectorAll('#replies .reply-row').length === 1")
    assert page.text_content("#replies .reply-text") == "answer 999 with love"
    page.click("#replies .reply-row button.delete")
    page.wait_for_selector("#library-result[data-kind='ok']")
    assert dashboard.api("GET", "/api/voice")["past_replies"] == 9_999
    assert page.text_content("#library-count") == "(9,999)"

    # a bad row: the server's message verbatim, naming the line, and nothing imported
    bad = tmp_path / "bad.csv"
    bad.write_text("comment,reply\n" + "".join(f"q{i},a{i}\n" for i in range(5000)) + "broken,\n")
    page.set_input_files("#import-file", str(bad))
    page.click("#import-start")
    page.wait_for_selector("#import-error:not(:empty)")
    assert page.text_content("#import-error") == "Nothing was imported. bad.csv, line 5002: the reply is empty or missing."
    assert page.is_hidden("#import-status")
    assert dashboard.api("GET", "/api/voice")["past_replies"] == 9_999

    page.fill("#r-q", "answer 999")
    page.wait_for_function("() => document.querySelectorAll('#replies .reply-row').length === 10")
    assert page.text_content("#library-shown") == '10 replies match “answer 999”, showing 10.'
    assert console_errors == []


def test_a_learned_style_note_can_be_deleted(page: Page, dashboard: Dashboard, console_errors: list[str]) -> None:
    # Three edits that drop the exclamation mark make a note that goes into the prompt.
    send_replies(dashboard, [DRAFTS[0].replace("!", ".")] * 3)
    [note] = [note for note in dashboard.api("GET", "/api/voice/notes")["notes"] if note["active"]]
    assert note["text"] in system_prompt(dashboard)

    open_page(page, dashboard, "/voice", "voice-app")
    row = page.locator(f"#style-notes .note[data-id='{note['id']}']")
    assert row.locator(".note-text").text_content() == note["text"]
    assert row.locator(".badge").text_content() == "in the prompt"
    row.locator("button.delete").click()
    page.wait_for_selector("#style-result[data-kind='ok']")
    assert page.locator(f"#style-notes .note[data-id='{note['id']}']").count() == 0
    assert note["id"] not in [entry["id"] for entry in dashboard.api("GET", "/api/voice/notes")["notes"]]
    assert note["text"] not in system_prompt(dashboard)
    assert console_errors == []


# ---------------------------------------------------------------- /prompts


def test_prompts_save_validate_reset_and_preview(page: Page, dashboard: Dashboard, console_errors: list[str]) -> None:
    default = dashboard.api("GET", "/api/prompts/system")["default"]
    open_page(page, dashboard, "/prompts", "prompts-app")
    assert page.text_content("#editor-title") == "system"
    assert page.locator("#variables code").all_text_contents() == ["{{creator}}", "{{voice}}"]
    assert page.input_value("#template-text") == default
    assert page.is_disabled("#reset") and page.is_disabled("#save")

    # preview uses the unsaved text and an edited sample comment; nothing is saved by it
    edited = default + "\nAlways mention the bread of the week. PREVIEW-MARKER"
    page.fill("#template-text", edited)
    page.fill("#s-text", "Is the rye loaf vegan?")
    page.select_option("#s-platform", "reddit")
    page.click("#preview")
    page.wait_for_selector("#messages .message")
    roles = page.locator("#messages .role").all_text_contents()
    assert roles == ["system", "user"]
    system = page.text_content("#messages .role-system pre")
    assert system.endswith("Always mention the bread of the week. PREVIEW-MARKER")
    assert "Is the rye loaf vegan?" in page.text_content("#messages .role-user pre")
    assert "Platform: reddit" in page.text_content("#messages .role-user pre")
    assert page.text_content("#preview-result") == "2 messages, with your unsaved text."
    assert dashboard.api("GET", "/api/prompts/system")["overridden"] is False
    page.evaluate("window.scrollTo(0, 0)")

    # switching templates keeps the unsaved text
    page.click("button.template[data-name='request']")
    page.wait_for_selector("#prompts-app[data-selected='request']")
    assert page.is_visible("button.template[data-name='system'] .badge.unsaved")
    page.click("button.template[data-name='system']")
    page.wait_for_selector("#prompts-app[data-selected='system']")
    assert page.input_value("#template-text") == edited

    # save: an override
    page.click("#save")
    page.wait_for_selector("#prompt-result[data-kind='ok']")
    saved = dashboard.api("GET", "/api/prompts/system")
    assert saved["overridden"] is True and saved["text"] == edited
    assert page.is_visible("button.template[data-name='system'] .badge.edited")
    assert "PREVIEW-MARKER" in system_prompt(dashboard)

    # an unknown variable: the server's message names the line, and nothing is saved
    page.fill("#template-text", "You write for {{creator}}.\nHello {{fan_name}}\n{{voice}}")
    page.click("#save")
    page.wait_for_selector("#prompt-error:not(:empty)")
    assert page.text_content("#prompt-error") == ("Line 2: unknown variable {{fan_name}} in template system "
                                                   "(allowed: creator, voice).")
    assert page.text_content("#prompt-result") == "Not saved."
    assert page.evaluate("() => { const a = document.getElementById('template-text');"
                         " return a.value.slice(a.selectionStart, a.selectionEnd); }") == "Hello {{fan_name}}"
    assert dashboard.api("GET", "/api/prompts/system")["text"] == edited

    # reset, after a confirmation on the page
    page.click("#reset")
    page.wait_for_selector("#confirm-reset:not([hidden])")
    page.click("#confirm-reset-yes")
    page.wait_for_selector("#prompt-result[data-kind='ok']")
    assert dashboard.api("GET", "/api/prompts/system")["overridden"] is False
    assert page.input_value("#template-text") == default
    assert page.locator("button.template[data-name='system'] .badge").count() == 0
    assert "PREVIEW-MARKER" not in system_prompt(dashboard)
    assert besides_refusals(console_errors, 422) == []


# ---------------------------------------------------------------- /stats


def test_stats_chart_table_export_and_delete_everything(page: Page, dashboard: Dashboard, console_errors: list[str]) -> None:
    # Replies three weeks ago, none two weeks ago, some last week and this week; some edited.
    backdate_replies(dashboard, send_replies(dashboard, [None, "Thanks so much, glad you liked it", None]), days=21)
    backdate_replies(dashboard, send_replies(dashboard, ["Honestly my favourite bake too.", None, "Spelt!", None]), days=7)
    send_replies(dashboard, [None, "Rye, always rye.", "It is the starter, trust me", None, None, "Yes! More soon 🍞"])
    dashboard.api("PUT", "/api/prompts/tone_warm", {"text": "Warm, like a neighbour."})
    stats = dashboard.api("GET", "/api/stats")
    assert len(stats["weeks"]) == 3 and stats["total_replies"] == 13

    open_page(page, dashboard, "/stats", "stats-app")
    assert page.text_content("#total-replies") == "13"
    assert page.text_content("#total-share") == percent(stats["written_by_you"])
    for week in stats["weeks"]:
        row = page.locator(f"#weeks-body tr[data-week='{week['week']}']")
        assert row.locator(".replies").text_content() == str(week["replies"])
        assert row.locator(".as-suggested").text_content() == str(week["as_suggested"])
        assert row.locator(".share").text_content() == percent(week["written_by_you"])
    assert page.locator("#weeks-body tr").count() == 3
    assert page.locator("#weeks-table th[scope='col']").count() == 5

    # the chart: one bar per week from the first to the last (the empty week too), heights in proportion
    bars = page.eval_on_selector_all("#chart svg rect.bar", "bars => bars.map(b => ["
                                     "b.dataset.week, +b.dataset.replies, b.getBBox().height])")
    assert [bar[1] for bar in bars] == [3, 0, 4, 6]
    assert [bar[0] for bar in bars if bar[1]] == [week["week"] for week in stats["weeks"]]
    assert bars[1][2] == 0 and abs(bars[0][2] / bars[3][2] - 3 / 6) < 0.01 and abs(bars[2][2] / bars[3][2] - 4 / 6) < 0.01
    dots = page.eval_on_selector_all("#chart svg circle.share-dot", "dots => dots.map(d => +d.dataset.share)")
    assert dots == [week["written_by_you"] for week in stats["weeks"]]
    assert page.get_attribute("#chart svg", "role") == "img"

    # export: a JSON file with the data in it
    with page.expect_download() as download_info:
        page.click("#export")
    download = download_info.value
    assert download.suggested_filename.startswith("tandem-export-") and download.suggested_filename.endswith(".json")
    exported = json.loads(Path(download.path()).read_text())
    assert len(exported["data"]["ledger"]["_default"]) == 13
    assert "Rye, always rye." in json.dumps(exported["data"]["replies"], ensure_ascii=False)
    assert exported["prompt_overrides"] == {"tone_warm": "Warm, like a neighbour."}

    # delete everything: only after the panel is opened and the phrase is typed
    page.click("#delete-open")
    page.fill("#delete-phrase", "delete")
    assert page.is_disabled("#delete-confirm")
    page.press("#delete-phrase", "Enter")  # no implicit submit while the button is disabled
    page.click("#delete-confirm", force=True)
    page.wait_for_timeout(300)
    assert page.text_content("#delete-result") == "" and page.is_visible("#delete-form")
    assert dashboard.api("GET", "/api/stats")["total_replies"] == 13
    page.fill("#delete-phrase", "delete everything")
    page.click("#delete-confirm")
    page.wait_for_selector("#delete-result[data-kind='ok']")
    after = dashboard.api("GET", "/api/export")
    assert all(not rows for tables in after["data"].values() for rows in tables.values()), after["data"]
    assert after["prompt_overrides"] == {}
    page.wait_for_selector("#stats-empty:not([hidden])")
    assert page.text_content("#total-replies") == "0"
    assert page.locator("#chart svg").count() == 0
    assert console_errors == []


# ---------------------------------------------------------------- the extension's options page


def test_options_page_saves_name_and_sign_off(browser: Browser, dashboard: Dashboard, tmp_path: Path) -> None:
    from extension_harness import launch_extension, pair

    dashboard.api("PUT", "/api/voice", {"name": "Maya", "style": "Short and warm", "allow_list": ["@mayabakes"]})
    session = launch_extension(browser.browser_type, str(tmp_path / "profile"))
    try:
        pair(session, dashboard)
        options = session.new_page()
        errors: list[str] = []
        options.on("pageerror", lambda error: errors.append(str(error)))
        options.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        options.goto(session.url("options/options.html"))
        options.wait_for_selector("#voice-fields:not([disabled])")
        assert options.input_value("#voice-name") == "Maya"
        assert options.input_value("#voice-allow") == "@mayabakes"
        assert options.get_attribute("#voice-more", "href") == f"{dashboard.url}/voice"

        options.fill("#voice-name", "Maya Baker")
        options.fill("#voice-sign-off", "— M 🍞")
        options.fill("#voice-allow", "@mayabakes\nmayabakes.example/bread\n")
        options.click("#voice-form button[type=submit]")
        options.wait_for_function("() => document.getElementById('voice-result').textContent === 'Saved.'")
        profile = dashboard.api("GET", "/api/voice")["profile"]
        assert (profile["name"], profile["sign_off"]) == ("Maya Baker", "— M 🍞")
        assert profile["allow_list"] == ["@mayabakes", "mayabakes.example/bread"]
        assert profile["style"] == "Short and warm"  # the rest of the profile is left alone

        options.fill("#voice-allow", "x" * 301)  # over the server's limit: its message is shown
        options.click("#voice-form button[type=submit]")
        options.wait_for_selector("#voice-result[data-error]")
        assert options.text_content("#voice-result") == "allow_list must be a list of at most 50 short texts."
        assert dashboard.api("GET", "/api/voice")["profile"]["allow_list"] == ["@mayabakes", "mayabakes.example/bread"]
        assert errors == []
    finally:
        session.context.close()
