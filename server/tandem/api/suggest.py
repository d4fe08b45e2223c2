from __future__ import annotations

import re
from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import services
from ..comments import parse_comment
from ..config import PREFERENCE_BY_NAME
from ..errors import ApiError
from ..suggest import preferred_options
from . import bp, json_body, ndjson

ID_PATTERN = r"[0-9a-f]{16}"


def _suggest_arguments() -> tuple[Any, dict[str, Any]]:
    body = json_body()
    tandem = services()
    comment = parse_comment(body.get("comment"), max_chars=tandem.config["MAX_COMMENT_CHARS"])
    overrides: dict[str, Any] = {}
    for name in ("n", "tone"):
        if body.get(name) is not None:
            try:
                overrides[name] = PREFERENCE_BY_NAME[name].check(body[name])
            except ValueError as error:
                raise ApiError("invalid_request", f"{name} {error}.") from None
    return comment, preferred_options(tandem.preferences.all(), comment.platform, **overrides)


@bp.post("/suggest")
def suggest() -> ResponseReturnValue:
    comment, options = _suggest_arguments()
    with services().drafts.interactive():  # background drafting gives way
        return jsonify(services().suggester.suggest(comment, **options))


@bp.post("/suggest/stream")
def suggest_stream() -> ResponseReturnValue:
    """The same pipeline as /api/suggest, as NDJSON events: start, token..., draft..., maybe
    fallback, then done (whose body equals /api/suggest's answer)."""
    comment, options = _suggest_arguments()
    tandem = services()

    def events() -> Any:
        with tandem.drafts.interactive():
            yield from tandem.suggester.events(comment, **options)

    return ndjson(events())


@bp.post("/suggestions/<suggestion_id>/feedback")
def feedback(suggestion_id: str) -> ResponseReturnValue:
    if not re.fullmatch(ID_PATTERN, suggestion_id):
        raise ApiError("invalid_id", "Suggestion ids are 16 hexadecimal characters.", 404)
    return jsonify(services().ledger.record(suggestion_id, json_body()))
