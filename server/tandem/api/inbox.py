from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from .. import services
from ..comments import Comment
from ..errors import ApiError
from ..suggest import preferred_options
from . import bp, json_body

FILTERS = ("status", "platform", "label", "q")


def _int_arg(name: str, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise ApiError("invalid_filter", f"{name} must be a whole number.")
    return int(raw)


def _filters(source: dict[str, Any]) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for name in FILTERS:
        value = source.get(name, "")
        if not isinstance(value, str) or len(value) > 200:
            raise ApiError("invalid_filter", f"{name} must be text of at most 200 characters.")
        filters[name] = value
    return filters


@bp.post("/inbox/comments")
def ingest() -> ResponseReturnValue:
    tandem = services()
    result = tandem.inbox.ingest(json_body().get("comments"))
    if result["added"]:
        tandem.drafts.notify()
    return jsonify(result)


@bp.get("/inbox")
def list_inbox() -> ResponseReturnValue:
    tandem = services()
    listing = tandem.inbox.list(**_filters(request.args), group=_int_arg("group", None),
                                page=_int_arg("page", 1), per_page=_int_arg("per_page", 50))
    return jsonify(listing | {"drafting": tandem.drafts.progress()})


@bp.post("/inbox/lookup")
def lookup() -> ResponseReturnValue:
    body = json_body()
    return jsonify({"items": services().inbox.lookup(body.get("platform"), body.get("ids"))})


@bp.get("/inbox/<int:item_id>")
def get_item(item_id: int) -> ResponseReturnValue:
    return jsonify(services().inbox.get(item_id))


@bp.patch("/inbox/<int:item_id>")
def update_item(item_id: int) -> ResponseReturnValue:
    return jsonify(services().inbox.update(item_id, json_body()))


@bp.post("/inbox/bulk")
def bulk() -> ResponseReturnValue:
    """Change the status of many items: by ``ids``, or by a ``filter`` such as
    ``{"label": "spam"}`` (skip all spam)."""
    body = json_body()
    inbox = services().inbox
    if "filter" in body:
        if not isinstance(body["filter"], dict):
            raise ApiError("invalid_filter", "filter must be an object like {\"label\": \"spam\"}.")
        ids = inbox.ids_matching(**_filters(body["filter"]))
    else:
        ids = body.get("ids")
    return jsonify({"updated": inbox.bulk(ids, body.get("status"))})


@bp.post("/inbox/<int:item_id>/draft")
def draft_now(item_id: int) -> ResponseReturnValue:
    """Draft one item now, at interactive priority (the creator is looking at it)."""
    tandem = services()
    item = tandem.inbox.get(item_id)
    with tandem.drafts.interactive():
        comment = Comment(**item["comment"])
        result = tandem.suggester.suggest(comment, **preferred_options(tandem.preferences.all(), comment.platform))
    tandem.inbox.set_drafts(item_id, result["suggestions"], result["engine"], result["reason"])
    return jsonify(tandem.inbox.get(item_id))


@bp.get("/drafting")
def drafting() -> ResponseReturnValue:
    return jsonify(services().drafts.progress())


@bp.post("/drafting")
def control_drafting() -> ResponseReturnValue:
    actions = {"pause": "pause", "resume": "resume", "cancel": "cancel"}
    action = json_body().get("action")
    if action not in actions:
        raise ApiError("invalid_request", "action must be pause, resume or cancel.")
    return jsonify(getattr(services().drafts, actions[action])())


@bp.post("/fans/link")
def link_fans() -> ResponseReturnValue:
    body = json_body()
    return jsonify(services().inbox.link_fans(body.get("a"), body.get("b")))
