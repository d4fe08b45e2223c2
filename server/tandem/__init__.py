"""Tandem: reply to comments in your own voice, with a local model and a human click."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from .config import load_config
from .drafting import DraftQueue
from .inbox import Inbox
from .errors import register_error_handlers
from .ledger import Ledger
from .llm import OllamaBackend
from .notes import PostNotes
from .preferences import Preferences
from .prompts import PromptTemplates
from .snippets import Snippets
from .store import Store
from .style import StyleNotes
from .suggest import Suggester
from .voice import Voice

__version__ = "0.1.0"


@dataclass
class Services:
    """Everything a view needs, built once per app so tests get isolated instances."""

    config: dict[str, Any]
    store: Store
    backend: OllamaBackend
    voice: Voice
    snippets: Snippets
    templates: PromptTemplates
    preferences: Preferences
    suggester: Suggester
    ledger: Ledger
    inbox: Inbox
    drafts: DraftQueue
    notes: PostNotes
    style: StyleNotes

    def wipe(self) -> None:
        """Delete all of the creator's data, on disk and in memory."""
        with self.store.transaction():
            paired = self.pairing_origins()
            self.store.wipe()
            shutil.rmtree(self.templates.override_folder, ignore_errors=True)
            self.suggester.recent.clear()
            self.restore_pairing(paired)

    def pairing_origins(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self.store.table("settings", "paired_origins").all()]

    def restore_pairing(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.store.table("settings", "paired_origins").insert_multiple(rows)


def build_services(config: dict[str, Any]) -> Services:
    home = Path(config["HOME"])
    store = Store(home)
    backend = OllamaBackend(config["OLLAMA_HOST"], timeout=config["OLLAMA_TIMEOUT"],
                            connect_timeout=config["OLLAMA_CONNECT_TIMEOUT"],
                            keep_alive=config["KEEP_ALIVE"], num_ctx=config["NUM_CTX"])
    voice = Voice(store)
    snippets = Snippets(store)
    templates = PromptTemplates(home / "prompts")
    style = StyleNotes(store)
    notes = PostNotes(store)
    suggester = Suggester(backend=backend, voice=voice, snippets=snippets, templates=templates, notes=notes,
                          style=style, few_shot=config["FEW_SHOT"])
    ledger = Ledger(store, voice, suggester.recent, style, max_comment_chars=config["MAX_COMMENT_CHARS"])
    preferences = Preferences(store, config["MODEL"])
    inbox = Inbox(store, max_batch=config["MAX_BATCH"], max_comment_chars=config["MAX_COMMENT_CHARS"])
    drafts = DraftQueue(inbox=inbox, suggester=suggester, preferences=preferences, store=store,
                        workers=config["DRAFT_WORKERS"])
    return Services(config, store, backend, voice, snippets, templates, preferences, suggester, ledger,
                    inbox, drafts, notes, style)


def services() -> Services:
    return current_app.extensions["tandem"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """App factory (flaskr style): settings from the environment, overridden by ``test_config``."""
    from . import api, security, web

    config = load_config(test_config)
    app = Flask(__name__, static_folder=None)
    # Werkzeug would answer "/static//etc/passwd" or "/api//snippets" with an HTML 308 to the merged
    # path, outside the one JSON error shape and echoing the request path into Location. Such paths
    # are now plain 404s (tests/test_traversal.py). Set before any rule is bound: rules copy it then.
    app.url_map.merge_slashes = False
    app.config.update(config)
    app.json.sort_keys = False
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("tandem").setLevel(config["LOG_LEVEL"])
    # One line per request (the extension polls) drowns what matters; shown only when debugging.
    logging.getLogger("werkzeug").setLevel("DEBUG" if config["LOG_LEVEL"] == "DEBUG" else "WARNING")
    app.extensions["tandem"] = build_services(config)
    security.install(app, app.extensions["tandem"].store)
    register_error_handlers(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    return app
