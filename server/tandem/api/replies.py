from __future__ import annotations

import queue
import threading
from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from .. import services
from ..config import PLATFORMS
from ..errors import ApiError
from ..importer import ImportProblem, parse_replies
from . import bp, ndjson

IMPORT_MAX_BYTES = 50_000_000
PAGE_MAX = 200


@bp.get("/replies")
def list_replies() -> ResponseReturnValue:
    """Past replies, newest first, with an optional text filter (the voice page's library)."""
    query = request.args.get("q", "").lower()[:200]
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        raise ApiError("invalid_filter", "page starts at 1.")
    items, total = services().voice.find_replies(query, start=(int(page) - 1) * PAGE_MAX, count=PAGE_MAX)
    return jsonify({"items": items, "total": total})


@bp.delete("/replies/<int:reply_id>")
def delete_reply(reply_id: int) -> ResponseReturnValue:
    if not services().voice.delete_reply(reply_id):
        raise ApiError("reply_not_found", f"There is no past reply {reply_id}.", 404)
    return "", 204


@bp.post("/replies/import")
def import_replies() -> ResponseReturnValue:
    """Import a CSV, JSON or Takeout file sent as multipart ``file``. Answers NDJSON: progress
    events while rows are read, then ``done`` with the count or ``error`` naming the line;
    nothing is stored unless every row is good."""
    request.max_content_length = IMPORT_MAX_BYTES  # files are bigger than API bodies
    upload = request.files.get("file")
    if upload is None:
        raise ApiError("invalid_request", "Send the file as multipart form field \"file\".")
    platform = request.form.get("platform", "")
    if platform and platform not in PLATFORMS:
        raise ApiError("invalid_request", "platform must be one of " + ", ".join(PLATFORMS) + ".")
    data, name = upload.read(), upload.filename or "upload"
    voice = services().voice

    updates: queue.Queue[dict[str, Any]] = queue.Queue()

    def work() -> None:
        # Parsing runs beside the response so progress reaches the page while rows are read.
        try:
            rows = parse_replies(data, name, default_platform=platform,
                                 progress=lambda count: updates.put({"type": "progress", "rows": count}))
            added = len(voice.add_replies(rows))
            updates.put({"type": "done", "imported": added, "rows": len(rows)})
        except ImportProblem as problem:
            updates.put({"type": "error", "message": f"Nothing was imported. {problem}"})
        except ApiError as error:  # the store could not be written
            updates.put({"type": "error", "message": error.message})

    def events() -> Any:
        worker = threading.Thread(target=work, name="tandem-import", daemon=True)
        worker.start()
        while True:
            update = updates.get()
            yield update
            if update["type"] != "progress":
                return

    return ndjson(events())
