from __future__ import annotations

import secrets
from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from .. import services
from ..comments import Comment
from ..errors import ApiError
from ..suggest import preferred_options
from . import bp, json_body, ndjson

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


@bp.post("/inbox/groups/<int:group_id>/answer")
def answer_group(group_id: int) -> ResponseReturnValue:
    """Answer once: the creator's core answer, personalised for every open member of a group and
    stored as each one's first draft. Streams NDJSON progress (one model call per member), then
    ``done``."""
    tandem = services()
    body = json_body()
    answer = body.get("text")
    if not isinstance(answer, str) or not answer.strip() or len(answer) > 5000:
        raise ApiError("invalid_request", "Send the core answer as {\"text\": \"...\"} (at most 5000 characters).")
    use_model = body.get("personalise", True)
    if not isinstance(use_model, bool):
        raise ApiError("invalid_request", "personalise must be true or false.")
    members = [item for item in tandem.inbox.list(group=group_id, status="new,drafted", per_page=200)["items"]]
    if not members:
        raise ApiError("group_not_found", f"Group {group_id} has no open comments.", 404)
    options = preferred_options(tandem.preferences.all(), members[0]["comment"]["platform"])

    def events() -> Any:
        with tandem.drafts.interactive():
            for number, item in enumerate(members, start=1):
                result = tandem.suggester.personalise(Comment(**item["comment"]), answer.strip(), model=options["model"],
                                                      temperature=options["temperature"], use_model=use_model)
                draft = {"id": secrets.token_hex(8), "text": result["text"], "source": "group_answer",
                         "flags": result["flags"]}
                tandem.inbox.set_drafts(item["id"], [draft] + [d for d in item["drafts"] if d.get("source") != "group_answer"],
                                        result["engine"], result["reason"])
                yield {"type": "progress", "done": number, "total": len(members), "item": item["id"],
                       "engine": result["engine"]}
        yield {"type": "done", "answered": len(members)}

    return ndjson(events())


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
