"""/api/prompts: list, get, override, reset, preview; overrides take effect without a restart."""

import pytest


def test_list_shows_every_template(client):
    prompts = client.get("/api/prompts").json["prompts"]
    names = {prompt["name"] for prompt in prompts}
    assert {"system", "request", "examples", "tone_warm", "platform_youtube"} <= names
    assert all(prompt["overridden"] is False for prompt in prompts)
    system = next(prompt for prompt in prompts if prompt["name"] == "system")
    assert system["variables"] == ["creator", "voice"]


def test_override_applies_at_once_and_reset_restores(live_client, fake_ollama):
    original = live_client.get("/api/prompts/tone_warm").json["text"]
    saved = live_client.put("/api/prompts/tone_warm", json={"text": "Like a hug in words."})
    assert saved.status_code == 200 and saved.json["overridden"] is True and saved.json["default"] == original
    live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "hi"}, "tone": "warm"})
    assert "Like a hug in words." in fake_ollama.chat_requests()[-1]["messages"][1]["content"]
    reset = live_client.delete("/api/prompts/tone_warm").json
    assert reset["overridden"] is False and reset["text"] == original
    live_client.post("/api/suggest", json={"comment": {"platform": "x", "text": "hi"}, "tone": "warm"})
    assert "Like a hug in words." not in fake_ollama.chat_requests()[-1]["messages"][1]["content"]


def test_invalid_template_is_refused_before_saving(client):
    response = client.put("/api/prompts/system", json={"text": "Hi {{creator}}\n{{password}}"})
    assert response.status_code == 422
    assert response.json["error"]["message"].startswith("Line 2: unknown variable {{password}}")
    assert client.get("/api/prompts/system").json["overridden"] is False
    missing = client.put("/api/prompts/request", json={"text": "no comment here"})
    assert missing.status_code == 422 and "{{" in missing.json["error"]["message"]


@pytest.mark.parametrize("name", ["..%2Ftoken", "nope", "SYSTEM", "a" * 80, "system.txt"])
def test_names_are_checked(client, name):
    assert client.get(f"/api/prompts/{name}").status_code == 404
    assert client.put(f"/api/prompts/{name}", json={"text": "x"}).status_code == 404


def test_preview_shows_exact_messages_with_unsaved_text(client):
    preview = client.post("/api/prompts/system/preview", json={"text": "You are {{creator}}'s helper. PREVIEW"}).json
    assert preview["messages"][0]["content"] == "You are the creator's helper. PREVIEW"
    assert "What flour do you use" in preview["messages"][1]["content"]
    assert client.get("/api/prompts/system").json["overridden"] is False
    tone = client.post("/api/prompts/tone_playful/preview", json={}).json
    assert "Tone: playful" in tone["messages"][1]["content"]
    own = client.post("/api/prompts/request/preview",
                      json={"comment": {"platform": "tiktok", "text": "Which oven?"}}).json
    assert "Which oven?" in own["messages"][1]["content"] and "150 characters" in own["messages"][1]["content"]
    bad = client.post("/api/prompts/system/preview", json={"text": "{{nope}}"})
    assert bad.status_code == 422
