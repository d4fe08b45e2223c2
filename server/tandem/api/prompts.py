from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from .. import services
from ..comments import parse_comment
from ..errors import ApiError
from ..prompts import allowed_variables
from ..suggest import preferred_options
from . import bp, json_body

SAMPLE_COMMENT = {"platform": "youtube", "author": "Sam", "text": "What flour do you use for this loaf? It looks amazing!",
                  "post_title": "My weekend sourdough"}


def _describe(name: str) -> dict:
    templates = services().templates
    return {"name": name, "overridden": templates.is_overridden(name), "variables": sorted(allowed_variables(name))}


@bp.get("/prompts")
def list_prompts() -> ResponseReturnValue:
    return jsonify({"prompts": [_describe(name) for name in services().templates.names()]})


@bp.get("/prompts/<name>")
def get_prompt(name: str) -> ResponseReturnValue:
    templates = services().templates
    return jsonify(_describe(templates.check_name(name)) | {"text": templates.get(name),
                                                            "default": templates.default(name)})


@bp.put("/prompts/<name>")
def put_prompt(name: str) -> ResponseReturnValue:
    text = json_body().get("text")
    if not isinstance(text, str):
        raise ApiError("invalid_template", "Send the template as {\"text\": \"...\"}.")
    services().templates.save(name, text)
    return get_prompt(name)


@bp.delete("/prompts/<name>")
def reset_prompt(name: str) -> ResponseReturnValue:
    services().templates.reset(services().templates.check_name(name))
    return get_prompt(name)


@bp.post("/prompts/<name>/preview")
def preview_prompt(name: str) -> ResponseReturnValue:
    """The exact messages the model would get for a sample (or given) comment, using the given
    unsaved text for this template if any, so the creator sees an edit's effect before saving."""
    tandem = services()
    body = json_body()
    tandem.templates.check_name(name)
    draft = body.get("text")
    if draft is not None and not isinstance(draft, str):
        raise ApiError("invalid_template", "text must be the template text.")
    sample = dict(body.get("comment") or SAMPLE_COMMENT)
    # Previewing a platform or tone fragment shows it in use.
    if name.startswith("platform_"):
        sample["platform"] = name.removeprefix("platform_")
    comment = parse_comment(sample, max_chars=tandem.config["MAX_COMMENT_CHARS"])
    options = preferred_options(tandem.preferences.all(), comment.platform)
    if name.startswith("tone_"):
        options["tone"] = name.removeprefix("tone_")
    examples = tandem.voice.similar(comment.text, tandem.config["FEW_SHOT"])
    prompt = tandem.suggester.build_prompt(comment, n=options["n"], tone=options["tone"], examples=examples,
                                           replacing={name: draft} if draft is not None else None,
                                           reserve=len(options["disclosure"]) + 1 if options["disclosure"] else 0,
                                           their_language=options["their_language"])
    return jsonify({"messages": prompt.messages, "tag": prompt.tag, "comment": comment.to_dict()})
