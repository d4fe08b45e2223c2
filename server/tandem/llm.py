"""Ollama backend over the official ``ollama`` client.

Every call has a timeout (the client's default is none at all), keeps the model loaded
(``keep_alive``), and sets ``num_ctx`` explicitly (older Ollama silently cut prompts at 2048
tokens). What the client really raises, measured against the fake server in tests/, and what each
becomes here:

=====================================================  =======================================
``ConnectionError`` (non-streaming, refused)            :class:`OllamaDown` - ``ollama serve``
``httpx.ConnectError`` (streaming, on first iteration)  :class:`OllamaDown`
``ResponseError`` 404 "model not found"                 :class:`ModelMissing` - ``ollama pull``
``ResponseError`` with ``status_code == -1``            :class:`ModelFailed` (error mid-stream)
``httpx.TimeoutException`` (never wrapped)              :class:`ModelTimeout`
anything else from httpx, or a line that is not JSON    :class:`ModelFailed`
=====================================================  =======================================
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import ollama

HEALTH_CACHE_SECONDS = 3.0


class LLMError(Exception):
    """A model failure explained for the creator, with the command that fixes it."""

    code = "model_failed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OllamaDown(LLMError):
    code = "ollama_down"


class ModelMissing(LLMError):
    code = "model_missing"


class ModelTimeout(LLMError):
    code = "model_timeout"


class ModelFailed(LLMError):
    code = "model_failed"


@dataclass(frozen=True)
class Health:
    reachable: bool
    model: str
    models: list[str] = field(default_factory=list)
    error: LLMError | None = None

    @property
    def model_present(self) -> bool:
        return any(_same_model(self.model, name) for name in self.models)


def _same_model(wanted: str, available: str) -> bool:
    # "llama3.2" means "llama3.2:latest" to Ollama.
    def full(name: str) -> str:
        return name if ":" in name else f"{name}:latest"
    return full(wanted) == full(available)


def suggestions_schema(n: int, *, back_translation: bool = False) -> dict[str, Any]:
    """JSON schema passed as ``format=`` so Ollama constrains the output to N suggestions."""
    item: dict[str, Any] = {"text": {"type": "string"}}
    if back_translation:
        item["back_translation"] = {"type": "string"}
    return {
        "type": "object",
        "properties": {
            "suggestions": {
                "type": "array",
                "items": {"type": "object", "properties": item, "required": ["text"]},
                "minItems": n,
                "maxItems": n,
            }
        },
        "required": ["suggestions"],
    }


class OllamaBackend:
    def __init__(self, host: str, *, timeout: float, connect_timeout: float, keep_alive: str,
                 num_ctx: int) -> None:
        self.host = host
        self.timeout = timeout
        self.keep_alive = keep_alive
        self.num_ctx = num_ctx
        self._client = ollama.Client(
            host=host, timeout=httpx.Timeout(timeout, connect=connect_timeout))
        self._health_cache: dict[str, tuple[float, Health]] = {}
        self._health_lock = threading.Lock()

    # ---- discovery -----------------------------------------------------------------------
    def list_models(self) -> list[str]:
        try:
            return sorted(model.model or "" for model in self._client.list().models)
        except Exception as error:  # noqa: BLE001 - every failure is translated below
            raise self.translate(error, model="") from None

    def health(self, model: str, *, fresh: bool = False) -> Health:
        """Reachability and installed models, cached briefly so polling UIs stay cheap."""
        with self._health_lock:
            cached = self._health_cache.get(model)
            if cached and not fresh and time.monotonic() - cached[0] < HEALTH_CACHE_SECONDS:
                return cached[1]
        try:
            health = Health(True, model, self.list_models())
            if not health.model_present:
                health = Health(True, model, health.models, self.missing(model))
        except LLMError as error:
            health = Health(False, model, [], error)
        with self._health_lock:
            self._health_cache[model] = (time.monotonic(), health)
        return health

    def forget_health(self) -> None:
        with self._health_lock:
            self._health_cache.clear()

    # ---- generation ----------------------------------------------------------------------
    def stream_chat(self, messages: Sequence[dict[str, str]], *, model: str, temperature: float,
                    schema: dict[str, Any] | None = None, max_tokens: int = 1024) -> Iterator[str]:
        """Yield the reply's text as it streams; raise :class:`LLMError` on any failure.

        Besides httpx's per-read timeout, a whole-answer deadline stops a model that dribbles
        tokens forever from holding a request past ``timeout``.
        """
        deadline = time.monotonic() + self.timeout
        options = {"temperature": temperature, "num_ctx": self.num_ctx, "num_predict": max_tokens}
        stream = None
        try:
            stream = self._client.chat(model=model, messages=list(messages), stream=True, format=schema,
                                       options=options, keep_alive=self.keep_alive)
            for part in stream:
                if part.message and part.message.content:
                    yield part.message.content
                if time.monotonic() > deadline:
                    raise ModelTimeout(self._timeout_message())
        except LLMError:
            raise
        except Exception as error:  # noqa: BLE001 - every failure is translated
            raise self.translate(error, model=model) from None
        finally:
            if stream is not None:
                stream.close()

    def chat(self, messages: Sequence[dict[str, str]], **kwargs: Any) -> str:
        return "".join(self.stream_chat(messages, **kwargs))

    # ---- errors --------------------------------------------------------------------------
    def missing(self, model: str) -> ModelMissing:
        return ModelMissing(f"The model {model} is not installed in Ollama. Run: ollama pull {model}")

    def _timeout_message(self) -> str:
        return (f"Ollama took longer than {self.timeout:g} s to answer. The model may still be loading "
                "or be too large for this machine; try again, or pick a smaller model.")

    def translate(self, error: BaseException, *, model: str) -> LLMError:
        if isinstance(error, ollama.ResponseError):
            if error.status_code == 404:
                return self.missing(model)
            if error.status_code == -1:
                return ModelFailed(f"Ollama stopped in the middle of an answer: {error.error}. "
                                   "Try again; if it keeps happening, restart Ollama (ollama serve).")
            return ModelFailed(f"Ollama answered with an error ({error.status_code}): {error.error}")
        if isinstance(error, httpx.TimeoutException):
            if isinstance(error, httpx.ConnectTimeout):
                return OllamaDown(self._down_message())
            return ModelTimeout(self._timeout_message())
        if isinstance(error, (ConnectionError, httpx.ConnectError)):
            return OllamaDown(self._down_message())
        if isinstance(error, (httpx.HTTPError, json.JSONDecodeError, ValueError)):
            return ModelFailed(f"Ollama sent an answer Tandem could not read ({type(error).__name__}). "
                               "Try again, or restart Ollama (ollama serve).")
        return ModelFailed(f"Talking to Ollama failed: {type(error).__name__}: {error}")

    def _down_message(self) -> str:
        return (f"Ollama is not running at {self.host}. Start it with: ollama serve "
                "(install it from https://ollama.com if you have not yet).")
