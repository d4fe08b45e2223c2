"""Helpers shared by the test modules (kept out of conftest.py so they import by a unique name)."""

from __future__ import annotations

import socket

from flask.testing import FlaskClient

PORT = 8765
BASE_URL = f"http://127.0.0.1:{PORT}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LoopbackClient(FlaskClient):
    """Flask's test client, addressed as the browser would: http://127.0.0.1:<port>."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", BASE_URL)
        return super().open(*args, **kwargs)


def paired_client(app) -> LoopbackClient:
    """A client with the loopback Host and the token on every request."""
    client = LoopbackClient(app, app.response_class, use_cookies=True)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {app.extensions['tandem.token']}"
    return client


def comment(text: str = "What flour do you use for your sourdough?", **fields) -> dict:
    return {"platform": "youtube", "author": "Sam", "text": text} | fields
