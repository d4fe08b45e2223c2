from pathlib import Path

import pytest

from tandem.config import PREFERENCES, SETTINGS, default_home, load_config

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_readme_documents_every_setting(setting):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{setting.name}` |")), None)
    assert row is not None, f"README has no row for setting {setting.name}"
    assert f"`{setting.env}`" in row


@pytest.mark.parametrize("preference", PREFERENCES, ids=lambda preference: preference.name)
def test_readme_documents_every_preference(preference):
    assert any(line.startswith(f"| `{preference.name}` |") for line in README.splitlines())


def test_environment_overrides_defaults(tmp_path):
    config = load_config(environ={"TANDEM_HOME": str(tmp_path), "TANDEM_PORT": "9000", "TANDEM_MODEL": "qwen3:4b",
                                  "OLLAMA_HOST": "http://127.0.0.1:1", "TANDEM_ALLOWED_HOSTS": "a.lan, B.lan"})
    assert config["HOME"] == tmp_path and config["PORT"] == 9000 and config["MODEL"] == "qwen3:4b"
    assert config["OLLAMA_HOST"] == "http://127.0.0.1:1" and config["ALLOWED_HOSTS"] == ("a.lan", "b.lan")


def test_explicit_overrides_win(tmp_path):
    config = load_config({"PORT": 1234, "HOME": tmp_path}, environ={"TANDEM_PORT": "9000"})
    assert config["PORT"] == 1234


@pytest.mark.parametrize("env", [{"TANDEM_PORT": "abc"}, {"TANDEM_PORT": "-1"}, {"TANDEM_OLLAMA_TIMEOUT": "0"}])
def test_bad_environment_value_names_the_variable(env):
    with pytest.raises(ValueError, match=next(iter(env))):
        load_config(environ=env)


def test_default_home_is_a_user_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_home() == tmp_path / "tandem"
    assert load_config(environ={})["HOME"].name.lower() == "tandem"
