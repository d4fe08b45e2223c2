from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import services
from . import bp, json_body


@bp.get("/voice")
def get_voice() -> ResponseReturnValue:
    tandem = services()
    return jsonify({"profile": tandem.voice.profile(), "past_replies": tandem.voice.reply_count()})


@bp.route("/voice", methods=["PUT", "PATCH"])
def update_voice() -> ResponseReturnValue:
    body = json_body()
    profile = services().voice.update_profile(body.get("profile", body))
    return jsonify({"profile": profile, "past_replies": services().voice.reply_count()})


@bp.get("/voice/notes")
def style_notes() -> ResponseReturnValue:
    """Style notes learned from edits; active ones go into the prompt."""
    return jsonify({"notes": services().style.all()})


@bp.delete("/voice/notes/<int:note_id>")
def delete_style_note(note_id: int) -> ResponseReturnValue:
    services().style.delete(note_id)
    return "", 204
