"""No input gives a 500: every endpoint, fuzzed with Hypothesis, answers 2xx or the one error shape."""

import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings, strategies as st

ENDPOINTS = [("post", "/api/suggest"), ("post", "/api/suggest/stream"), ("post", "/api/snippets"),
             ("patch", "/api/snippets/1"), ("put", "/api/voice"), ("patch", "/api/settings"), ("post", "/api/pair"),
             ("post", "/api/suggestions/0123456789abcdef/feedback"), ("get", "/api/snippets"),
             ("get", "/api/health"), ("get", "/api/export"), ("delete", "/api/snippets/1"),
             ("post", "/api/inbox/comments"), ("get", "/api/inbox"), ("get", "/api/inbox/1"), ("patch", "/api/inbox/1"),
             ("post", "/api/inbox/bulk"), ("post", "/api/inbox/lookup"), ("post", "/api/inbox/1/draft"),
             ("post", "/api/inbox/groups/1/answer"), ("get", "/api/drafting"), ("post", "/api/drafting"),
             ("post", "/api/fans/link"), ("get", "/api/prompts"), ("get", "/api/prompts/system"),
             ("put", "/api/prompts/tone_warm"), ("delete", "/api/prompts/tone_warm"),
             ("post", "/api/prompts/system/preview"), ("get", "/api/notes"), ("post", "/api/notes"),
             ("put", "/api/notes/1"), ("delete", "/api/notes/1"), ("get", "/api/voice/notes"),
             ("delete", "/api/voice/notes/1"), ("post", "/api/voice/summary"), ("get", "/api/replies"),
             ("delete", "/api/replies/1"), ("post", "/api/replies/import"), ("get", "/api/stats"),
             ("delete", "/api/data")]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["youtube", "x", "warm", "sent", "\x00\u202e", "𝕏" * 5]))
json_values = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=12), children, max_size=4), max_leaves=20)
comment_like = st.fixed_dictionaries({}, optional={
    "platform": st.sampled_from(["youtube", "x", "reddit", "nope"]) | scalars,
    "text": st.text(max_size=300) | scalars, "author": scalars, "url": scalars, "id": scalars,
    "post_title": scalars, "context": json_values})
bodies = st.one_of(json_values, st.fixed_dictionaries({"comment": comment_like}, optional={
    "n": scalars, "tone": scalars, "action": st.sampled_from(["inserted", "sent", "bogus"]),
    "final_text": scalars, "title": scalars, "text": scalars, "tags": json_values, "code": scalars,
    "comments": json_values, "ids": json_values, "status": scalars, "filter": json_values, "platform": scalars,
    "a": json_values, "b": json_values, "url": scalars, "notes": scalars, "allow": json_values, "chosen": scalars,
    "confirm": st.sampled_from(["nope", "delete everything"]) | scalars}))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])


def _assert_shape(response):
    assert response.status_code < 500, response.data[:300]
    if response.status_code >= 400:
        error = response.json["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]


@given(endpoint=st.sampled_from(ENDPOINTS), body=bodies)
@FUZZ
def test_json_bodies(client, endpoint, body):
    method, path = endpoint
    _assert_shape(getattr(client, method)(path, json=body))


@given(endpoint=st.sampled_from(ENDPOINTS), raw=st.binary(max_size=200),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]))
@FUZZ
def test_raw_bytes(client, endpoint, raw, content_type):
    method, path = endpoint
    _assert_shape(getattr(client, method)(path, data=raw, content_type=content_type))


@given(segment=st.text(max_size=40), query=st.text(max_size=300))
@FUZZ
def test_paths_and_queries(client, segment, query):
    segment = quote(segment, safe="")
    for path in (f"/api/snippets/{segment}", f"/api/suggestions/{segment}/feedback"):
        _assert_shape(client.get(path, query_string={"q": query}))
        _assert_shape(client.post(path, json={}))
    _assert_shape(client.get("/api/snippets", query_string={"q": query}))


def test_deep_nesting_and_huge_strings(client):
    deep = json.dumps({"comment": {"platform": "x", "text": "hi", "context": [[[[[]]]]] * 3}})
    _assert_shape(client.post("/api/suggest", data=deep, content_type="application/json"))
    nested = "[" * 100_000 + "]" * 100_000
    _assert_shape(client.post("/api/suggest", data=nested, content_type="application/json"))
    huge = {"comment": {"platform": "x", "text": "a" * 1_500_000}}
    _assert_shape(client.post("/api/suggest", json=huge))
