from __future__ import annotations

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from .. import __version__
from ..errors import ApiError
from ..security import EXTENSION_SCHEMES, Pairing
from . import bp, json_body


@bp.post("/pair")
def pair() -> ResponseReturnValue:
    """Trade a one-time pairing code for the token. Only an extension (or a client sending no
    Origin, such as curl) may pair: a web page's origin was already refused by check_origin."""
    code = json_body().get("code")
    if not isinstance(code, str) or len(code) > 20:
        raise ApiError("invalid_request", "Send the pairing code as {\"code\": \"XXXX-XXXX\"}.")
    pairing: Pairing = current_app.extensions["tandem.pairing"]
    pairing.redeem(code)
    origin = request.headers.get("Origin")
    if origin and origin.startswith(EXTENSION_SCHEMES):
        pairing.remember(origin)
    return jsonify({"token": current_app.extensions["tandem.token"], "version": __version__})
