"""``tandem serve | suggest | doctor | pair | import | export``."""

from __future__ import annotations

import argparse
import errno
import json
import os
import socket
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from . import __version__, create_app
from .comments import parse_comment
from .config import PLATFORMS, TONES, load_config
from .errors import ApiError
from .importer import ImportProblem, read_replies
from .suggest import preferred_options
from .triage import warm_up

OLLAMA_INSTALL = "https://ollama.com/download"


def _app(args: argparse.Namespace, **overrides: Any):
    for name in ("host", "port"):
        if getattr(args, name, None) is not None:
            overrides[name.upper()] = getattr(args, name)
    return create_app(overrides)


def _model_advice(app) -> list[str]:
    tandem = app.extensions["tandem"]
    model = tandem.preferences["model"]
    health = tandem.backend.health(model, fresh=True)
    if health.reachable and health.model_present:
        return [f"Model: {model} via Ollama at {tandem.backend.host}."]
    lines = ["Ollama is not ready, so suggestions come from your saved replies for now.",
             f"  Why: {health.error.message if health.error else 'unknown'}"]
    if not health.reachable:
        lines.append(f"  Fix: install Ollama ({OLLAMA_INSTALL}), then run `ollama serve` and `ollama pull {model}`.")
    else:
        lines.append(f"  Fix: run `ollama pull {model}` (Tandem picks it up without a restart).")
    return lines


class KeepAliveHandler(WSGIRequestHandler):
    # HTTP/1.1 keeps the extension's connection open between requests (werkzeug's default
    # HTTP/1.0 opens a new TCP connection per call: ~1 ms each) and streams NDJSON chunked.
    protocol_version = "HTTP/1.1"


def make_http_server(app: Flask, host: str, port: int) -> BaseWSGIServer:
    """The server ``tandem serve`` runs (tests and benchmarks use the same one)."""
    return make_server(host, port, app, threaded=True, request_handler=KeepAliveHandler)


def cmd_serve(args: argparse.Namespace) -> int:
    app = _app(args)
    host, port = app.config["HOST"], app.config["PORT"]
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"WARNING: binding {host} exposes Tandem beyond this machine. Every request still needs the "
              "token, but keep it on 127.0.0.1 unless you know why.", file=sys.stderr)
    try:
        server = make_http_server(app, host, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"Port {port} is already in use (is Tandem already running?). Stop the other process or "
                  f"start with --port {port + 1} (and set the same address in the extension's options).",
                  file=sys.stderr)
            return 1
        raise
    code = app.extensions["tandem.pairing"].current_code()
    address = f"http://127.0.0.1:{port}"
    print(f"Tandem {__version__} is running at {address}/  (data: {app.config['HOME']})")
    print(f"Pair the extension: open {address}/pair in your browser (code {code}).")
    for line in _model_advice(app):
        print(line)
    print("Press Ctrl+C to stop.", flush=True)
    drafts = app.extensions["tandem"].drafts
    # Triage rules take ~1.7 s to compile; do it now, beside serving, not in the first ingest.
    threading.Thread(target=warm_up, name="tandem-warm-up", daemon=True).start()
    drafts.start()  # only the server drafts in the background, not one-off commands
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        drafts.stop()
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    app = _app(args)
    tandem = app.extensions["tandem"]
    try:
        comment = parse_comment({"platform": args.platform, "text": args.text, "author": args.author or ""},
                                max_chars=app.config["MAX_COMMENT_CHARS"])
    except ApiError as error:
        print(error.message, file=sys.stderr)
        return 2
    overrides = {name: value for name in ("n", "tone") if (value := getattr(args, name))}
    result = tandem.suggester.suggest(comment, **preferred_options(tandem.preferences.all(), comment.platform, **overrides))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    source = f"from {result['model']}" if result["engine"] == "ollama" else "from your saved replies"
    print(f"Suggestions {source} ({result['timings_ms']['total']:.0f} ms):")
    if result["reason"]:
        print(f"  ({result['reason']})")
    for number, suggestion in enumerate(result["suggestions"], start=1):
        print(f"\n{number}. {suggestion['text']}")
        for flag in suggestion["flags"]:
            print(f"   ! {flag['message']}")
    return 0


def _check(ok: bool, label: str, fix: str = "") -> bool:
    print(f"[{'ok' if ok else 'FAIL'}] {label}")
    if not ok and fix:
        print(f"       fix: {fix}")
    return ok


