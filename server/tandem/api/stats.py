from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import services
from . import bp


@bp.get("/stats")
def stats() -> ResponseReturnValue:
    """The human-touch ledger by week: replies, and how much of them the creator wrote."""
    return jsonify(services().ledger.weekly())
