"""Defensive parsing of model output into reply suggestions.

The model is asked (Ollama ``format=`` schema) for ``{"suggestions": [{"text": "..."}]}``, but
real models still send reasoning blocks (``<think>``, unclosed when cut off, or just ``</think>``
when the template opened it), Markdown fences and chatty prose around the JSON, bare lists,
other key names, JSON truncated by ``num_predict`` or a dropped stream, or plain numbered lists.
None of these may crash the server or show the creator raw JSON. A hand-written lenient scanner
replaces ``json.loads``: it keeps the items of truncated output and, unlike retrying
``json.loads`` at every offset, cannot go quadratic or hit RecursionError on bracket junk.
"""

from __future__ import annotations

import re

_MAX_DEPTH = 24  # deeper nesting is never a real answer; the cap bounds recursion
_MAX_CANDIDATES = 32  # JSON start positions tried; bounds work on bracket-heavy junk
_ITEM_KEYS = ("text", "reply", "suggestion", "content", "message", "response", "comment")
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}

_THINK_TAG = re.compile(r"<\s*(/?)\s*think(?:ing)?\s*>", re.I)
_THINK_CLOSE = re.compile(r"<\s*/\s*think(?:ing)?\s*>", re.I)
_THINK_SCAN = re.compile(r'[<{\["\\]')
_OPEN = re.compile(r"[{\[]")
_WS = re.compile(r"\s*")
_SEP = re.compile(r"[\s,]*")  # commas treated as whitespace: forgives trailing/missing commas
_DSTR = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.S)  # unrolled loop: no backtracking blowup
_SSTR = re.compile(r"'([^'\\]*(?:\\.[^'\\]*)*)'", re.S)  # Python-repr style output of small models
_BARE = re.compile(r"[\w.+\-]+")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
_LEAD = re.compile(r"\s*(?:```[\w+-]*\s*)?")
_TRAIL = re.compile(r"\s*(?:```\s*)?")
_FENCE = re.compile(r"^[ \t]*```[\w+-]*[ \t]*$", re.M)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*\u2022+][ \t]+)?(?:\*\*|__)?(?:(?:reply|suggestion|option|response|answer|"
                        r"version|draft)[ \t]*#?[ \t]*\d{1,2}|#?\d{1,2})(?:\*\*|__)?[ \t]*[.):\-\u2013\u2014]"
                        r"(?:\*\*|__)?(?:[ \t]+(?P<a>.*))?$|[ \t]*[-*\u2022+][ \t]+(?P<b>.*)$", re.I)
_BOLD_LABEL = re.compile(r"(?:\*\*|__)[^*_\n]{1,30}(?:\*\*|__)[ \t]*[:\-\u2013\u2014]?[ \t]*")

_OK, _ERR, _EOF = 0, 1, 2
_NOTHING = object()  # "no value": an unfinished string or a syntax error


class _OpenDict(dict):
    """An object whose closing brace has not arrived (yet): later keys could still change it."""


def parse_suggestions(raw: str, n: int) -> list[str]:
    """Return at most ``n`` cleaned, non-empty, distinct suggestions found in ``raw``."""
    if not isinstance(raw, str) or not isinstance(n, int) or n <= 0:
        return []
    text = _strip_think(raw)
    body_start = _LEAD.match(text).end()
    saw_json = False
    for start, value, end, status in _candidates(text):
        texts = _extract(value)
        if texts:
            return _finish(texts, n)
        # An answer that *is* JSON but holds nothing usable ({"suggestions": []}, or cut off
        # before the first string closed) must not be shown to the creator as a raw reply.
        if (isinstance(value, dict) and value) or (
            start == body_start and (status == _EOF or _TRAIL.fullmatch(text, end))
        ):
            saw_json = True
    if saw_json:
        return []
    plain = _FENCE.sub("", text).strip()
    items = _list_items(plain)
    if not items:
        lines = plain.splitlines()
        if len(lines) > 1 and lines[0].rstrip().endswith(":"):  # "Sure! Here's a reply:"
            plain = "\n".join(lines[1:])
        items = [plain]
    return _finish(items, n)


def completed_suggestions(partial: str) -> list[str]:
    """Suggestions already whole in a streamed prefix of the answer: items of the "suggestions"
    (or top-level) array whose string and object have closed. For any prefix of a well-formed
    answer this is a prefix of ``parse_suggestions(answer)``, which stays authoritative."""
    if not isinstance(partial, str):
        return []
    text = _strip_think(partial)
    for _start, value, _end, status in _candidates(text):
        if status == _EOF or _extract(value):  # the same candidate parse_suggestions settles on
            if isinstance(value, dict):
                value = _lower_keys(value).get("suggestions")
            items = value if isinstance(value, list) else []
            ends = [k for k, item in enumerate(items) if isinstance(item, _OpenDict)]
            texts = [t for t in map(_item_text, items[: ends[0] if ends else None]) if t is not None]
            return _finish(texts, len(texts))
    return []


def strip_reasoning(text: str) -> str:
    """Model prose without its <think> blocks, for answers that are plain text, not JSON."""
    return _strip_think(text).strip()


def _strip_think(text: str) -> str:
    """Drop reasoning blocks; tags inside JSON strings are reply text and are kept."""
    kept: list[str] = []
    start = pos = 0
    in_json = in_str = False
    while (m := _THINK_SCAN.search(text, pos)) is not None:
        i, c = m.start(), m.group()
        pos = i + 1
        if in_str:
            pos += c == "\\"  # skip the escaped character
            in_str = c != '"'
        elif c == '"':
            in_str = in_json  # quotes in prose before any JSON are not string delimiters
        elif c in "{[":
            in_json = True
        elif (tag := _THINK_TAG.match(text, i)) is not None:
            if tag.group(1):  # stray </think>: the template opened the block, all so far is reasoning
                kept, in_json = [], False
            else:
                kept.append(text[start:i])
                close = _THINK_CLOSE.search(text, tag.end())
                if close is None:  # cut off while still thinking
                    return "".join(kept)
                tag = close
            start = pos = tag.end()
    kept.append(text[start:])
    return "".join(kept)


def _candidates(text: str):
    """Yield (start, value, end, status) for plausible JSON starts, left to right."""
    pos = 0
    for _ in range(_MAX_CANDIDATES):
        m = _OPEN.search(text, pos)
        if m is None:
            return
        value, end, status = _value(text, m.start(), 0)
        yield m.start(), value, end, status
        # A cleanly closed value was fully examined, nested candidates included.
        pos = end if status == _OK else m.start() + 1


def _value(s: str, i: int, depth: int, key: bool = False) -> tuple[object, int, int]:
    """Parse one value (or, with ``key``, an object key) at ``i``: (value, next index, status)."""
    i = _WS.match(s, i).end()
    if i >= len(s):
        return _NOTHING, i, _EOF
    c = s[i]
    if c in "{[" and not key:
        return _container(s, i, depth)
    if c == '"' or c == "'":
        m = (_DSTR if c == '"' else _SSTR).match(s, i)
        if m is None:  # no closing quote anywhere: the string is unfinished
            return _NOTHING, len(s), _EOF
        return _unescape(m.group(1)), m.end(), _OK
    m = _BARE.match(s, i)
    if m is None:
        return _NOTHING, i, _ERR
    if m.end() >= len(s):  # "tru" or "12" may still grow
        return _NOTHING, m.end(), _EOF
    if key:  # unquoted keys: {suggestions: [...]}
        return m.group(), m.end(), _OK
    if m.group()[0] in "0123456789-+." or m.group().lower() in ("true", "false", "null", "none"):
        return None, m.end(), _OK  # scalars are never suggestions; keep only their place
    return _NOTHING, i, _ERR


def _container(s: str, i: int, depth: int) -> tuple[object, int, int]:
    if depth >= _MAX_DEPTH:
        return _NOTHING, i, _ERR
    is_obj, n = s[i] == "{", len(s)
    out: dict | list = {} if is_obj else []
    i += 1
    while True:
        i = _SEP.match(s, i).end()
        if i < n and s[i] == ("}" if is_obj else "]"):
            return out, i + 1, _OK
        if is_obj:
            key, i, status = _value(s, i, depth, key=True)
            if status == _OK:
                i = _WS.match(s, i).end()
                status = _EOF if i >= n else _OK if s[i] == ":" else _ERR
            if status != _OK:
                break
            val, i, status = _value(s, i + 1, depth + 1)
            if val is not _NOTHING:
                out[key] = val
        else:
            val, i, status = _value(s, i, depth + 1)
            if val is not _NOTHING:
                out.append(val)
        if status != _OK:
            break
    return (_OpenDict(out) if is_obj else out), i, status


def _unescape(body: str) -> str:
    # \" \\ \/ map to themselves; unknown escapes just drop the backslash.
    body = _ESCAPE.sub(lambda m: chr(int(m[1][1:], 16)) if len(m[1]) == 5 else _ESCAPES.get(m[1], m[1]), body)
    if _SURROGATE.search(body):  # join \ud83d\ude00 pairs; lone halves would break UTF-8 output
        body = body.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return body


def _lower_keys(d: dict) -> dict:
    return {k.lower(): v for k, v in d.items()}


def _item_text(v: object) -> str | None:
    if isinstance(v, dict):
        v = next((t for k in _ITEM_KEYS if isinstance(t := _lower_keys(v).get(k), str)), None)
    return v if isinstance(v, str) else None


def _extract(v: object, depth: int = 0) -> list[str]:
    """Suggestion texts held by a parsed value: its "suggestions", else any list of items."""
    if depth > _MAX_DEPTH:
        return []
    if isinstance(v, list):
        texts = [t for t in map(_item_text, v) if t is not None]
        children = v
    elif isinstance(v, dict):
        d = _lower_keys(v)
        sugg = d.pop("suggestions", None)
        texts = [sugg] if isinstance(sugg, str) else _extract(sugg, depth + 1)
        if not texts and (single := _item_text(d)) is not None:  # {"text": "..."}: one suggestion
            texts = [single]
        children = list(d.values())
    else:
        return []
    for child in children if not texts else ():
        if texts := _extract(child, depth + 1):
            break
    return texts


def _list_items(text: str) -> list[str]:
    """Items of a numbered or bulleted list; indented lines continue the item above."""
    items: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        m = _LIST_ITEM.match(line)
        if m:
            body = (m.group("a") or m.group("b") or "").strip()
            label = _BOLD_LABEL.match(body)  # "**Friendly:** Thanks!" -> "Thanks!"
            if label and body[label.end():].strip():
                body = body[label.end():]
            current = [body.strip().strip("*_").strip()]
            items.append(current)
        elif current is not None and line.strip() and (not current[0] or line[:1] in " \t"):
            current.append(line.strip())
        elif current is not None and (line.strip() or current[0]):
            current = None  # an unindented line or a blank line ends the item
    return ["\n".join(part for part in item if part) for item in items]


def _clean(text: str) -> str:
    text = text.strip()
    # Unwrap "..." but not '"Great" and "fun"', whose inner quotes show it is not one quotation.
    while len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        inner = text[1:-1]
        if text[0] in inner or text[-1] in inner:
            break
        text = inner.strip()
    return text


def _finish(texts: list[str], limit: int) -> list[str]:
    out: dict[str, None] = {}  # ordered set
    for t in texts:
        if len(out) >= limit:
            break
        if t := _clean(t):
            out[t] = None
    return list(out)
