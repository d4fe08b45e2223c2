"""Prompt templates: the defaults shipped in prompts/ plus the creator's overrides.

Templates are plain text with ``{{variable}}`` slots. Double braces, not ``str.format``, so a
creator can write JSON examples and single braces freely. Filling is one pass: a value that
itself contains ``{{...}}`` (a comment can) is never expanded again.

Overrides live in ``$TANDEM_HOME/prompts/<name>.txt``; the shipped defaults are never touched and
deleting an override brings the default back. Templates are read on every use (they are tiny),
so edits take effect without a restart. Names from requests must match :data:`NAME_PATTERN`,
which stops path traversal (``../token``) before any path is built.
"""

from __future__ import annotations

import importlib.resources
import os
import re
from collections.abc import Mapping
from pathlib import Path

from .errors import ApiError, NotFound
from .store import atomic_write_bytes, storage_error

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,40}")
VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
MAX_TEMPLATE_CHARS = 20_000

# Which variables each template may use; names not listed take the fragment rule (no variables).
_VARIABLES: dict[str, frozenset[str]] = {
    "system": frozenset({"creator", "voice"}),
    "request": frozenset({"platform", "length_limit", "platform_notes", "tone", "tone_notes", "post", "thread", "notes", "language",
                          "examples", "n", "author", "tag", "comment"}),
    "examples": frozenset({"creator", "pairs"}),
    "personalise": frozenset({"creator", "answer", "tag", "author", "comment"}),
    "style_summary": frozenset({"creator", "replies"}),
    "triage": frozenset({"labels", "tag", "comment"}),
}


class TemplateError(ApiError):
    """A template that would send the model something broken, named by variable and line."""

    def __init__(self, message: str) -> None:
        super().__init__("invalid_template", message, 422)


def allowed_variables(name: str) -> frozenset[str]:
    return _VARIABLES.get(name, frozenset())


def validate(name: str, text: str) -> None:
    """Raise :class:`TemplateError` for unknown or missing variables, naming the line."""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise TemplateError(f"Template {name} is longer than {MAX_TEMPLATE_CHARS} characters.")
    allowed = allowed_variables(name)
    seen: set[str] = set()
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in VARIABLE.finditer(line):
            variable = match.group(1)
            if not IDENTIFIER.fullmatch(variable) or variable not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                raise TemplateError(f"Line {line_number}: unknown variable {{{{{variable}}}}} in "
                                    f"template {name} (allowed: {known}).")
            seen.add(variable)
    required = {"comment", "tag"} if name in ("request", "personalise", "triage") else set()
    missing = sorted(required - seen)
    if missing:
        raise TemplateError(f"Template {name} must contain {{{{{missing[0]}}}}}: without it the model "
                            "would never see the comment safely delimited.")


def render(text: str, values: Mapping[str, object]) -> str:
    """Fill every ``{{variable}}`` in one pass; unknown slots are left visible, never guessed."""
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)
    return VARIABLE.sub(substitute, text)


class PromptTemplates:
    """Defaults are read once (package data does not change while running); an override is
    re-read only when its file changes (inode, mtime or size), so edits apply at once without
    costing a disk read per suggestion."""

    def __init__(self, override_folder: Path) -> None:
        self.override_folder = Path(override_folder)
        folder = importlib.resources.files("tandem.default_prompts")
        self._defaults = {entry.name[:-4]: entry.read_text(encoding="utf-8")
                          for entry in folder.iterdir() if entry.name.endswith(".txt")}
        self._overrides: dict[str, tuple[tuple[int, int, int], str]] = {}

    def names(self) -> list[str]:
        return sorted(self._defaults)

    def has(self, name: str) -> bool:
        return name in self._defaults

    def check_name(self, name: str) -> str:
        if not NAME_PATTERN.fullmatch(name) or name not in self._defaults:
            raise NotFound("unknown_prompt", f"There is no prompt template named {name[:60]!r}.")
        return name

    def default(self, name: str) -> str:
        return self._defaults[self.check_name(name)]

    def _override_path(self, name: str) -> Path:
        return self.override_folder / f"{self.check_name(name)}.txt"

    def get(self, name: str) -> str:
        path = self._override_path(name)
        try:
            status = os.stat(path)
        except FileNotFoundError:
            return self._defaults[name]
        signature = (status.st_ino, status.st_mtime_ns, status.st_size)
        cached = self._overrides.get(name)
        if cached and cached[0] == signature:
            return cached[1]
        text = path.read_text(encoding="utf-8")
        self._overrides[name] = (signature, text)
        return text

    def is_overridden(self, name: str) -> bool:
        return self._override_path(name).is_file()

    def save(self, name: str, text: str) -> None:
        validate(self.check_name(name), text)
        path = self._override_path(name)
        # Overrides are files of their own, not TinyDB: without this a full or read-only disk
        # answered a bare 500 "internal" instead of the store's clear 507 (found by test_faults).
        try:
            self.override_folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, text.encode("utf-8"))
        except OSError as error:
            raise storage_error(path, error) from None

    def reset(self, name: str) -> None:
        path = self._override_path(name)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:  # a read-only folder: 507 in the one error shape, as for save
            raise storage_error(path, error) from None
