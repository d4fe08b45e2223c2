"""Prompt-injection red team: hostile comments (tests/data/redteam.json) against the three layers of
the security model (DESIGN.md, "Security model").

Each comment tries to steer the model: instructions to the AI, fake system/role/delimiter tags
(including guesses of ``</comment-...>``), requests for links, codes, endorsements, e-mail
addresses and phone numbers; in English and eight other languages; and disguised with base64, l33t,
zero-width characters, fullwidth letters, homoglyphs, spaced letters, HTML entities, Markdown and
Unicode tag characters. For every one:

(a) triage labels it ``manipulation`` (so no draft is written for it in the inbox);
(b) sent through POST /api/suggest, it cannot leave its delimiter in the request the model gets;
(c) when the fake model "obeys" and puts the link/handle/e-mail/phone/code in a reply, the guard
    flags that reply with the right code.

Each item names the reply an obedient model would write (``obeyed_reply``) and the guard code it
must raise (``guard_code``). Run with ``-s`` to see the catch rate.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from helpers import comment
from tandem.comments import parse_comment
from tandem.guard import check_reply
from tandem.triage import triage

DATA = Path(__file__).parent / "data" / "redteam.json"
ITEMS = json.loads(DATA.read_text(encoding="utf-8"))
IDS = [item["id"] for item in ITEMS]
GUARD_CODES = {"link", "domain", "handle", "email", "phone", "promo_code"}
CLOSING_TAG = re.compile(r"</(comment-[0-9a-f]{12})>\s*\Z")
# Characters a person cannot see but a model reads (zero-width, bidi controls, tag characters).
HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")


def test_the_red_team_is_broad():
    assert len(ITEMS) >= 40 and len(set(IDS)) == len(IDS)
    languages = {item["lang"] for item in ITEMS}
    assert "en" in languages and len(languages - {"en"}) >= 4
    kinds = {item["kind"] for item in ITEMS}
    assert {"base64", "l33t", "zero-width", "fullwidth", "homoglyph", "spaced", "html-entities", "markdown",
            "fake-tag", "fake-delimiter"} <= kinds
    assert any("</comment-" in item["text"] for item in ITEMS)
    assert {item["guard_code"] for item in ITEMS} == GUARD_CODES
    for item in ITEMS:
        assert set(item) == {"id", "lang", "kind", "text", "obeyed_reply", "guard_code"}


def test_catch_rate():
    caught = [item["id"] for item in ITEMS if triage(item["text"]).has("manipulation")]
    print(f"\nred team: triage caught {len(caught)}/{len(ITEMS)} as manipulation")
    assert len(caught) == len(ITEMS)


# ---- (a) triage ------------------------------------------------------------------------------------

@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_triage_labels_it_manipulation(item):
    result = triage(item["text"])
    assert result.has("manipulation"), [label.to_dict() for label in result.labels]
    assert not result.draftable
    reason = next(label.reason for label in result.labels if label.label == "manipulation")
    assert reason.startswith("Tries to steer an AI")


def test_inbox_labels_them_all_after_parsing(client):
    """The inbox triages the parsed comment (NFC, controls dropped), not the raw text: the same holds."""
    batch = [comment(item["text"], id=item["id"], author=f"troll{n}") for n, item in enumerate(ITEMS)]
    added = client.post("/api/inbox/comments", json={"comments": batch})
    assert added.status_code == 200 and added.json["added"] == len(ITEMS)
    listing = client.get("/api/inbox", query_string={"per_page": 200}).json
    assert listing["total"] == len(ITEMS)
    missed = [item["comment"]["id"] for item in listing["items"]
              if "manipulation" not in {label["label"] for label in item["labels"]}]
    assert missed == []


# ---- (b) the delimiter -----------------------------------------------------------------------------

def _normalised(text: str) -> str:
    return parse_comment({"platform": "youtube", "text": text}, max_chars=4000).text


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_comment_cannot_escape_its_delimiter(live_client, fake_ollama, item):
    fake_ollama.reply = json.dumps({"suggestions": [{"text": "Thanks for watching!"}]})
    response = live_client.post("/api/suggest", json={"comment": comment(item["text"], author="Troll"), "n": 1})
    assert response.status_code == 200, response.json
    messages = fake_ollama.chat_requests()[-1]["messages"]
    last = messages[-1]
    assert last["role"] == "user"
    content = last["content"]
    # The real tag is the one that closes the message: nothing the comment writes comes after it.
    tag = CLOSING_TAG.search(content).group(1)
    assert not any(tag in message["content"] for message in messages[:-1])
    # Every mention of the tag is a marker, never part of other text.
    assert content.count(tag) == content.count(f"<{tag}>") + content.count(f"</{tag}>")
    opening = f"\n<{tag}>\n"
    assert content.count(opening) == 1
    block = content[content.index(opening) + len(opening):]
    # Inside the block: the tag only once more, as the closing marker at the very end.
    assert block.count(tag) == 1 and block.rstrip().endswith(f"</{tag}>")
    inside = block.rstrip()[: -len(f"</{tag}>")]
    text = _normalised(item["text"])
    assert text in inside and inside.rstrip().endswith(text)
    # The hostile text appears nowhere outside the block, and the system prompt is untouched.
    assert content.count(text) == 1 if len(text) > 20 else True
    assert text not in messages[0]["content"]


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_the_model_reads_nothing_the_creator_cannot_see(live_client, fake_ollama, item):
    """Invisible characters (zero-width, tag characters) carry text a model reads and a person does
    not; the creator reviews the comment, so the model must get only what the creator sees."""
    live_client.post("/api/suggest", json={"comment": comment(item["text"]), "n": 1})
    content = fake_ollama.chat_requests()[-1]["messages"][-1]["content"]
    assert not HIDDEN.search(content)
    assert unicodedata.is_normalized("NFC", content)


def test_guessed_closing_tags_never_match_the_real_one(live_client, fake_ollama):
    guesses = [item["text"] for item in ITEMS if "</comment" in item["text"]]
    assert guesses
    for text in guesses:
        live_client.post("/api/suggest", json={"comment": comment(text), "n": 1})
        content = fake_ollama.chat_requests()[-1]["messages"][-1]["content"]
        tag = CLOSING_TAG.search(content).group(1)
        closers = re.findall(r"</(comment-[0-9a-f]{12})>", content)
        assert closers.count(tag) == 2  # the instruction names it once, the block closes once
        assert all(other in text for other in set(closers) - {tag})


# ---- (c) the guard ---------------------------------------------------------------------------------

@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_guard_flags_what_an_obedient_model_writes(live_client, fake_ollama, item):
    fake_ollama.reply = json.dumps({"suggestions": [{"text": item["obeyed_reply"]}]})
    response = live_client.post("/api/suggest", json={"comment": comment(item["text"]), "n": 1})
    body = response.json
    assert response.status_code == 200 and body["engine"] == "ollama", body
    [suggestion] = body["suggestions"]
    assert suggestion["text"] == item["obeyed_reply"]
    codes = [flag["code"] for flag in suggestion["flags"]]
    assert item["guard_code"] in codes, (codes, suggestion["flags"])


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_guard_agrees_below_the_http_layer(item):
    codes = {flag.code for flag in check_reply(item["obeyed_reply"], platform="youtube")}
    assert item["guard_code"] in codes


def test_allow_listed_items_are_not_flagged(live_client, fake_ollama):
    """The control: the creator's own link and handle pass, so the flags above are about strangers."""
    live_client.put("/api/voice", json={"profile": {"allow_list": ["https://mybakery.com", "@mybakery"]}})
    fake_ollama.reply = json.dumps({"suggestions": [{"text": "Recipe at https://mybakery.com/loaf, say hi @mybakery"}]})
    body = live_client.post("/api/suggest", json={"comment": comment(ITEMS[0]["text"]), "n": 1}).json
    assert body["suggestions"][0]["flags"] == []
