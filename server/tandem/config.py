"""Settings as data.

Two kinds, both declared here so one test can check the README documents every one:

* :data:`SETTINGS` are how the server runs (address, data folder, Ollama host, limits). Each has
  a default, an environment variable, and can be overridden by ``create_app(test_config)``.
* :data:`PREFERENCES` are the creator's choices (model, tone, ...). They change at run time
  through ``/api/settings`` or the options page and are stored in the data folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TONES = ("warm", "playful", "professional", "concise", "enthusiastic")
PLATFORMS = ("youtube", "x", "reddit", "instagram", "tiktok", "facebook", "linkedin", "demo")


def default_home() -> Path:
    """The platform's user data folder, so data survives reinstalls and is per user."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "Tandem"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Tandem"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tandem"


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError("must be a positive number")
    return value


def _host_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    parse: Callable[[str], Any]
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("HOME", "TANDEM_HOME", None, Path,
            "Data folder (token, replies, inbox, prompts). Default: the platform's user data "
            "folder, e.g. ~/.local/share/tandem on Linux."),
    Setting("HOST", "TANDEM_HOST", "127.0.0.1", str,
            "Address to bind. Keep it on loopback; anything else prints a warning."),
    Setting("PORT", "TANDEM_PORT", 8765, _positive_int, "Port to listen on."),
    Setting("MODEL", "TANDEM_MODEL", "llama3.2:3b", str,
            "Ollama model used until the creator picks another in the options page."),
    Setting("OLLAMA_HOST", "OLLAMA_HOST", "http://127.0.0.1:11434", str,
            "Where Ollama listens (the Ollama client's own variable)."),
    Setting("OLLAMA_TIMEOUT", "TANDEM_OLLAMA_TIMEOUT", 60.0, _positive_float,
            "Seconds one suggestion may take from Ollama before Tandem answers from saved replies."),
    Setting("OLLAMA_CONNECT_TIMEOUT", "TANDEM_OLLAMA_CONNECT_TIMEOUT", 2.0, _positive_float,
            "Seconds to wait for Ollama to accept a connection."),
    Setting("KEEP_ALIVE", "TANDEM_KEEP_ALIVE", "30m", str,
            "How long Ollama keeps the model loaded between comments (Ollama duration syntax)."),
    Setting("NUM_CTX", "TANDEM_NUM_CTX", 4096, _positive_int,
            "Context window asked of Ollama; set explicitly because older Ollama silently "
            "truncated prompts at 2048 tokens."),
    Setting("FEW_SHOT", "TANDEM_FEW_SHOT", 4, _positive_int,
            "How many of your most similar past replies go into the prompt as examples."),
    Setting("MAX_BODY_BYTES", "TANDEM_MAX_BODY_BYTES", 2_000_000, _positive_int,
            "Largest request body accepted, in bytes."),
    Setting("MAX_COMMENT_CHARS", "TANDEM_MAX_COMMENT_CHARS", 4000, _positive_int,
            "Comment text beyond this many characters is cut before it reaches the model."),
    Setting("MAX_BATCH", "TANDEM_MAX_BATCH", 500, _positive_int,
            "Most comments accepted in one inbox batch."),
    Setting("DRAFT_WORKERS", "TANDEM_DRAFT_WORKERS", 1, int,
            "Background workers pre-drafting inbox replies while `tandem serve` runs (0 turns it off)."),
    Setting("ALLOWED_HOSTS", "TANDEM_ALLOWED_HOSTS", (), _host_list,
            "Extra Host header names to accept (comma-separated), only needed when binding "
            "beyond loopback."),
    Setting("LOG_LEVEL", "TANDEM_LOG_LEVEL", "INFO", str.upper, "Server log level."),
)


def load_config(overrides: Mapping[str, Any] | None = None,
                environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Defaults, then environment variables, then explicit overrides (tests, CLI flags)."""
    environ = os.environ if environ is None else environ
    config: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        raw = environ.get(setting.env)
        if raw not in (None, ""):
            try:
                value = setting.parse(raw)
            except ValueError as error:
                raise ValueError(f"{setting.env}={raw!r}: {error}") from None
        config[setting.name] = value
    config.update(overrides or {})
    if config["HOME"] is None:
        config["HOME"] = default_home()
    config["HOME"] = Path(config["HOME"]).expanduser()
    return config


@dataclass(frozen=True)
class Preference:
    name: str
    default: Any
    check: Callable[[Any], Any]
    help: str


def _model_name(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 200 or any(c.isspace() for c in value):
        raise ValueError("must be an Ollama model name such as llama3.2:3b")
    return value


def _temperature(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 2:
        raise ValueError("must be a number from 0 to 2")
    return float(value)


def _suggestion_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError("must be a whole number from 1 to 5")
    return value


def _tone(value: Any) -> str:
    if value not in TONES:
        raise ValueError("must be one of " + ", ".join(TONES))
    return value


def _whole_number(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value
    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _disclosures(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or any(key not in PLATFORMS or not isinstance(text, str) or len(text) > 80
                                          for key, text in value.items()):
        raise ValueError("must map platforms to a short tag (at most 80 characters each)")
    return {key: text.strip() for key, text in value.items() if text.strip()}


def _platform_list(value: Any) -> list[str]:
    if not isinstance(value, list) or any(item not in PLATFORMS for item in value):
        raise ValueError("must be a list drawn from " + ", ".join(PLATFORMS))
    return sorted(set(value))


PREFERENCES: tuple[Preference, ...] = (
    Preference("model", None, _model_name,
               "Ollama model for suggestions (default: the MODEL setting)."),
    Preference("temperature", 0.7, _temperature, "Sampling temperature, 0 to 2."),
    Preference("n", 3, _suggestion_count, "Suggestions per comment, 1 to 5."),
    Preference("tone", "warm", _tone, "Default tone: " + ", ".join(TONES) + "."),
    Preference("sites", sorted(PLATFORMS), _platform_list,
               "Sites where the extension reads comments."),
    Preference("reply_in_their_language", False, _flag,
               "Reply in the commenter's language, with a back-translation shown before you insert."),
    Preference("disclosure", {}, _disclosures,
               "Per-platform tag appended when a reply is inserted, e.g. {\"youtube\": \"(drafted with AI, sent by me)\"}; "
               "counted in the length limit."),
    Preference("draft_daily_cap", 200, _whole_number(0, 10_000),
               "Most inbox items pre-drafted per day (0 stops pre-drafting)."),
    Preference("batch_limit", 0, _whole_number(0, 1000),
               "Inbox items per sitting before the dashboard suggests a break (0: no limit)."),
    Preference("session_minutes", 0, _whole_number(0, 600),
               "Minutes per sitting before the dashboard suggests a break (0: no timer)."),
    Preference("blur_toxic_on_pages", False, _flag,
               "Blur comments triaged as toxic on the live sites too (for you only)."),
)
PREFERENCE_BY_NAME = {preference.name: preference for preference in PREFERENCES}
