from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from .. import services
from ..errors import ApiError
from . import bp, json_body

QUERY_CAP = 200


@bp.get("/snippets")
def list_snippets() -> ResponseReturnValue:
    query = request.args.get("q", "")
    if len(query) > QUERY_CAP:
        raise ApiError("invalid_query", f"q is at most {QUERY_CAP} characters.")
    items = services().snippets.search(query) if query else services().snippets.all()
    return jsonify({"items": items, "total": len(items)})


@bp.post("/snippets")
def create_snippet() -> ResponseReturnValue:
    return jsonify(services().snippets.create(json_body())), 201


@bp.get("/snippets/<int:snippet_id>")
def get_snippet(snippet_id: int) -> ResponseReturnValue:
    return jsonify(services().snippets.get(snippet_id))


@bp.route("/snippets/<int:snippet_id>", methods=["PUT", "PATCH"])
def update_snippet(snippet_id: int) -> ResponseReturnValue:
    return jsonify(services().snippets.update(snippet_id, json_body()))


@bp.delete("/snippets/<int:snippet_id>")
def delete_snippet(snippet_id: int) -> ResponseReturnValue:
    services().snippets.delete(snippet_id)
    return "", 204
