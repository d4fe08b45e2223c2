import pytest

from tandem.errors import NotFound
from tandem.prompts import PromptTemplates, TemplateError, render, validate


@pytest.fixture
def templates(tmp_path):
    return PromptTemplates(tmp_path / "prompts")


def test_defaults_ship_and_validate(templates):
    names = templates.names()
    assert {"system", "request", "examples", "tone_warm", "platform_x"} <= set(names)
    for name in names:
        validate(name, templates.default(name))


def test_override_reset_and_hot_reload(templates):
    default = templates.get("tone_warm")
    templates.save("tone_warm", "Cosy and kind.")
    assert templates.get("tone_warm") == "Cosy and kind." and templates.is_overridden("tone_warm")
    assert templates.default("tone_warm") == default
    templates.reset("tone_warm")
    assert templates.get("tone_warm") == default and not templates.is_overridden("tone_warm")


@pytest.mark.parametrize("name", ["../token", "system/../../x", "SYSTEM", "", "a" * 60, "nope"])
def test_names_cannot_escape(templates, name):
    with pytest.raises(NotFound):
        templates.get(name)


def test_unknown_variable_named_with_line():
    with pytest.raises(TemplateError, match=r"Line 2: unknown variable \{\{secret\}\}"):
        validate("system", "Hello {{creator}}\nand {{secret}}")


def test_request_needs_comment_and_tag():
    with pytest.raises(TemplateError, match="comment"):
        validate("request", "<{{tag}}></{{tag}}>")


def test_render_is_one_pass():
    assert render("Hi {{author}} {{missing}}", {"author": "{{author}} {{tag}}"}) == "Hi {{author}} {{tag}} {{missing}}"


def test_single_braces_are_free_text():
    validate("system", 'Answer as {"suggestions": [{"text": "..."}]}')
