from __future__ import annotations

import time

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import __version__, services
from ..errors import ApiError
from . import bp, json_body


def export_document() -> dict:
    """Everything Tandem stores about the creator, as one JSON document."""
    tandem = services()
    overrides = {name: tandem.templates.get(name) for name in tandem.templates.names()
                 if tandem.templates.is_overridden(name)}
    return {"tandem_export": 1, "version": __version__, "exported_at": time.time(),
            "data": tandem.store.dump(), "prompt_overrides": overrides}


@bp.get("/export")
def export() -> ResponseReturnValue:
    return jsonify(export_document())


@bp.delete("/data")
def delete_everything() -> ResponseReturnValue:
    """Delete every stored reply, snippet, inbox item, ledger entry, setting and prompt override.
    The pairing token stays so the extension keeps working; ``tandem pair`` issues codes anew."""
    if json_body().get("confirm") != "delete everything":
        raise ApiError("confirmation_required", 'Send {"confirm": "delete everything"} to delete all your data.')
    services().wipe()
    return jsonify({"deleted": True})