def _tandem_answers(port: int) -> bool:
    """Whether what listens on the port is a Tandem server (its health answer says so)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
            return "version" in json.loads(response.read())
    except (OSError, ValueError):
        return False


def cmd_doctor(args: argparse.Namespace) -> int:
    config = load_config({name.upper(): value for name in ("port",)
                          if (value := getattr(args, name, None)) is not None})
    home: Path = config["HOME"]
    results = []
    try:
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=home, prefix=".doctor-"):
            pass
        results.append(_check(True, f"data folder {home} is writable"))
    except OSError as error:
        results.append(_check(False, f"data folder {home} is not writable ({error.strerror})",
                              f"set TANDEM_HOME to a folder you own, or fix its permissions (chmod u+rwx {home})"))
    token = home / "token"
    token_ok = token.is_file() and (os.name == "nt" or token.stat().st_mode & 0o077 == 0)
    results.append(_check(token_ok, "pairing token present and private" if token_ok else "pairing token missing or readable by others",
                          f"run `tandem serve` once (it creates it), or `chmod 600 {token}`"))
    port = config["PORT"]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        port_free = probe.connect_ex(("127.0.0.1", port)) != 0
    if port_free:
        results.append(_check(True, f"port {port} is free"))
    elif _tandem_answers(port):
        results.append(_check(True, f"Tandem is already running on port {port}"))
    else:
        results.append(_check(False, f"port {port} is taken by another program",
                              f"stop that program, or use `tandem serve --port {port + 1}` (and the same address "
                              "in the extension's options)"))
    app = create_app({"PORT": config["PORT"]})
    tandem = app.extensions["tandem"]
    model = tandem.preferences["model"]
    health = tandem.backend.health(model, fresh=True)
    results.append(_check(health.reachable, f"Ollama reachable at {tandem.backend.host}",
                          f"install Ollama ({OLLAMA_INSTALL}) and run `ollama serve`, or set OLLAMA_HOST"))
    if health.reachable:
        results.append(_check(health.model_present, f"model {model} is pulled",
                              f"run `ollama pull {model}`" + (f" (installed: {', '.join(health.models)})" if health.models else "")))
    return 0 if all(results) else 1


def cmd_pair(args: argparse.Namespace) -> int:
    app = _app(args)
    code = app.extensions["tandem.pairing"].new_code()
    port = app.config["PORT"]
    print(f"To pair the browser extension, with `tandem serve` running, open http://127.0.0.1:{port}/pair")
    print(f"or type this code in the extension's options page: {code}  (valid 15 minutes, once)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    def progress(count: int) -> None:
        print(f"  read {count} rows...", file=sys.stderr, flush=True)
    try:
        rows = read_replies(Path(args.file), default_platform=args.platform or "", progress=progress)
    except ImportProblem as error:
        print(f"Nothing was imported. {error}", file=sys.stderr)
        return 1
    app = _app(args)
    added = len(app.extensions["tandem"].voice.add_replies(rows))
    print(f"Imported {added} past replies from {args.file}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .api.data import export_document
    app = _app(args)
    with app.app_context():
        text = json.dumps(export_document(), ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"Exported all Tandem data to {args.output}.", file=sys.stderr)
    else:
        print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tandem", description="Reply to comments in your own voice.")
    parser.add_argument("--version", action="version", version=f"tandem {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the local server")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8765)")
    suggest = commands.add_parser("suggest", help="suggest replies to one comment, without a browser")
    suggest.add_argument("text")
    suggest.add_argument("--platform", default="youtube", choices=PLATFORMS)
    suggest.add_argument("--author")
    suggest.add_argument("--n", type=int, choices=range(1, 6))
    suggest.add_argument("--tone", choices=TONES)
    suggest.add_argument("--json", action="store_true", help="print the API's JSON answer")
    doctor = commands.add_parser("doctor", help="check Ollama, the model, the data folder, the port and the token")
    doctor.add_argument("--port", type=int)
    pair = commands.add_parser("pair", help="show how to pair the browser extension")
    pair.add_argument("--port", type=int)
    importer = commands.add_parser("import", help="import past replies from CSV, JSON or a Google Takeout comments.csv")
    importer.add_argument("file")
    importer.add_argument("--platform", choices=PLATFORMS, help="platform for rows that name none")
    export = commands.add_parser("export", help="write all data as one JSON file")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    return parser


HANDLERS = {"serve": cmd_serve, "suggest": cmd_suggest, "doctor": cmd_doctor, "pair": cmd_pair,
            "import": cmd_import, "export": cmd_export}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except ValueError as error:  # a bad environment variable, named by load_config
        print(f"tandem: {error}", file=sys.stderr)
        return 2
