"""Shared fixtures (flaskr style): ``app`` and ``client`` on a fresh data folder, and the fake
Ollama HTTP server that the real ``ollama`` client talks to."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_ollama import FakeOllama, fake_ollama  # noqa: E402,F401  (fixture re-exported)
from helpers import PORT, LoopbackClient, free_port, paired_client  # noqa: E402

from tandem import create_app  # noqa: E402


@pytest.fixture
def ollama_down_url() -> str:
    """An address where nothing listens: connections are refused at once."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def make_app(tmp_path, ollama_down_url):
    def make(**overrides):
        config = {"HOME": tmp_path / "home", "PORT": PORT, "OLLAMA_HOST": ollama_down_url,
                  "OLLAMA_TIMEOUT": 5.0, "LOG_LEVEL": "WARNING", "DRAFT_WORKERS": 0} | overrides
        app = create_app(config)
        app.config["TESTING"] = True
        return app
    return make


@pytest.fixture
def app(make_app):
    """An app whose Ollama is down: the saved-replies engine answers."""
    return make_app()


@pytest.fixture
def live_app(make_app, fake_ollama):
    """An app talking to the fake Ollama server."""
    return make_app(OLLAMA_HOST=fake_ollama.url)


@pytest.fixture
def client(app):
    """A paired client: loopback Host and the token on every request."""
    return paired_client(app)


@pytest.fixture
def live_client(live_app):
    return paired_client(live_app)


@pytest.fixture
def anonymous(app):
    """A client with the right Host but no token."""
    return LoopbackClient(app, app.response_class, use_cookies=True)
