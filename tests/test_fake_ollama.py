"""The fake Ollama must be faithful to the real ``ollama`` client, or every test built on it lies.

Each test drives the REAL ``ollama.Client`` (or raw httpx, for wire-level facts) against
the fake. The exception types asserted here are the facts recorded in the docstring of
tests/fake_ollama.py; if an upgrade of ``ollama``/``httpx`` changes one, this file fails.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import ollama
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fake_ollama import MID_STREAM_ERROR, FakeOllama, default_reply, fake_ollama  # noqa: F401 - fixture

MODEL = "llama3.2:3b"
HI = [{"role": "user", "content": "Nice video!"}]


@pytest.fixture
def ollama_client(fake_ollama: FakeOllama) -> Iterator[ollama.Client]:
    """A real client with a timeout short enough to keep timeout tests fast."""
    with ollama.Client(host=fake_ollama.url, timeout=2.0) as c:
        yield c


def _stream(client: ollama.Client, **kwargs: Any) -> Iterator[ollama.ChatResponse]:
    return client.chat(model=kwargs.pop("model", MODEL), messages=HI, stream=True, **kwargs)


# ---------------------------------------------------------------- happy paths


def test_chat_non_streaming_returns_default_suggestions(
    ollama_client: ollama.Client, fake_ollama: FakeOllama
) -> None:
    response = ollama_client.chat(model=MODEL, messages=HI)
    assert response.done is True and response.done_reason == "stop"
    assert response.message.role == "assistant"
    assert response.created_at.endswith("Z")
    assert response.eval_count and response.total_duration and response.prompt_eval_count
    suggestions = json.loads(response.message.content)["suggestions"]
    assert len(suggestions) == 3 and all(s["text"] for s in suggestions)
    assert fake_ollama.chat_requests()[0]["stream"] is False


def test_chat_streaming_yields_chunks_then_a_done_line(
    ollama_client: ollama.Client, fake_ollama: FakeOllama
) -> None:
    fake_ollama.reply = "Thanks for watching, friend!"
    fake_ollama.chunk_size = 5
    parts = list(_stream(ollama_client))
    assert [p.message.content for p in parts[:-1]] == ["Thank", "s for", " watc", "hing,", " frie", "nd!"]
    assert all(p.done is False for p in parts[:-1])
    final = parts[-1]
    assert final.done is True and final.message.content == "" and final.done_reason == "stop"
    assert final.eval_count == 6 and final.eval_duration is not None and final.load_duration is not None


def test_streaming_is_truly_incremental(ollama_client: ollama.Client, fake_ollama: FakeOllama) -> None:
    """The first chunk must reach the caller long before the reply is finished."""
    fake_ollama.reply = "x" * 40  # 5 chunks of 8 + done line -> 5 gaps of 0.1 s
    fake_ollama.chunk_delay = 0.1
    start = time.monotonic()
    stamps = [time.monotonic() - start for _ in _stream(ollama_client)]
    assert len(stamps) == 6
    # Buffered output would put every stamp at ~0.5 s. Bounds are loose for loaded CI boxes.
    assert stamps[0] < 0.3, stamps
    assert stamps[-1] - stamps[0] >= 0.45, stamps


def test_raw_httpx_iter_lines_sees_lines_as_they_are_written(fake_ollama: FakeOllama) -> None:
    """Wire level: stream defaults to true when absent, ndjson, chunked, Go-style escaping."""
    fake_ollama.mode = "think"
    fake_ollama.chunk_size, fake_ollama.chunk_delay = 64, 0.1  # ~4 chunks + done line
    body = {"model": MODEL, "messages": HI}  # no "stream" key
    start = time.monotonic()
    with httpx.stream("POST", f"{fake_ollama.url}/api/chat", json=body, timeout=2) as response:
        assert response.headers["content-type"] == "application/x-ndjson"
        assert response.headers["transfer-encoding"] == "chunked"
        lines = [(time.monotonic() - start, line) for line in response.iter_lines()]
    assert lines[0][0] < 0.3 and lines[-1][0] - lines[0][0] >= 0.35, [t for t, _ in lines]
    assert "<" not in lines[0][1] and "\\u003cthink\\u003e" in lines[0][1]  # Go escapes HTML chars
    parsed = [json.loads(line) for _, line in lines]
    assert set(parsed[-1]) >= {"model", "created_at", "message", "done", "done_reason", "total_duration",
                               "load_duration", "prompt_eval_count", "prompt_eval_duration",
                               "eval_count", "eval_duration"}
    content = "".join(p["message"]["content"] for p in parsed)
    assert content.startswith("<think>") and "suggestions" in content.split("</think>", 1)[1]


def test_list_show_ps_version_root(ollama_client: ollama.Client, fake_ollama: FakeOllama) -> None:
    listed = ollama_client.list()
    assert [m.model for m in listed.models] == [MODEL]
    assert listed.models[0].details.parameter_size == "3.2B" and listed.models[0].details.format == "gguf"
    shown = ollama_client.show(MODEL)
    assert shown.modelinfo["general.architecture"] == "llama"
    assert shown.modelinfo["llama.context_length"] == 131072
    assert shown.capabilities == ["completion"] and shown.details.family == "llama"
    assert ollama_client.ps().models == []  # nothing loaded until a chat uses the model
    ollama_client.chat(model=MODEL, messages=HI)
    running = ollama_client.ps().models
    assert [m.model for m in running] == [MODEL] and running[0].size_vram > 0
    assert running[0].expires_at.timestamp() > time.time() + 200  # default keep_alive 5m
    assert httpx.get(f"{fake_ollama.url}/api/version").json() == {"version": "0.12.0"}
    assert httpx.get(fake_ollama.url).text == "Ollama is running"


def test_reply_callable_gets_the_request_body_and_requests_are_logged(
    ollama_client: ollama.Client, fake_ollama: FakeOllama
) -> None:
    fake_ollama.reply = lambda body: f"echo {body['messages'][-1]['content']} {body.get('options')}"
    response = ollama_client.chat(
        model=MODEL, messages=HI, options={"temperature": 0.7}, format="json", keep_alive="10m"
    )
    assert response.message.content == "echo Nice video! {'temperature': 0.7}"
    [body] = fake_ollama.chat_requests()
    assert body["format"] == "json" and body["keep_alive"] == "10m" and body["messages"] == HI
    assert fake_ollama.requests[-1]["method"] == "POST" and fake_ollama.requests[-1]["path"] == "/api/chat"
    fake_ollama.mode = "garbage"
    fake_ollama.reset()
    assert fake_ollama.requests == [] and fake_ollama.mode == "ok" and fake_ollama.reply is default_reply


def test_default_reply_counts_from_schema_then_prompt(ollama_client: ollama.Client) -> None:
    schema = {
        "$defs": {"Suggestion": {"type": "object", "properties": {"text": {"type": "string"},
                                                                 "tone": {"enum": ["warm", "dry"]}}}},
        "type": "object",
        "properties": {"suggestions": {"type": "array", "items": {"$ref": "#/$defs/Suggestion"},
                                       "minItems": 5, "maxItems": 5}},
    }
    by_schema = json.loads(ollama_client.chat(model=MODEL, messages=HI, format=schema).message.content)
    assert len(by_schema["suggestions"]) == 5 and by_schema["suggestions"][0]["tone"] == "warm"
    ask_four = [{"role": "user", "content": "Write 4 short replies to: Nice video!"}]
    by_prompt = json.loads(ollama_client.chat(model=MODEL, messages=ask_four).message.content)
    assert len(by_prompt["suggestions"]) == 4
    texts = [s["text"] for s in by_prompt["suggestions"]]
    assert len(set(texts)) == 4


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reply=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x85"), max_size=60),
       chunk_size=st.integers(min_value=1, max_value=12))
def test_stream_reassembles_any_reply(ollama_client: ollama.Client, fake_ollama: FakeOllama, reply: str,
                                      chunk_size: int) -> None:
    """Any text (newlines, quotes, <, &, U+2028, emoji) survives chunking and ndjson framing.

    U+0085 is excluded: see test_nel_in_content_breaks_the_real_streaming_client. Lone
    surrogates cannot come out of a real model; the fake turns them into U+FFFD like Go.
    """
    fake_ollama.reply, fake_ollama.chunk_size = reply, chunk_size
    parts = list(_stream(ollama_client))
    assert "".join(p.message.content for p in parts) == reply
    assert parts[-1].done is True and sum(not p.done for p in parts) == -(-len(reply) // chunk_size)


def test_nel_in_content_breaks_the_real_streaming_client(
    ollama_client: ollama.Client, fake_ollama: FakeOllama
) -> None:
    """Found by Hypothesis, and true of real Ollama too: Go's JSON encoder leaves U+0085 raw,
    but httpx's iter_lines splits on it (str.splitlines rules), so the client's json.loads
    gets half a line. Our server must treat json.JSONDecodeError from a stream as a model error.
    """
    fake_ollama.reply = "a\x85b"
    assert ollama_client.chat(model=MODEL, messages=HI).message.content == "a\x85b"  # non-streaming is fine
    fake_ollama.reply = "bad \ud800"  # not UTF-8: Go's encoder writes U+FFFD
    assert ollama_client.chat(model=MODEL, messages=HI).message.content == "bad \ufffd"
    fake_ollama.reply = "a\x85b"
    with pytest.raises(json.JSONDecodeError):
        list(_stream(ollama_client))


# ---------------------------------------------------------------- model errors


def test_unknown_model_is_404_in_both_modes(ollama_client: ollama.Client) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        ollama_client.chat(model="nope:1b", messages=HI)
    assert caught.value.status_code == 404
    assert caught.value.error == 'model "nope:1b" not found, try pulling it first'
    with pytest.raises(ollama.ResponseError) as caught:
        next(iter(_stream(ollama_client, model="nope:1b")))
    assert caught.value.status_code == 404 and "try pulling it first" in caught.value.error
    with pytest.raises(ollama.ResponseError) as caught:
        ollama_client.show("nope:1b")
    assert caught.value.status_code == 404


def test_untagged_name_means_latest(fake_ollama: FakeOllama) -> None:
    fake_ollama.models = ["llama3.2"]
    with ollama.Client(host=fake_ollama.url, timeout=2) as c:
        assert c.chat(model="llama3.2:latest", messages=HI).done
        assert [m.model for m in c.list().models] == ["llama3.2:latest"]
        with pytest.raises(ollama.ResponseError):
            c.chat(model="llama3.2:3b", messages=HI)


def test_model_deleted_mid_run(ollama_client: ollama.Client, fake_ollama: FakeOllama) -> None:
    ollama_client.chat(model=MODEL, messages=HI)
    fake_ollama.models.remove(MODEL)
    assert ollama_client.list().models == [] and ollama_client.ps().models == []
    with pytest.raises(ollama.ResponseError) as caught:
        ollama_client.chat(model=MODEL, messages=HI)
    assert caught.value.status_code == 404


def test_http_500(ollama_client: ollama.Client, fake_ollama: FakeOllama) -> None:
    fake_ollama.mode = "http_500"
    with pytest.raises(ollama.ResponseError) as caught:
        ollama_client.chat(model=MODEL, messages=HI)
    assert caught.value.status_code == 500 and caught.value.error
    with pytest.raises(ollama.ResponseError) as caught:
        next(iter(_stream(ollama_client)))
    assert caught.value.status_code == 500
    assert ollama_client.list().models  # other endpoints stay healthy


def test_error_mid_stream(ollama_client: ollama.Client, fake_ollama: FakeOllama) -> None:
    fake_ollama.mode = "error_mid_stream"
    received: list[str] = []
    with pytest.raises(ollama.ResponseError) as caught:
        for part in _stream(ollama_client):
            received.append(part.message.content)
    assert caught.value.status_code == -1 and caught.value.error == MID_STREAM_ERROR
    assert len(received) == 2
    with pytest.raises(ollama.ResponseError) as caught:
        ollama_client.chat(model=MODEL, messages=HI)
    assert caught.value.status_code == 500 and caught.value.error == MID_STREAM_ERROR


# ---------------------------------------------------------------- malformed model output


def test_garbage_half_json_and_think(ollama_client: ollama.Client, fake_ollama: FakeOllama) -> None:
    fake_ollama.mode = "garbage"
    garbage = ollama_client.chat(model=MODEL, messages=HI).message.content
    with pytest.raises(json.JSONDecodeError):
        json.loads(garbage)
    fake_ollama.mode = "half_json"
    parts = list(_stream(ollama_client))
    half = "".join(p.message.content for p in parts)
    assert parts[-1].done is True and default_reply({"messages": HI}).startswith(half)
    with pytest.raises(json.JSONDecodeError):
        json.loads(half)
    fake_ollama.mode = "think"
    thought = ollama_client.chat(model=MODEL, messages=HI).message.content
    assert thought.startswith("<think>")
    assert len(json.loads(thought.split("</think>", 1)[1])["suggestions"]) == 3


def test_unknown_mode_is_rejected(fake_ollama: FakeOllama) -> None:
    with pytest.raises(ValueError):
        fake_ollama.mode = "slwo"


# ---------------------------------------------------------------- timeouts and outages


@pytest.mark.parametrize("mode", ["slow", "hang"])
def test_first_token_past_client_timeout_is_read_timeout(fake_ollama: FakeOllama, mode: str) -> None:
    fake_ollama.mode = mode
    fake_ollama.first_token_delay = 1.0
    with ollama.Client(host=fake_ollama.url, timeout=0.2) as c:
        with pytest.raises(httpx.ReadTimeout):
            c.chat(model=MODEL, messages=HI)
        stream = _stream(c)  # creating the generator sends nothing yet
        with pytest.raises(httpx.ReadTimeout):
            next(iter(stream))


def test_slow_chunks_past_client_timeout_is_read_timeout_mid_stream(fake_ollama: FakeOllama) -> None:
    fake_ollama.chunk_delay = 1.5  # the server sleeps on; stop() cuts it short
    with ollama.Client(host=fake_ollama.url, timeout=0.4) as c:
        stream = iter(_stream(c))
        assert next(stream).done is False
        with pytest.raises(httpx.ReadTimeout):
            next(stream)


def test_slow_within_timeout_just_waits(ollama_client: ollama.Client, fake_ollama: FakeOllama) -> None:
    fake_ollama.mode = "slow"
    fake_ollama.first_token_delay = 0.3
    start = time.monotonic()
    assert ollama_client.chat(model=MODEL, messages=HI).done
    assert time.monotonic() - start >= 0.3


def test_stop_releases_a_hung_request_promptly() -> None:
    fake = FakeOllama().start()
    fake.mode = "hang"
    errors: list[BaseException] = []

    def call() -> None:
        with ollama.Client(host=fake.url, timeout=10) as c:
            try:
                c.chat(model=MODEL, messages=HI)
            except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
                errors.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    while not fake.chat_requests():
        time.sleep(0.01)
    start = time.monotonic()
    fake.stop()
    assert time.monotonic() - start < 1.0
    worker.join(timeout=2)
    assert not worker.is_alive()
    assert [type(e) for e in errors] == [httpx.RemoteProtocolError]


def test_down_raises_connection_error_or_connect_error(
    ollama_client: ollama.Client, fake_ollama: FakeOllama
) -> None:
    assert ollama_client.list().models  # leaves a pooled keep-alive connection behind
    fake_ollama.go_down()
    with pytest.raises(ConnectionError) as caught:
        ollama_client.chat(model=MODEL, messages=HI)
    assert type(caught.value) is ConnectionError and "Failed to connect to Ollama" in str(caught.value)
    with pytest.raises(ConnectionError):
        ollama_client.list()
    stream = _stream(ollama_client)  # no error yet: the request is sent on first iteration
    with pytest.raises(httpx.ConnectError) as connect_error:
        next(iter(stream))
    assert not isinstance(connect_error.value, ConnectionError)  # `except ConnectionError` misses it
    with pytest.raises(httpx.ConnectError):
        httpx.get(fake_ollama.url)


def test_go_down_and_come_back_on_the_same_port(
    ollama_client: ollama.Client, fake_ollama: FakeOllama
) -> None:
    url = fake_ollama.url
    assert ollama_client.chat(model=MODEL, messages=HI).done
    fake_ollama.go_down()
    with pytest.raises(ConnectionError):
        ollama_client.chat(model=MODEL, messages=HI)
    fake_ollama.come_back()
    assert fake_ollama.url == url
    assert ollama_client.chat(model=MODEL, messages=HI).done  # same client, same URL
    fake_ollama.go_down()
    fake_ollama.come_back()
    assert ollama_client.list().models


def test_go_down_mid_stream_is_remote_protocol_error(
    ollama_client: ollama.Client, fake_ollama: FakeOllama
) -> None:
    fake_ollama.chunk_delay = 0.2
    stream = iter(_stream(ollama_client))
    assert next(stream).done is False
    fake_ollama.go_down()
    with pytest.raises(httpx.RemoteProtocolError):
        next(stream)
