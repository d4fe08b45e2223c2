from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import services
from ..errors import ApiError
from ..llm import LLMError
from ..parse import strip_reasoning
from ..prompts import render
from ..voice import TEXT_CAP
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


@bp.post("/voice/summary")
def summarise_style() -> ResponseReturnValue:
    """Ask the model to describe how the creator writes, from their past replies; the summary is
    stored in the profile (``style_summary``), shown, and editable like any other field."""
    tandem = services()
    sample = tandem.voice.sample_replies()
    if len(sample) < 5:
        raise ApiError("not_enough_replies", "Import or send at least 5 replies first: the summary is written from them.",
                       409)
    prompt = render(tandem.templates.get("style_summary"), {"creator": tandem.voice.creator_name(),
                                                            "replies": "\n".join(f"- {text}" for text in sample)})
    preferences = tandem.preferences.all()
    try:
        raw = tandem.backend.chat([{"role": "user", "content": prompt}], model=preferences["model"],
                                  temperature=0.3, max_tokens=400)
    except LLMError as error:
        raise ApiError(error.code, error.message, 503) from None
    summary = strip_reasoning(raw)[:TEXT_CAP]
    if not summary:
        raise ApiError("model_failed", "The model wrote nothing; try again.", 502)
    return jsonify({"profile": tandem.voice.update_profile({"style_summary": summary}),
                    "past_replies": tandem.voice.reply_count()})
