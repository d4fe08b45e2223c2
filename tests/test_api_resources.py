"""Snippets, voice, settings, health and export endpoints."""

import pytest

from helpers import PORT


def test_health_shape_when_ollama_is_down(anonymous):
    body = anonymous.get("/api/health").json
    assert body["ok"] is True and body["engine"] == "saved"
    assert body["ollama"]["reachable"] is False and body["ollama"]["model"] == "llama3.2:3b"
    assert "ollama serve" in body["reason"]


def test_health_with_ollama(live_client):
    body = live_client.get("/api/health").json
    assert body["engine"] == "ollama"
    assert body["ollama"] | {} == body["ollama"] and body["ollama"]["reachable"] is True
    assert "llama3.2:3b" in body["ollama"]["models"]


def test_snippet_crud_and_search(client):
    created = client.post("/api/snippets", json={"title": "Shipping times", "text": "Orders ship in 2 days, {author}!",
                                                  "tags": ["delivery"]})
    assert created.status_code == 201
    snippet_id = created.json["id"]
    client.post("/api/snippets", json={"title": "Camera gear", "text": "I film on a Sony a6400."})
    found = client.get("/api/snippets?q=shiping").json["items"]  # typo on purpose: fuzzy
    assert found[0]["id"] == snippet_id and found[0]["score"] > 50
    assert client.get("/api/snippets?q=delivery").json["items"][0]["id"] == snippet_id
    updated = client.patch(f"/api/snippets/{snippet_id}", json={"text": "Orders ship in 1 day!"})
    assert updated.json["text"] == "Orders ship in 1 day!" and updated.json["title"] == "Shipping times"
    assert client.get(f"/api/snippets/{snippet_id}").json["text"] == "Orders ship in 1 day!"
    assert client.delete(f"/api/snippets/{snippet_id}").status_code == 204
    assert client.get(f"/api/snippets/{snippet_id}").status_code == 404
    assert client.get("/api/snippets").json["total"] == 1


@pytest.mark.parametrize("body", [{"title": "", "text": "x"}, {"title": "x"}, {"title": "x", "text": "y", "tags": "a"},
                                  {"title": "x", "text": "y", "colour": "red"}, {"title": "x" * 500, "text": "y"}])
def test_snippet_validation(client, body):
    response = client.post("/api/snippets", json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_snippet"


def test_snippet_missing_is_404(client):
    assert client.patch("/api/snippets/99", json={"text": "x"}).status_code == 404
    assert client.delete("/api/snippets/99").json["error"]["code"] == "snippet_not_found"


def test_voice_profile_round_trip(client):
    body = client.put("/api/voice", json={"name": "Maya", "sign_off": "— M 🍞", "allow_list": ["@mayabakes"]}).json
    assert body["profile"]["name"] == "Maya" and body["profile"]["allow_list"] == ["@mayabakes"]
    again = client.patch("/api/voice", json={"profile": {"persona": "Home baker"}}).json["profile"]
    assert again["name"] == "Maya" and again["persona"] == "Home baker"
    assert client.get("/api/voice").json["past_replies"] == 0


@pytest.mark.parametrize("body", [{"nickname": "x"}, {"name": 5}, {"rules_do": "be nice"}, {"allow_list": [""]},
                                  {"persona": "x" * 3000}])
def test_voice_validation(client, body):
    response = client.put("/api/voice", json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_voice"


def test_voice_profile_reaches_the_system_prompt(live_client, fake_ollama):
    live_client.put("/api/voice", json={"name": "Maya", "rules_dont": ["exclamation marks"]})
    live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "hi"}})
    system = fake_ollama.chat_requests()[-1]["messages"][0]["content"]
    assert "Maya" in system and "Never: exclamation marks" in system


def test_settings_defaults_and_update(client):
    body = client.get("/api/settings").json
    assert body["settings"] == {"model": "llama3.2:3b", "temperature": 0.7, "n": 3, "tone": "warm",
                                "sites": sorted(body["settings"]["sites"]), "draft_daily_cap": 200,
                                "batch_limit": 0, "session_minutes": 0, "blur_toxic_on_pages": False,
                                "disclosure": {}, "reply_in_their_language": False}
    assert set(body["help"]) == set(body["settings"])
    changed = client.patch("/api/settings", json={"model": "qwen3:4b", "n": 2, "tone": "concise"}).json["settings"]
    assert changed["model"] == "qwen3:4b" and changed["n"] == 2
    assert client.get("/api/health").json["ollama"]["model"] == "qwen3:4b"
    assert len(client.post("/api/suggest", json={"comment": {"platform": "x", "text": "hi"}}).json["suggestions"]) == 2


@pytest.mark.parametrize("body", [{}, {"n": 0}, {"n": True}, {"temperature": 3}, {"tone": "rude"}, {"model": "a b"},
                                  {"sites": ["myspace"]}, {"unknown": 1}])
def test_settings_validation(client, body):
    response = client.patch("/api/settings", json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_settings"


def test_settings_survive_restart(make_app):
    from helpers import paired_client as _client
    _client(make_app()).patch("/api/settings", json={"tone": "playful"})
    assert _client(make_app()).get("/api/settings").json["settings"]["tone"] == "playful"


def test_export_holds_everything(client):
    client.post("/api/snippets", json={"title": "t", "text": "x"})
    client.put("/api/voice", json={"name": "Maya"})
    body = client.get("/api/export").json
    assert body["tandem_export"] == 1
    assert body["data"]["snippets"]["_default"]["1"]["title"] == "t"
    assert body["data"]["settings"]["voice"]["1"]["name"] == "Maya"


def test_unknown_endpoint_and_method_use_the_error_shape(client):
    assert client.get("/api/nothing").json["error"]["code"] == "not_found"
    assert client.delete("/api/suggest").json["error"]["code"] == "method_not_allowed"


def test_dashboard_and_pair_pages(client):
    assert b"Tandem" in client.get("/").data
    page = client.get("/pair")
    assert page.status_code == 200 and b"tandem-pairing-code" in page.data
    assert client.get(f"/static/tandem.css").status_code == 200


def test_style_summary_written_by_the_model_from_past_replies(live_client, live_app, fake_ollama):
    assert live_client.post("/api/voice/summary").status_code == 409  # nothing to learn from yet
    live_app.extensions["tandem"].voice.add_replies([{"comment": f"q{i}", "reply": f"Thanks friend {i} 🍞"} for i in range(6)])
    fake_ollama.reply = "<think>hmm</think>- Short and warm\n- Ends with 🍞"
    body = live_client.post("/api/voice/summary").json
    assert body["profile"]["style_summary"] == "- Short and warm\n- Ends with 🍞"
    prompt = fake_ollama.chat_requests()[-1]["messages"][0]["content"]
    assert "Thanks friend 5 🍞" in prompt
    live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "hi"}})
    assert "Ends with 🍞" in fake_ollama.chat_requests()[-1]["messages"][0]["content"]
    edited = live_client.patch("/api/voice", json={"style_summary": "- Short"}).json["profile"]["style_summary"]
    assert edited == "- Short"


def test_style_summary_without_ollama_is_a_clear_error(client, app):
    app.extensions["tandem"].voice.add_replies([{"comment": "q", "reply": f"r{i}"} for i in range(6)])
    response = client.post("/api/voice/summary")
    assert response.status_code == 503 and "ollama serve" in response.json["error"]["message"]
