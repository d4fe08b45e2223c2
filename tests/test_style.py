import json

from tandem.store import Store
from tandem.style import ACTIVE_AFTER, StyleNotes, observe


def keys(suggested, final):
    return {observation.key for observation in observe(suggested, final)}


def test_observations():
    assert keys("Thanks so much!", "Thanks so much.") == {"no_exclamation"}
    assert "sign_off:🍞" in keys("Thanks for watching", "Thanks for watching 🍞")
    assert "sign_off:— M" in keys("Glad it helped", "Glad it helped — M")
    assert "shorter" in keys("Thank you so much for this lovely comment, it really means a lot", "Thanks, means a lot")
    assert "lowercase" in keys("Great question", "great question")
    assert keys("Same text", "Same text") == set()
    assert "no_emoji" in keys("Love it 😍", "Love it")


def test_notes_activate_after_repeats_and_can_be_deleted(tmp_path):
    notes = StyleNotes(Store(tmp_path))
    for _ in range(ACTIVE_AFTER - 1):
        notes.learn("Thanks!", "Thanks.")
    assert notes.active_texts() == []
    notes.learn("Wow!", "Wow.")
    assert notes.active_texts() == ["Never uses exclamation marks"]
    note_id = notes.all()[0]["id"]
    notes.delete(note_id)
    notes.learn("Hey!", "Hey.")
    assert notes.active_texts() == [] and StyleNotes(Store(tmp_path)).all() == []


def test_learning_from_edits_changes_the_next_prompt(live_client, fake_ollama):
    fake_ollama.reply = json.dumps({"suggestions": [{"text": "Thank you so much!"}]})
    for index in range(ACTIVE_AFTER):
        suggestion = live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": f"nice {index}"},
                                                            "n": 1}).json["suggestions"][0]
        live_client.post(f"/api/suggestions/{suggestion['id']}/feedback",
                         json={"action": "sent", "final_text": "Thank you so much. 🍞"})
    notes = live_client.get("/api/voice/notes").json["notes"]
    assert {note["text"] for note in notes if note["active"]} >= {"Never uses exclamation marks", "Ends replies with “🍞”"}
    live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "another"}})
    system = fake_ollama.chat_requests()[-1]["messages"][0]["content"]
    assert "Learned from their edits: " in system and "Never uses exclamation marks" in system
    exclamation = next(note for note in notes if note["text"] == "Never uses exclamation marks")
    assert live_client.delete(f"/api/voice/notes/{exclamation['id']}").status_code == 204
    live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "and another"}})
    assert "exclamation" not in fake_ollama.chat_requests()[-1]["messages"][0]["content"]
