"""The JSON API, one module per resource (microblog style); views validate, call a service,
and shape JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, request, stream_with_context

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


def ndjson(events: Iterable[dict[str, Any]]) -> Response:
    """Stream events as they come, one JSON object per line (suggestions, imports, group answers)."""
    lines = (json.dumps(event, ensure_ascii=False) + "\n" for event in events)
    return Response(stream_with_context(lines), mimetype="application/x-ndjson",
                    headers={"X-Accel-Buffering": "no", "Cache-Control": "no-store"})


from . import data, health, inbox, notes, pair, prompts, replies, settings, snippets, stats, suggest, voice  # noqa: E402,F401  (registers routes)
