import json

import pytest

from tandem.errors import ApiError
from tandem.notes import PostNotes, post_address
from tandem.store import Store


def test_post_address_ignores_tracking_and_comment_anchors():
    assert post_address("https://www.youtube.com/watch?v=abc&lc=Ugx123&t=42s") == "https://youtube.com/watch?v=abc"
    assert post_address("http://m.facebook.com/story.php?story_fbid=9&id=1&ref=share") == \
        "https://facebook.com/story.php?story_fbid=9&id=1"
    assert post_address("https://x.com/maya/status/123/") == "https://x.com/maya/status/123"


def test_lookup_by_url_then_title(tmp_path):
    notes = PostNotes(Store(tmp_path))
    notes.save({"url": "https://www.youtube.com/watch?v=abc", "notes": "Flour: King Arthur bread flour."})
    notes.save({"post_title": "My rye loaf", "notes": "Rye from the mill down the road."})
    assert notes.for_post("https://youtube.com/watch?v=abc&lc=x", "")["notes"].startswith("Flour")
    assert notes.for_post("", "my RYE loaf")["notes"].startswith("Rye")
    assert notes.for_post("https://youtube.com/watch?v=other", "") is None


@pytest.mark.parametrize("data", [{"notes": "x"}, {"url": "ftp://x", "notes": "y"}, {"post_title": "t", "allow": "x"},
                                  {"post_title": "t", "notes": "x" * 5000}, "text"])
def test_validation(tmp_path, data):
    with pytest.raises(ApiError):
        PostNotes(Store(tmp_path)).save(data)


def test_notes_reach_the_prompt_and_extend_the_allow_list_for_that_post_only(live_client, fake_ollama):
    url = "https://www.youtube.com/watch?v=bread"
    created = live_client.post("/api/notes", json={"url": url, "notes": "Recipe: mybakery.com/rye", "allow": ["BREAD10"]})
    assert created.status_code == 201
    fake_ollama.reply = json.dumps({"suggestions": [{"text": "Recipe at mybakery.com/rye, code BREAD10"}]})
    here = live_client.post("/api/suggest", json={"comment": {"platform": "youtube", "text": "recipe?", "url": url + "&lc=1"},
                                                  "n": 1}).json
    assert "Recipe: mybakery.com/rye" in fake_ollama.chat_requests()[-1]["messages"][1]["content"]
    assert here["suggestions"][0]["flags"] == []
    elsewhere = live_client.post("/api/suggest", json={"comment": {"platform": "youtube", "text": "recipe?",
                                                                   "url": "https://www.youtube.com/watch?v=cake"}, "n": 1}).json
    assert {flag["code"] for flag in elsewhere["suggestions"][0]["flags"]} >= {"domain", "promo_code"}
    assert "mybakery" not in fake_ollama.chat_requests()[-1]["messages"][1]["content"]
    note_id = created.json["id"]
    assert live_client.put(f"/api/notes/{note_id}", json={"url": url, "notes": "changed"}).json["notes"] == "changed"
    assert live_client.get("/api/notes").json["total"] == 1
    assert live_client.delete(f"/api/notes/{note_id}").status_code == 204
    assert live_client.delete(f"/api/notes/{note_id}").status_code == 404
