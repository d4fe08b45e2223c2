from tandem.store import Store
from tandem.voice import Voice


def test_profile_describes_only_filled_fields(tmp_path):
    voice = Voice(Store(tmp_path))
    assert "No profile yet" in voice.describe()
    voice.update_profile({"name": "Maya", "rules_dont": ["exclamation marks", "slang"], "emoji": "one 🍞 at most"})
    text = voice.describe()
    assert "- Name: Maya" in text and "- Never: exclamation marks; slang" in text and "Audience" not in text
    assert voice.creator_name() == "Maya"


def test_replies_indexed_incrementally_and_after_restart(tmp_path):
    voice = Voice(Store(tmp_path))
    voice.add_replies([{"comment": "what camera", "reply": "A Sony!"}])
    assert voice.similar("which camera do you film on", 1)[0].reply == "A Sony!"
    ids = voice.add_replies([{"comment": "favourite flour", "reply": "Bread flour"}, {"comment": "x", "reply": ""}])
    assert len(ids) == 1  # an empty reply is not worth keeping
    assert voice.similar("what flour is your favourite", 1)[0].reply == "Bread flour"
    assert voice.update_reply(ids[0], "Strong bread flour")
    reopened = Voice(Store(tmp_path))
    assert reopened.similar("what flour is your favourite", 1)[0].reply == "Strong bread flour"
    assert reopened.reply_count() == 2


def test_allow_list(tmp_path):
    voice = Voice(Store(tmp_path))
    voice.update_profile({"allow_list": ["@maya", "maya.example"]})
    assert voice.allow_list() == ["@maya", "maya.example"]
