"""The human-touch ledger, disclosure, export and delete-everything."""

import json
import time

from tandem.ledger import Ledger


def _send(client, text, final, platform="x"):
    suggestion = client.post("/api/suggest", json={"comment": {"platform": platform, "text": text}, "n": 1}).json["suggestions"][0]
    client.post(f"/api/suggestions/{suggestion['id']}/feedback", json={"action": "inserted", "final_text": suggestion["text"]})
    return client.post(f"/api/suggestions/{suggestion['id']}/feedback", json={"action": "sent", "final_text": final,
                                                                            "seconds": 20}).json


def test_ledger_numbers_for_a_scripted_session(live_client, fake_ollama):
    fake_ollama.reply = json.dumps({"suggestions": [{"text": "Thanks so much for watching!"}]})
    shares = [_send(live_client, "great video", "Thanks so much for watching!")["human_share"],   # as suggested
              _send(live_client, "loved it", "Thanks so much for watching! 🍞")["human_share"],  # a small touch
              _send(live_client, "why rye?", "Rye keeps longer and tastes deeper. I grew up on it.")["human_share"]]
    assert shares[0] == 0 and 0 < shares[1] < 0.1 and shares[2] > 0.7
    dismissed = live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "meh"}, "n": 1}).json
    live_client.post(f"/api/suggestions/{dismissed['suggestions'][0]['id']}/feedback", json={"action": "dismissed"})
    stats = live_client.get("/api/stats").json
    assert stats["total_replies"] == 3
    week = stats["weeks"][0]
    assert week["replies"] == 3 and week["as_suggested"] == 1 and week["median_seconds"] == 20
    assert stats["written_by_you"] == round(sum(shares) / 3, 3)
    assert week["week"] == time.strftime("%G-W%V")


def test_disclosure_is_returned_and_counted_in_the_length_limit(live_client, live_app, fake_ollama):
    tag = "(drafted with AI, sent by me)"
    live_client.patch("/api/settings", json={"disclosure": {"x": tag}})
    fits = "a" * (280 - len(tag) - 1)
    fake_ollama.reply = json.dumps({"suggestions": [{"text": fits}, {"text": "b" * len(fits) + "b"}]})
    body = live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "hi"}, "n": 2}).json
    assert body["disclosure"] == tag
    assert body["suggestions"][0]["flags"] == []
    assert [flag["code"] for flag in body["suggestions"][1]["flags"]] == ["too_long"]
    assert f"at most {280 - len(tag) - 1} characters" in fake_ollama.chat_requests()[-1]["messages"][1]["content"]
    youtube = live_client.post("/api/suggest", json={"comment": {"platform": "youtube", "text": "hi"}}).json
    assert youtube["disclosure"] == ""
    # The tag the extension appended is neither the creator's words nor part of their voice.
    sent = live_client.post(f"/api/suggestions/{body['suggestions'][0]['id']}/feedback",
                            json={"action": "sent", "final_text": f"{fits} {tag}"}).json
    assert sent["human_share"] == 0.0
    assert all(tag not in row["reply"] for row in live_app.extensions["tandem"].voice.replies())


def test_delete_everything_really_deletes(live_client, live_app, fake_ollama, tmp_path):
    live_client.post("/api/snippets", json={"title": "t", "text": "x"})
    live_client.put("/api/voice", json={"name": "Maya"})
    live_client.put("/api/prompts/tone_warm", json={"text": "Cosy."})
    live_client.post("/api/inbox/comments", json={"comments": [{"platform": "x", "text": "hi", "id": "1"}]})
    _send(live_client, "great video", "Thanks!")
    assert live_client.delete("/api/data", json={}).status_code == 400
    assert live_client.delete("/api/data", json={"confirm": "delete everything"}).json == {"deleted": True}
    export = live_client.get("/api/export").json
    assert all(not tables or all(not rows for rows in tables.values()) for tables in export["data"].values())
    assert export["prompt_overrides"] == {}
    home = live_app.config["HOME"]
    for concern in ("replies", "snippets", "inbox", "ledger"):
        text = (home / f"{concern}.json").read_text()
        assert "Maya" not in text and "Thanks!" not in text and "great video" not in text
    assert live_client.get("/api/inbox").json["total"] == 0
    assert live_client.get("/api/health").status_code == 200  # the token and pairing still work


def test_reply_in_their_language_with_back_translation(live_client, fake_ollama):
    live_client.put("/api/voice", json={"languages": ["English", "Spanish"]})
    live_client.patch("/api/settings", json={"reply_in_their_language": True})
    fake_ollama.reply = json.dumps({"suggestions": [
        {"text": "¡Gracias! Uso harina de fuerza.", "back_translation": "Thanks! I use bread flour."},
        {"text": "Thanks, bread flour."}]})
    body = live_client.post("/api/suggest", json={"comment": {"platform": "youtube", "text": "¿Qué harina usas?"},
                                                  "n": 2}).json
    assert body["suggestions"][0]["back_translation"] == "Thanks! I use bread flour."
    assert "back_translation" not in body["suggestions"][1]
    request = fake_ollama.chat_requests()[-1]
    assert "Reply in the language the comment is written in" in request["messages"][1]["content"]
    assert "back_translation" in request["format"]["properties"]["suggestions"]["items"]["properties"]
    live_client.patch("/api/settings", json={"reply_in_their_language": False})
    live_client.post("/api/suggest", json={"comment": {"platform": "youtube", "text": "¿Qué harina usas?"}})
    assert "Reply in the language" not in fake_ollama.chat_requests()[-1]["messages"][1]["content"]
