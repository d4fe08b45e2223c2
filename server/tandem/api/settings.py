from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import services
from ..config import PREFERENCES
from . import bp, json_body


def _described(values: dict) -> dict:
    return {"settings": values, "help": {preference.name: preference.help for preference in PREFERENCES}}


@bp.get("/settings")
def get_settings() -> ResponseReturnValue:
    return jsonify(_described(services().preferences.all()))


@bp.route("/settings", methods=["PUT", "PATCH"])
def update_settings() -> ResponseReturnValue:
    tandem = services()
    values = tandem.preferences.update(json_body())
    tandem.backend.forget_health()  # a new model must show up in /api/health at once
    return jsonify(_described(values))
