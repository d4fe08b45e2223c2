"""Tandem: reply to comments in your own voice, with a local model and a human click."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from .config import load_config
from .errors import register_error_handlers
from .ledger import Ledger
from .llm import OllamaBackend
from .preferences import Preferences
from .prompts import PromptTemplates
from .snippets import Snippets
from .store import Store
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


def build_services(config: dict[str, Any]) -> Services:
    home = Path(config["HOME"])
    store = Store(home)
    backend = OllamaBackend(config["OLLAMA_HOST"], timeout=config["OLLAMA_TIMEOUT"],
                            connect_timeout=config["OLLAMA_CONNECT_TIMEOUT"],
                            keep_alive=config["KEEP_ALIVE"], num_ctx=config["NUM_CTX"])
    voice = Voice(store)
    snippets = Snippets(store)
    templates = PromptTemplates(home / "prompts")
    suggester = Suggester(backend=backend, voice=voice, snippets=snippets, templates=templates,
                          few_shot=config["FEW_SHOT"])
    ledger = Ledger(store, voice, suggester.recent, max_comment_chars=config["MAX_COMMENT_CHARS"])
    return Services(config, store, backend, voice, snippets, templates,
                    Preferences(store, config["MODEL"]), suggester, ledger)


def services() -> Services:
    return current_app.extensions["tandem"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """App factory (flaskr style): settings from the environment, overridden by ``test_config``."""
    from . import api, security, web

    config = load_config(test_config)
    app = Flask(__name__, static_folder=None)
    app.config.update(config)
    app.json.sort_keys = False
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("tandem", "werkzeug"):
        logging.getLogger(name).setLevel(config["LOG_LEVEL"])
    app.extensions["tandem"] = build_services(config)
    security.install(app, app.extensions["tandem"].store)
    register_error_handlers(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    return app
