from tandem.saved import starter_set, suggest_saved
from tandem.snippets import Snippets, fill
from tandem.store import Store
from tandem.voice import Voice


def _engine(tmp_path):
    store = Store(tmp_path)
    return Voice(store), Snippets(store)


def test_new_install_is_never_empty(tmp_path):
    voice, snippets = _engine(tmp_path)
    chosen = suggest_saved("This is the best video I've seen all year", 3, voice=voice, snippets=snippets,
                           variables={"author": "Ana"})
    assert len(chosen) == 3 and all(item.source == "starter" for item in chosen)
    assert any("Ana" in item.text for item in chosen) and not any("{author}" in item.text for item in chosen)


def test_mixed_comment_gets_replies_for_both_intents(tmp_path):
    voice, snippets = _engine(tmp_path)
    chosen = suggest_saved("love this video! what camera do you use?", 3, voice=voice, snippets=snippets, variables={})
    texts = {item.text for item in chosen}
    intents = {entry["intent"] for entry in starter_set() if texts & {fill(reply, {}) for reply in entry["replies"]}}
    assert {"praise", "question"} <= intents


def test_own_replies_and_snippets_rank_above_starter(tmp_path):
    voice, snippets = _engine(tmp_path)
    voice.add_replies([{"comment": "how long do you proof your sourdough", "reply": "Overnight in the fridge, 12h."}])
    snippets.create({"title": "Proofing", "text": "I proof for 12 hours, {author}.", "tags": ["sourdough", "proof"]})
    chosen = suggest_saved("How long should I proof sourdough?", 3, voice=voice, snippets=snippets,
                           variables={"author": "Kim"})
    assert chosen[0].text == "Overnight in the fridge, 12h." and chosen[0].source == "past_reply"
    assert chosen[1].text == "I proof for 12 hours, Kim." and chosen[1].source == "snippet"


def test_near_duplicates_are_not_repeated(tmp_path):
    voice, snippets = _engine(tmp_path)
    voice.add_replies([{"comment": "nice", "reply": "Thank you!"}, {"comment": "nice one", "reply": "Thank you!!"}])
    texts = [item.text for item in suggest_saved("nice", 3, voice=voice, snippets=snippets, variables={})]
    assert texts.count("Thank you!") + texts.count("Thank you!!") == 1
