"""The Ollama backend against the fake Ollama HTTP server, through the real client."""

import time

import pytest

from tandem.llm import (ModelFailed, ModelMissing, ModelTimeout, OllamaBackend, OllamaDown,
                        suggestions_schema)

MODEL = "llama3.2:3b"
MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]


def backend(url: str, timeout: float = 5.0) -> OllamaBackend:
    return OllamaBackend(url, timeout=timeout, connect_timeout=1.0, keep_alive="30m", num_ctx=4096)


def test_chat_sends_timeout_keep_alive_num_ctx_and_schema(fake_ollama):
    text = backend(fake_ollama.url).chat(MESSAGES, model=MODEL, temperature=0.5, schema=suggestions_schema(3))
    assert '"suggestions"' in text
    body = fake_ollama.chat_requests()[-1]
    assert body["stream"] is True
    assert body["keep_alive"] == "30m"
    assert body["options"]["num_ctx"] == 4096 and body["options"]["temperature"] == 0.5
    assert body["format"]["properties"]["suggestions"]["minItems"] == 3


def test_stream_yields_before_the_model_finishes(fake_ollama):
    fake_ollama.chunk_delay = 0.05
    fake_ollama.chunk_size = 4
    started = time.monotonic()
    stream = backend(fake_ollama.url).stream_chat(MESSAGES, model=MODEL, temperature=0.7)
    first = next(stream)
    first_at = time.monotonic() - started
    rest = "".join(stream)
    total = time.monotonic() - started
    assert first and rest
    assert first_at < total / 3


def test_health_lists_models(fake_ollama):
    health = backend(fake_ollama.url).health(MODEL)
    assert health.reachable and health.model_present and MODEL in health.models


def test_health_when_model_missing_names_the_pull(fake_ollama):
    health = backend(fake_ollama.url).health("qwen3:8b")
    assert health.reachable and not health.model_present
    assert "ollama pull qwen3:8b" in health.error.message


def test_health_when_down(ollama_down_url):
    health = backend(ollama_down_url).health(MODEL)
    assert not health.reachable
    assert "ollama serve" in health.error.message


def test_down_maps_to_ollama_down(ollama_down_url):
    with pytest.raises(OllamaDown, match="ollama serve"):
        backend(ollama_down_url).chat(MESSAGES, model=MODEL, temperature=0.7)


def test_missing_model_maps_to_pull_advice(fake_ollama):
    with pytest.raises(ModelMissing, match="ollama pull mistral:7b"):
        backend(fake_ollama.url).chat(MESSAGES, model="mistral:7b", temperature=0.7)


def test_error_mid_stream(fake_ollama):
    fake_ollama.mode = "error_mid_stream"
    with pytest.raises(ModelFailed, match="middle of an answer"):
        backend(fake_ollama.url).chat(MESSAGES, model=MODEL, temperature=0.7)


def test_http_500(fake_ollama):
    fake_ollama.mode = "http_500"
    with pytest.raises(ModelFailed, match="500"):
        backend(fake_ollama.url).chat(MESSAGES, model=MODEL, temperature=0.7)


def test_hang_times_out_within_the_limit(fake_ollama):
    fake_ollama.mode = "hang"
    started = time.monotonic()
    with pytest.raises(ModelTimeout, match="longer than 0.5 s"):
        backend(fake_ollama.url, timeout=0.5).chat(MESSAGES, model=MODEL, temperature=0.7)
    assert time.monotonic() - started < 3


def test_dribbling_model_stopped_by_whole_answer_deadline(fake_ollama):
    fake_ollama.chunk_delay = 0.2  # every gap is under the read timeout...
    fake_ollama.chunk_size = 1
    started = time.monotonic()
    with pytest.raises(ModelTimeout):
        backend(fake_ollama.url, timeout=0.6).chat(MESSAGES, model=MODEL, temperature=0.7)
    assert time.monotonic() - started < 2  # ...but the answer as a whole is not


def test_goes_down_and_comes_back(fake_ollama):
    ollama = backend(fake_ollama.url)
    fake_ollama.go_down()
    with pytest.raises(OllamaDown):
        ollama.chat(MESSAGES, model=MODEL, temperature=0.7)
    fake_ollama.come_back()
    assert ollama.chat(MESSAGES, model=MODEL, temperature=0.7)
