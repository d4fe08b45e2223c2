"""Pages the server shows in the browser: the dashboard home, the pairing page and the demo."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from .. import __version__, services

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")


@bp.get("/")
def home() -> ResponseReturnValue:
    tandem = services()
    model = tandem.preferences["model"]
    return render_template("home.html", version=__version__, health=tandem.backend.health(model),
                           replies=tandem.voice.reply_count(), snippets=len(tandem.snippets.all()))


def _dashboard(template: str, **values: object) -> ResponseReturnValue:
    """Dashboard pages carry the token in a meta tag for their own scripts. Only same-origin
    script can read it: other sites cannot read this page (no CORS, Host check), and
    frame-ancestors 'none' stops framing."""
    return render_template(template, version=__version__, token=current_app.extensions["tandem.token"],
                           preferences=services().preferences.all(), **values)


@bp.get("/inbox")
def inbox() -> ResponseReturnValue:
    return _dashboard("inbox.html")


@bp.get("/voice")
def voice() -> ResponseReturnValue:
    return _dashboard("voice.html")


@bp.get("/prompts")
def prompts() -> ResponseReturnValue:
    return _dashboard("prompts.html")


@bp.get("/stats")
def stats() -> ResponseReturnValue:
    return _dashboard("stats.html")


@bp.get("/pair")
def pair() -> ResponseReturnValue:
    """The page the extension recognises: its content script reads the code from the meta tag
    and trades it for the token. Other websites cannot read this page (Host and Origin checks,
    no CORS), and the code is single-use and short-lived."""
    code = current_app.extensions["tandem.pairing"].current_code()
    return render_template("pair.html", code=code, version=__version__)


@bp.get("/demo")
def demo() -> ResponseReturnValue:
    """A realistic comment section with a real editor, so a new creator can try the whole loop
    (suggest, pick, insert, edit) without logging in anywhere. Nothing on it is ever posted."""
    return render_template("demo.html", version=__version__)
