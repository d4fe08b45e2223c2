"""The inbox API contract: POST /api/inbox/comments, GET /api/inbox, PATCH /api/inbox/<id>, bulk, drafting."""

import pytest


def c(text, id, **fields):
    return {"platform": "youtube", "text": text, "author": "sam", "id": id, **fields}


def test_contract(client):
    added = client.post("/api/inbox/comments", json={"comments": [c("What flour?", "1"), c("Love it!", "2")]}).json
    assert added["added"] == 2 and added["duplicates"] == 0
    again = client.post("/api/inbox/comments", json={"comments": [c("What flour?", "1")]}).json
    assert again["added"] == 0 and again["duplicates"] == 1
    listing = client.get("/api/inbox").json
    assert listing["total"] == 2
    item = listing["items"][0]
    assert item["comment"]["text"] == "What flour?" and item["status"] == "new"
    assert isinstance(item["priority"], int)
    assert {"label": item["labels"][0]["label"], "reason": item["labels"][0]["reason"]} == item["labels"][0]
    assert "drafting" in listing
    patched = client.patch(f"/api/inbox/{item['id']}", json={"status": "skipped"})
    assert patched.status_code == 200 and patched.json["status"] == "skipped"
    assert client.get("/api/inbox?status=skipped").json["total"] == 1


def test_item_detail_has_fan_memory_and_group(client):
    client.post("/api/inbox/comments", json={"comments": [c("Great video", "1"), c("What camera?", "2")]})
    item_id = client.get("/api/inbox?q=camera").json["items"][0]["id"]
    detail = client.get(f"/api/inbox/{item_id}").json
    assert detail["fan"]["seen"] == 1 and detail["group"]["size"] == 1
    assert client.get("/api/inbox/999").status_code == 404


def test_bulk_skip_all_spam(client):
    spam = [c(f"sub4sub check my channel now {i}", f"s{i}", author=f"b{i}") for i in range(4)]
    client.post("/api/inbox/comments", json={"comments": spam + [c("What flour?", "q")]})
    result = client.post("/api/inbox/bulk", json={"filter": {"label": "spam"}, "status": "skipped"}).json
    assert result["updated"] == 4
    assert client.get("/api/inbox?status=new").json["total"] == 1
    ids = [item["id"] for item in client.get("/api/inbox?status=skipped").json["items"]]
    assert client.post("/api/inbox/bulk", json={"ids": ids, "status": "hidden"}).json["updated"] == 4


def test_draft_now_falls_back_to_saved_when_ollama_is_down(client):
    client.post("/api/inbox/comments", json={"comments": [c("What flour?", "1")]})
    item_id = client.get("/api/inbox").json["items"][0]["id"]
    item = client.post(f"/api/inbox/{item_id}/draft").json
    assert item["status"] == "drafted" and item["engine"] == "saved" and len(item["drafts"]) == 3
    assert "ollama serve" in item["draft_reason"]


def test_drafting_control(client):
    assert client.post("/api/drafting", json={"action": "pause"}).json["paused"] is True
    assert client.get("/api/drafting").json["paused"] is True
    assert client.post("/api/drafting", json={"action": "resume"}).json["paused"] is False
    assert client.post("/api/drafting", json={"action": "explode"}).status_code == 400


def test_link_fans(client):
    body = client.post("/api/fans/link", json={"a": {"platform": "youtube", "author": "Sam"},
                                               "b": {"platform": "x", "author": "@sam_bakes"}}).json
    assert body["linked"] == ["x:sam_bakes", "youtube:sam"]
    assert client.post("/api/fans/link", json={"a": {}, "b": None}).status_code == 400


@pytest.mark.parametrize("body,code", [({}, "invalid_request"), ({"comments": "x"}, "invalid_request"),
                                       ({"comments": [{"platform": "x"}]}, "invalid_comment")])
