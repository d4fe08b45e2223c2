"""Comments as they arrive from the extension: validated, then normalised to plain text.

Everything here is untrusted page content. Validation gives a clear error naming the field;
normalisation drops control characters and caps the length so one huge comment cannot blow the
model's context or the store.

``text`` is taken as plain text, literally: a commenter who writes ``<img src=x onerror=...>``
wrote those characters, and that is what the creator sees and the model answers. Markup is only
parsed when a client sends ``html`` instead (a scraper that has innerHTML, say), and then it is
turned into text, never kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from typing import Any

from .config import PLATFORMS
from .errors import ApiError

RAW_TEXT_CAP = 50_000
FIELD_CAPS = {"author": 200, "id": 300, "url": 2048, "post_title": 500}
CONTEXT_ITEMS, CONTEXT_ITEM_CAP = 10, 1000
_BLOCK_TAGS = {"br", "p", "div", "li", "tr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Unicode tag characters (U+E0020-E007E) are invisible, yet a model reads each as its ASCII twin, so a
# comment can carry an instruction the creator never sees ("ASCII smuggling"). Shown as the letters
# they stand for, the model reads only what the creator sees (red team, tests/test_redteam.py).
_TAG_CHARACTERS = {code: (chr(code - 0xE0000) if 0xE0020 <= code <= 0xE007E else None)
                   for code in range(0xE0000, 0xE0080)}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:  # emoji on YouTube and X arrive as <img alt="🍞">
                self.parts.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def to_plain_text(text: str, cap: int) -> str:
    """Plain text in, tidy plain text out (at most ``cap`` characters)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    if text and max(text) >= "\U000e0000":
        text = text.translate(_TAG_CHARACTERS)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > cap:
        text = text[: cap - 1].rstrip() + "…"
    return text


def one_line(text: str, cap: int) -> str:
    return to_plain_text(text, cap).replace("\n", " ")


@dataclass
class Comment:
    platform: str
    text: str
    author: str = ""
    id: str = ""
    url: str = ""
    post_title: str = ""
    context: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _text_field(data: dict[str, Any], name: str, cap: int) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError("invalid_comment", f"comment.{name} must be text.")
    if len(value) > cap * 4:
        raise ApiError("invalid_comment", f"comment.{name} is too long (at most {cap} characters).")
    return value


def parse_comment(data: Any, *, max_chars: int) -> Comment:
    """Validate a comment object from a request and normalise it."""
    if not isinstance(data, dict):
        raise ApiError("invalid_comment", "comment must be an object with at least platform and text.")
    platform = data.get("platform")
    if platform not in PLATFORMS:
        raise ApiError("invalid_comment", "comment.platform must be one of " + ", ".join(PLATFORMS) + ".")
    raw_text, markup = data.get("text"), data.get("html")
    if raw_text is None and isinstance(markup, str) and len(markup) <= RAW_TEXT_CAP:
        raw_text = html_to_text(markup)
    if not isinstance(raw_text, str) or len(raw_text) > RAW_TEXT_CAP:
        raise ApiError("invalid_comment", f"comment.text must be text of at most {RAW_TEXT_CAP} characters "
                       "(or send comment.html).")
    text = to_plain_text(raw_text, max_chars)
    if not text:
        raise ApiError("invalid_comment", "comment.text is empty.")
    fields = {name: one_line(_text_field(data, name, cap), cap) for name, cap in FIELD_CAPS.items()}
    if fields["url"] and not re.match(r"https?://", fields["url"]):
        raise ApiError("invalid_comment", "comment.url must start with http:// or https://.")
    context = data.get("context", [])
    if context is None:
        context = []
    if (not isinstance(context, list) or len(context) > CONTEXT_ITEMS * 5
            or not all(isinstance(item, str) for item in context)):
        raise ApiError("invalid_comment", "comment.context must be a list of texts (earlier comments in the thread).")
    context = [one_line(item, CONTEXT_ITEM_CAP) for item in context[-CONTEXT_ITEMS:]]
    return Comment(platform=platform, text=text, context=[item for item in context if item], **fields)
