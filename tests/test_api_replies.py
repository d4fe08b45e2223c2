"""Past replies: import from the dashboard (with progress, all or nothing), list, delete."""

import io
import json


def _import(client, content: str, name="replies.csv", **form):
    response = client.post("/api/replies/import", data={"file": (io.BytesIO(content.encode()), name), **form},
                           content_type="multipart/form-data")
    return response, [json.loads(line) for line in response.data.decode().splitlines()]


def test_import_ten_thousand_rows_with_progress(client):
    content = "comment,reply,platform\n" + "".join(f"question {i},answer {i},youtube\n" for i in range(10_000))
    response, events = _import(client, content)
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    assert [event["rows"] for event in events if event["type"] == "progress"] == list(range(1000, 10_001, 1000))
    assert events[-1] == {"type": "done", "imported": 10_000, "rows": 10_000}
    assert client.get("/api/voice").json["past_replies"] == 10_000


def test_bad_row_imports_nothing_and_names_the_line(client):
    content = "comment,reply\n" + "".join(f"q{i},a{i}\n" for i in range(5000)) + "broken,\n"
    _, events = _import(client, content)
    assert events[-1]["type"] == "error" and "line 5002" in events[-1]["message"]
    assert client.get("/api/voice").json["past_replies"] == 0


def test_takeout_json_and_platform(client):
    _, events = _import(client, json.dumps([{"comment": "hi", "reply": "hello"}]), name="r.json", platform="x")
    assert events[-1]["imported"] == 1
    assert client.get("/api/replies").json["items"][0]["platform"] == "x"


def test_list_search_and_delete(client):
    _import(client, "comment,reply\nwhat flour,bread flour\nwhat oven,a cheap one\n")
    found = client.get("/api/replies?q=OVEN").json
    assert found["total"] == 1 and found["items"][0]["reply"] == "a cheap one"
    reply_id = found["items"][0]["id"]
    assert client.delete(f"/api/replies/{reply_id}").status_code == 204
    assert client.delete(f"/api/replies/{reply_id}").status_code == 404
    assert client.get("/api/replies").json["total"] == 1


def test_import_needs_a_file(client):
    assert client.post("/api/replies/import", data={}, content_type="multipart/form-data").status_code == 400
    response, _ = _import(client, "comment,reply\na,b\n", platform="myspace")
    assert response.status_code == 400
