"""Tests for tandem.parse: what real models send back, and properties over arbitrary text."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tandem.parse import completed_suggestions, parse_suggestions

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}


def expected(texts: list[str], n: int | None = None) -> list[str]:
    """The documented clean-up: trim, unwrap one quotation, drop empties and exact duplicates."""
    out: list[str] = []
    for text in texts:
        text = text.strip()
        while len(text) >= 2 and QUOTES.get(text[0]) == text[-1] and text[0] not in text[1:-1] \
                and text[-1] not in text[1:-1]:
            text = text[1:-1].strip()
        if text and text not in out:
            out.append(text)
    return out if n is None else out[:n]


def answer(texts: list[str], **dump_kwargs) -> str:
    return json.dumps({"suggestions": [{"text": t} for t in texts]}, **dump_kwargs)


# ---- well-formed and near-well-formed JSON ---------------------------------------------------

def test_schema_answer():
    raw = '{"suggestions": [{"text": "Thanks for watching!"}, {"text": "Glad it helped :)"}]}'
    assert parse_suggestions(raw, 3) == ["Thanks for watching!", "Glad it helped :)"]


def test_n_caps_the_result_and_nonpositive_n_gives_nothing():
    raw = answer(["one", "two", "three", "four"])
    assert parse_suggestions(raw, 2) == ["one", "two"]
    assert parse_suggestions(raw, 0) == []
    assert parse_suggestions(raw, -3) == []


def test_bare_list_of_strings_and_mixed_item_keys():
    assert parse_suggestions('["a", "b"]', 5) == ["a", "b"]
    raw = '[{"reply": "r1"}, {"suggestion": "r2"}, {"text": "r3"}, {"tone": "warm"}, 7, null]'
    assert parse_suggestions(raw, 5) == ["r1", "r2", "r3"]


def test_other_top_level_key_holding_the_list():
    assert parse_suggestions('{"replies": ["Hey!", "Thanks!"]}', 5) == ["Hey!", "Thanks!"]
    assert parse_suggestions('{"reasoning": "short", "options": [{"text": "Yo"}]}', 5) == ["Yo"]


def test_suggestions_key_wins_over_other_lists_and_keys_are_case_insensitive():
    raw = '{"notes": ["not a reply"], "Suggestions": [{"Text": "the reply"}]}'
    assert parse_suggestions(raw, 5) == ["the reply"]


def test_single_object_and_single_string_value():
    assert parse_suggestions('{"text": "Only one"}', 3) == ["Only one"]
    assert parse_suggestions('{"suggestions": "Just this"}', 3) == ["Just this"]


def test_json_escapes_are_decoded():
    raw = r'{"suggestions": [{"text": "Line one\nLine \"two\" \\ \/ \u00e9 \ud83d\ude00 tab\there"}]}'
    assert parse_suggestions(raw, 1) == ['Line one\nLine "two" \\ / \u00e9 \U0001F600 tab\there']


def test_lone_surrogate_escape_becomes_replacement_char():
    assert parse_suggestions(r'["bad \ud83d half"]', 1) == ["bad \ufffd half"]


def test_whitespace_quotes_empties_and_duplicates_are_cleaned():
    raw = answer(["  hi  ", '"quoted"', "\u201ccurly\u201d", "", "   ", "hi", '"Great" and "fun"'])
    assert parse_suggestions(raw, 10) == ["hi", "quoted", "curly", '"Great" and "fun"']


def test_lenient_json_python_repr_unquoted_keys_trailing_and_missing_commas():
    assert parse_suggestions("{'suggestions': [{'text': 'py style'}]}", 3) == ["py style"]
    assert parse_suggestions('{suggestions: [{text: "bare keys"}]}', 3) == ["bare keys"]
    assert parse_suggestions('{"suggestions": [{"text": "a"}, {"text": "b"},]}', 3) == ["a", "b"]
    assert parse_suggestions('{"suggestions": [{"text": "a"} {"text": "b"}]}', 3) == ["a", "b"]


def test_empty_json_answer_is_not_shown_as_a_reply():
    assert parse_suggestions('{"suggestions": []}', 3) == []
    assert parse_suggestions('```json\n{"suggestions": []}\n```', 3) == []
    assert parse_suggestions('{"suggestions": [{"text": "   "}]}', 3) == []


# ---- think blocks, fences, prose -------------------------------------------------------------

QWEN = """<think>
Okay, the user wants replies to a comment saying "this helped a lot". I should keep it short
and friendly, maybe [2] options... Let me draft {"suggestions": [{"text": "draft"}]} first.
</think>

