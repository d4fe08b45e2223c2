"""Shared fixtures (flaskr style): ``app`` and ``client`` on a fresh data folder, and the fake
Ollama HTTP server that the real ``ollama`` client talks to."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).parent))

from fake_ollama import FakeOllama, fake_ollama  # noqa: E402,F401  (fixture re-exported)

from tandem import create_app  # noqa: E402

PORT = 8765
BASE_URL = f"http://127.0.0.1:{PORT}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def ollama_down_url() -> str:
    """An address where nothing listens: connections are refused at once."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def make_app(tmp_path, ollama_down_url):
    def make(**overrides):
        config = {"HOME": tmp_path / "home", "PORT": PORT, "OLLAMA_HOST": ollama_down_url,
                  "OLLAMA_TIMEOUT": 5.0, "LOG_LEVEL": "WARNING"} | overrides
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


class LoopbackClient(FlaskClient):
    """Flask's test client, addressed as the browser would: http://127.0.0.1:<port>."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", BASE_URL)
        return super().open(*args, **kwargs)


def _client(app):
    client = LoopbackClient(app, app.response_class, use_cookies=True)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {app.extensions['tandem.token']}"
    return client


@pytest.fixture
def client(app):
    """A paired client: loopback Host and the token on every request."""
    return _client(app)


@pytest.fixture
def live_client(live_app):
    return _client(live_app)


@pytest.fixture
def anonymous(app):
    """A client with the right Host but no token."""
    return LoopbackClient(app, app.response_class, use_cookies=True)


def comment(text: str = "What flour do you use for your sourdough?", **fields) -> dict:
    return {"platform": "youtube", "author": "Sam", "text": text} | fields
