"""Import past replies from CSV, JSON or a Google Takeout YouTube comments file, all or nothing.

Every row is checked before anything is stored, and a bad row stops the import with its line
number, so a creator never ends up with half a file imported and no idea where it stopped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import PLATFORMS

REQUIRED = ("comment", "reply")
ALIASES = {"comment": ("comment", "comment_text", "question", "original"),
           "reply": ("reply", "response", "answer", "reply_text"),
           "platform": ("platform", "site", "network"),
           "date": ("date", "time", "timestamp", "published_at", "created_at")}
MAX_FIELD = 10_000


class ImportProblem(ValueError):
    """A file that cannot be imported, with the line that shows why."""


def _pick(row: dict[str, Any], field: str) -> str:
    for name in ALIASES[field]:
        for key, value in row.items():
            if isinstance(key, str) and key.strip().lower() == name and value not in (None, ""):
                return str(value).strip()
    return ""


def _clean(row: dict[str, Any], where: str, default_platform: str) -> dict[str, str]:
    record = {field: _pick(row, field) for field in ALIASES}
    for field in REQUIRED:
        if not record[field]:
            raise ImportProblem(f"{where}: the {field} is empty or missing.")
        if len(record[field]) > MAX_FIELD:
            raise ImportProblem(f"{where}: the {field} is longer than {MAX_FIELD} characters.")
    platform = (record["platform"] or default_platform).lower()
    if platform and platform not in PLATFORMS:
        raise ImportProblem(f"{where}: unknown platform {platform!r} (use one of {', '.join(PLATFORMS)}).")
    record["platform"] = platform
    return record


# Google Takeout's YouTube "comments.csv": the creator's own comments and replies. It holds only
# the id of the comment replied to, not its text, so rows become voice samples with no comment.
TAKEOUT_COLUMNS = {"comment id", "comment text"}


def _takeout_text(cell: str) -> str:
    """Takeout stores the text as JSON segments ({"text": ...} or {"takeoutSegments": [...]});
    older exports hold plain text."""
    try:
        data = json.loads(cell)
    except ValueError:
        return cell.strip()
    parts: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                if isinstance(value, (list, dict)):
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect(data)
    return "".join(parts).strip() if parts else (cell.strip() if not isinstance(data, (dict, list)) else "")


def _takeout_rows(reader: csv.DictReader, path: str, progress: Callable[[int], None] | None) -> list[dict[str, str]]:
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            fields = {str(key).strip().lower(): value or "" for key, value in row.items() if key is not None}
            reply = _takeout_text(fields["comment text"])
            if not reply:
                raise ImportProblem(f"{path}, line {reader.line_num}: the comment text is empty or unreadable.")
            rows.append({"comment": "", "reply": reply[:MAX_FIELD], "platform": "youtube",
                         "date": fields.get("comment create timestamp", "")})
            if progress and number % 1000 == 0:
                progress(number)
    except csv.Error as error:
        raise ImportProblem(f"{path}, line {reader.line_num}: {error}.") from None
    return rows


def read_replies(path: Path, *, default_platform: str = "",
                 progress: Callable[[int], None] | None = None) -> list[dict[str, str]]:
    """Parse a CSV (header row with comment and reply columns) or JSON (a list of objects, or
    ``{"replies": [...]}``) file into clean rows. Raises :class:`ImportProblem`."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportProblem(f"{path}: {error.strerror or error}.") from None
    return parse_replies(data, str(path), default_platform=default_platform, progress=progress)


def parse_replies(data: bytes, path: str, *, default_platform: str = "",
                  progress: Callable[[int], None] | None = None) -> list[dict[str, str]]:
    """The same as :func:`read_replies` for a file's bytes (an upload); ``path`` names it in errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(f"{path}: not UTF-8 text (byte {error.start}). Save it as UTF-8 and try again.") from None
    rows: list[dict[str, str]] = []
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportProblem(f"{path}, line {error.lineno}: not valid JSON ({error.msg}).") from None
        if isinstance(data, dict):
            data = data.get("replies")
        if not isinstance(data, list):
            raise ImportProblem(f"{path}: JSON must be a list of replies or an object with a \"replies\" list.")
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise ImportProblem(f"{path}, item {number}: each reply must be an object.")
            rows.append(_clean(item, f"{path}, item {number}", default_platform))
            if progress and number % 1000 == 0:
                progress(number)
        return rows
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [header.strip().lower() for header in reader.fieldnames or []]
    if TAKEOUT_COLUMNS <= set(headers):
        return _takeout_rows(reader, path, progress)
    for field in REQUIRED:
        if not any(name in headers for name in ALIASES[field]):
            raise ImportProblem(f"{path}, line 1: the header needs a {field} column (found: {', '.join(headers) or 'nothing'}).")
    try:
        for number, row in enumerate(reader, start=1):
            if None in row:
                raise ImportProblem(f"{path}, line {reader.line_num}: more values than header columns.")
            rows.append(_clean(row, f"{path}, line {reader.line_num}", default_platform))
            if progress and number % 1000 == 0:
                progress(number)
    except csv.Error as error:
        raise ImportProblem(f"{path}, line {reader.line_num}: {error}.") from None
    return rows