{"suggestions": [{"text": "So glad it helped!"}, {"text": "Thanks for watching \\u2764\\ufe0f"}]}"""


def test_qwen_style_think_block_is_dropped():
    assert parse_suggestions(QWEN, 3) == ["So glad it helped!", "Thanks for watching \u2764\ufe0f"]


def test_empty_think_block_from_format_mode():
    assert parse_suggestions('<think>\n\n</think>\n\n{"suggestions": [{"text": "Hi!"}]}', 3) == ["Hi!"]


def test_unclosed_think_runs_to_the_end():
    assert parse_suggestions('<think>I could say {"suggestions": ["nope"]} but', 3) == []
    assert parse_suggestions('{"suggestions": ["kept"]}\n<think>trailing reasoning ["x"]', 3) == ["kept"]


def test_stray_closing_tag_drops_reasoning_before_it():
    raw = 'The template opened the block. I will write {"suggestions": ["draft"]}.</think>\n["real"]'
    assert parse_suggestions(raw, 3) == ["real"]
    # a closed block first, then more reasoning ending in a stray close: everything before it goes
    assert parse_suggestions('<think>a</think> then {"suggestions": ["draft"]} </think> ["real"]', 3) == ["real"]


def test_think_tags_inside_reply_strings_are_kept():
    raw = answer(["I <think> so", "end</think>", "ok"])
    assert parse_suggestions(raw, 3) == ["I <think> so", "end</think>", "ok"]


def test_llama_prose_and_code_fence_around_json():
    raw = ('Here are 3 replies in your voice:\n\n```json\n{\n  "suggestions": [\n    {"text": "Appreciate you!"},'
           '\n    {"text": "More soon"}\n  ]\n}\n```\n\nLet me know if you want a different tone!')
    assert parse_suggestions(raw, 3) == ["Appreciate you!", "More soon"]


def test_bracketed_prose_before_json_is_skipped():
    raw = 'Sure [friendly tone]! (see {below}) {"suggestions": [{"text": "Real one"}]}'
    assert parse_suggestions(raw, 3) == ["Real one"]


# ---- truncation --------------------------------------------------------------------------------

def test_truncated_stream_keeps_completed_items():
    raw = '{"suggestions": [{"text": "First done"}, {"text": "Second done"}, {"text": "Third is cu'
    assert parse_suggestions(raw, 3) == ["First done", "Second done"]


def test_truncated_before_any_item_gives_nothing_rather_than_raw_json():
    assert parse_suggestions('{"suggestions": [{"text": "Hel', 3) == []
    assert parse_suggestions('```json\n{"sugg', 3) == []


def test_truncated_inside_escape_sequence():
    assert parse_suggestions('["one", "two \\', 3) == ["one"]


# ---- non-JSON fallbacks ------------------------------------------------------------------------

def test_numbered_list_with_intro_and_outro():
    raw = ('Here are 3 replies:\n\n1. "Thanks so much!"\n2. **Friendly:** Appreciate you watching\n'
           '3) Will do a follow-up soon\n\nHope these help!')
    assert parse_suggestions(raw, 5) == ["Thanks so much!", "Appreciate you watching", "Will do a follow-up soon"]


def test_bulleted_and_labelled_lists():
    assert parse_suggestions("- hey there\n* second\n\u2022 third", 5) == ["hey there", "second", "third"]
    assert parse_suggestions("Reply 1: hey\nReply 2: yo\n**Reply 3:** sup", 5) == ["hey", "yo", "sup"]


def test_label_on_its_own_line_and_indented_continuation():
    raw = "Reply 1:\nThanks for the kind words!\n\nReply 2:\nSee you next week\n  \u2014 Sam"
    assert parse_suggestions(raw, 5) == ["Thanks for the kind words!", "See you next week\n\u2014 Sam"]


def test_plain_text_is_one_suggestion_and_intro_line_is_dropped():
    assert parse_suggestions("Thanks for watching! Glad it helped.", 3) == ["Thanks for watching! Glad it helped."]
    assert parse_suggestions("Sure! Here's a reply:\nThanks for watching!", 3) == ["Thanks for watching!"]
    assert parse_suggestions('"Quoted plain reply"', 3) == ["Quoted plain reply"]


def test_nothing_usable():
    for raw in ("", "   \n ", "<think>only thinking</think>", "```\n```"):
        assert parse_suggestions(raw, 3) == []


def test_non_string_input_does_not_raise():
    assert parse_suggestions(None, 3) == []  # type: ignore[arg-type]
    assert completed_suggestions(None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", ["[" * 20000, "{" * 20000, '{"a":' * 5000, '"' * 20000, "<think>" * 3000,
                                  "</think>" * 3000, "[1," * 7000, "{'" * 10000, "\\" * 20000])
def test_adversarial_input_is_fast(junk):
    started = time.perf_counter()
    parse_suggestions(junk, 3)
    completed_suggestions(junk)
    assert time.perf_counter() - started < 0.5


# ---- streaming ---------------------------------------------------------------------------------

def test_completed_suggestions_grows_as_items_close():
    full = answer(["Hi there", "Second"])
    assert completed_suggestions(full[: full.index("Hi") + 4]) == []
    assert completed_suggestions(full[: full.index('"}') + 1]) == []  # string closed, object not yet
    assert completed_suggestions(full[: full.index('"}') + 2]) == ["Hi there"]
    assert completed_suggestions(full) == ["Hi there", "Second"]


def test_completed_suggestions_ignores_unfinished_think_and_other_keys():
    assert completed_suggestions('<think>maybe {"suggestions": ["x"]}') == []
    assert completed_suggestions('<think>ok</think>{"suggestions": ["a", "b') == ["a"]
    assert completed_suggestions('{"notes": ["not me"], "suggestions": ["') == []
    assert completed_suggestions('["a", "b", "c') == ["a", "b"]


def test_completed_suggestions_is_cheap_per_chunk():
    full = answer([f"Reply number {i} " + "with some words " * 8 for i in range(14)])
    assert len(full) > 2000
    started = time.perf_counter()
    for i in range(len(full) + 1):
        completed_suggestions(full[:i])
    assert (time.perf_counter() - started) / (len(full) + 1) < 0.002


# ---- properties --------------------------------------------------------------------------------

WRAPPERS = [
    lambda s: s,
    lambda s: f"<think>\nThe user wants [short] replies; \"quote\" {{braces}}.\n</think>\n\n{s}",
    lambda s: f"```json\n{s}\n```",
    lambda s: f"Sure! Here are some replies in your voice:\n\n{s}\n\nLet me know if you'd like changes.",
    lambda s: f"Okay, thinking it over.</think>{s}",
]


@PROPS
@given(st.text(), st.integers(min_value=-2, max_value=8))
def test_parse_never_raises_and_returns_at_most_n_clean_strings(raw, n):
    out = parse_suggestions(raw, n)
    assert isinstance(out, list) and len(out) <= max(n, 0)
    assert all(isinstance(s, str) and s and s == s.strip() for s in out)
    assert len(set(out)) == len(out)


@PROPS
@given(st.text(alphabet='{}[]",:\\ \nabt<>/\'0-', max_size=60), st.integers(min_value=1, max_value=5))
def test_parse_never_raises_on_json_like_junk(raw, n):
    out = parse_suggestions(raw, n)
    assert len(out) <= n and all(out)
    assert isinstance(completed_suggestions(raw), list)


@PROPS
@given(st.lists(st.text(), max_size=6), st.sampled_from(range(len(WRAPPERS))), st.booleans(),
       st.sampled_from([None, 2]))
def test_round_trip(texts, wrapper, ascii_only, indent):
    raw = WRAPPERS[wrapper](answer(texts, ensure_ascii=ascii_only, indent=indent))
    assert parse_suggestions(raw, 10) == expected(texts, 10)


@PROPS
@given(st.lists(st.text(), max_size=5), st.booleans(), st.booleans(), st.data())
def test_every_prefix_streams_a_prefix_of_the_final_list(texts, ascii_only, think, data):
    full = answer(texts, ensure_ascii=ascii_only)
    if think:
        full = "<think>\nplanning [a, b] \"x\n</think>\n" + full
    final = parse_suggestions(full, 100)
    assert completed_suggestions(full) == final == expected(texts)
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=len(full)), max_size=25))
    previous: list[str] = []
    for cut in sorted(cuts):
        partial = completed_suggestions(full[:cut])
        assert final[: len(partial)] == partial
        assert partial[: len(previous)] == previous  # never takes a suggestion back
        previous = partial


def test_every_prefix_exhaustively_for_a_tricky_answer():
    texts = ['He said "hi" \\o/', "", "  padded  ", "emoji \U0001F600", "<think>not a tag</think>", "dup", "dup"]
    for ascii_only in (True, False):
        full = answer(texts, ensure_ascii=ascii_only)
        final = parse_suggestions(full, 100)
        assert final == expected(texts)
        for cut in range(len(full) + 1):
            partial = completed_suggestions(full[:cut])
            assert final[: len(partial)] == partial, full[:cut]


@PROPS
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1), max_size=4))
def test_round_trip_of_python_repr_style_lists(texts):
    assume(all("'" not in t and "\\" not in t for t in texts))
    raw = "[" + ", ".join(f"'{t}'" for t in texts) + "]"
    assert parse_suggestions(raw, 10) == expected(texts, 10)
