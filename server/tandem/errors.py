"""The one JSON error shape: ``{"error": {"code": ..., "message": ...}}``.

Every 4xx and 5xx the server sends goes through :func:`error_response`, so the extension and
the dashboard only ever parse one shape. Services raise :class:`ApiError` (or a subclass); the
handlers registered in :func:`register_error_handlers` translate it, Werkzeug's own HTTP errors
and anything unexpected (logged, never leaked as a traceback).
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Werkzeug's default descriptions are written for HTML pages; these say what to do instead.
_HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "The request could not be read."),
    401: ("unauthorized", "Missing or wrong pairing token."),
    403: ("forbidden", "This origin may not use Tandem."),
    404: ("not_found", "No such endpoint or item."),
    405: ("method_not_allowed", "This endpoint does not accept that method."),
    413: ("too_large", "The request body is too large."),
    415: ("unsupported_media_type", "Send JSON with Content-Type: application/json."),
    429: ("rate_limited", "Too many requests; wait a moment and try again."),
}


class ApiError(Exception):
    """An error the client should see, with a stable machine-readable ``code``."""

    status = 400

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class StorageError(ApiError):
    """The data folder could not be written; nothing already stored was changed."""

    status = 507


def error_response(status: int, code: str, message: str) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return error_response(error.status, error.code, error.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        code, message = _HTTP_CODES.get(status, ("http_error", error.name))
        return error_response(status, code, message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error")
        return error_response(500, "internal", "Something went wrong inside Tandem; see the server log.")
