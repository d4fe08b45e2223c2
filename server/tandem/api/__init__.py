"""The JSON API, one module per resource (microblog style); views validate, call a service,
and shape JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from ..errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a clear 400/415 in the one error shape."""
    if not request.is_json:
        raise ApiError("unsupported_media_type", "Send JSON with Content-Type: application/json.", 415)
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # json's decoder recurses per level: "[[[[..." 100k deep
        raise ApiError("invalid_json", "The JSON is nested too deeply.") from None
    if not isinstance(body, dict):
        raise ApiError("invalid_json", "The body must be a JSON object.")
    return body


from . import data, health, inbox, notes, pair, prompts, replies, settings, snippets, stats, suggest, voice  # noqa: E402,F401  (registers routes)
