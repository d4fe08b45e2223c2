from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import services
from . import bp, json_body


@bp.get("/notes")
def list_notes() -> ResponseReturnValue:
    notes = services().notes.all()
    return jsonify({"items": notes, "total": len(notes)})


@bp.post("/notes")
def create_notes() -> ResponseReturnValue:
    return jsonify(services().notes.save(json_body())), 201


@bp.put("/notes/<int:note_id>")
def update_notes(note_id: int) -> ResponseReturnValue:
    return jsonify(services().notes.save(json_body(), note_id))


@bp.delete("/notes/<int:note_id>")
def delete_notes(note_id: int) -> ResponseReturnValue:
    services().notes.delete(note_id)
    return "", 204