def test_ingest_validation(client, body, code):
    response = client.post("/api/inbox/comments", json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == code


def test_batch_cap(make_app):
    from helpers import paired_client as _client
    client = _client(make_app(MAX_BATCH=2))
    response = client.post("/api/inbox/comments", json={"comments": [c("a", "1"), c("b", "2"), c("c", "3")]})
    assert response.status_code == 413 and response.json["error"]["code"] == "too_many"


@pytest.mark.parametrize("query", ["status=archived", "page=0", "per_page=1000", "page=abc", "group=-1"])
def test_list_validation(client, query):
    response = client.get(f"/api/inbox?{query}")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_filter"


def test_patch_validation(client):
    client.post("/api/inbox/comments", json={"comments": [c("x", "1")]})
    item_id = client.get("/api/inbox").json["items"][0]["id"]
    assert client.patch(f"/api/inbox/{item_id}", json={"status": "posted"}).status_code == 400
    assert client.patch(f"/api/inbox/{item_id}", json={"text": "edited"}).status_code == 400
    assert client.patch("/api/inbox/424242", json={"status": "skipped"}).status_code == 404


def test_lookup_by_site_ids(client):
    client.post("/api/inbox/comments", json={"comments": [c("What flour?", "abc"), c("Hi", "def")]})
    found = client.post("/api/inbox/lookup", json={"platform": "youtube", "ids": ["abc", "zzz"]}).json["items"]
    assert [item["comment"]["id"] for item in found] == ["abc"]
    assert client.post("/api/inbox/lookup", json={"platform": "youtube", "ids": "abc"}).status_code == 400


def _answer(client, group_id, **body):
    import json as _json
    response = client.post(f"/api/inbox/groups/{group_id}/answer", json=body)
    return response, [_json.loads(line) for line in response.data.decode().splitlines()] if response.status_code == 200 else []


def _camera_group(client):
    url = "https://www.youtube.com/watch?v=abc"
    client.post("/api/inbox/comments", json={"comments": [
        c("What camera do you use for this video?", "1", url=url),
        c("what camera do you use for the video", "2", url=url, author="ana"),
        c("What camera do you use for this video??", "3", url=url, author="bo")]})
    items = client.get("/api/inbox?q=camera").json["items"]
    return items[0]["group"]["id"], items


def test_answer_once_without_model_addresses_each_commenter(client):
    group_id, items = _camera_group(client)
    response, events = _answer(client, group_id, text="A Sony a6400 with the kit lens, see mycamera.com/kit")
    assert response.status_code == 200 and events[-1] == {"type": "done", "answered": 3}
    drafts = {item["comment"]["author"]: item["drafts"][0] for item in client.get("/api/inbox?q=camera").json["items"]}
    assert drafts["ana"]["text"] == "ana, a Sony a6400 with the kit lens, see mycamera.com/kit"
    assert drafts["ana"]["source"] == "group_answer" and drafts["ana"]["flags"] == []  # the creator's own link
    assert {item["status"] for item in client.get("/api/inbox?q=camera").json["items"]} == {"drafted"}


def test_answer_once_with_model_personalises_per_commenter(live_client, fake_ollama):
    import json as _json
    group_id, _ = _camera_group(live_client)
    fake_ollama.reply = lambda body: _json.dumps({"suggestions": [{"text": "Personal: " + body["messages"][1]["content"].split("Comment by ")[1].split(":")[0]}]})
    _, events = _answer(live_client, group_id, text="A Sony a6400.")
    assert [event["engine"] for event in events if event["type"] == "progress"] == ["ollama"] * 3
    texts = sorted(item["drafts"][0]["text"] for item in live_client.get("/api/inbox?q=camera").json["items"])
    assert texts == ["Personal: ana", "Personal: bo", "Personal: sam"]
    prompt = fake_ollama.chat_requests()[-1]["messages"][1]["content"]
    assert "A Sony a6400." in prompt


def test_answer_validation(client):
    group_id, _ = _camera_group(client)
    assert client.post(f"/api/inbox/groups/{group_id}/answer", json={"text": ""}).status_code == 400
    assert client.post("/api/inbox/groups/9999/answer", json={"text": "x"}).status_code == 404
