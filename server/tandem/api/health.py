from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import __version__, services
from . import bp


@bp.get("/health")
def health() -> ResponseReturnValue:
    tandem = services()
    model = tandem.preferences["model"]
    status = tandem.backend.health(model)
    usable = status.reachable and status.model_present
    body = {
        "ok": True,
        "version": __version__,
        "engine": "ollama" if usable else "saved",
        "ollama": {"reachable": status.reachable, "host": tandem.backend.host, "model": model,
                   "model_present": status.model_present, "models": status.models},
    }
    if status.error:
        body["reason"] = status.error.message
    return jsonify(body)
