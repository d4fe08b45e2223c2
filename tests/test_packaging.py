"""The default prompts, starter set and web pages ship inside the wheel, not just the checkout."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Build from a copy: an in-tree build/ folder left by an earlier build can hold stale modules.
    source = tmp_path_factory.mktemp("source") / "tandem"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "*.egg-info",
                                                                 ".pytest_cache", ".hypothesis", "__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "-w", str(out), str(source)], check=True, timeout=600)
    return next(out.glob("tandem-*.whl"))


def test_wheel_holds_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {path.name for path in (ROOT / "prompts").glob("*.txt")}
    assert {f"tandem/default_prompts/{name}" for name in prompts} <= names
    assert "tandem/starter/replies.json" in names
    assert "tandem/web/templates/pair.html" in names and "tandem/web/static/tandem.css" in names


def test_templates_load_from_the_wheel(wheel, tmp_path):
    code = ("import tandem, tandem.prompts as p, tandem.saved as s; "
            "t = p.PromptTemplates(__import__('pathlib').Path('.')); "
            "print(tandem.__file__); print(len(t.names()), len(s.starter_set()))")
    result = subprocess.run([sys.executable, "-c", code], env=os.environ | {"PYTHONPATH": str(wheel)},
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    origin, counts = result.stdout.strip().splitlines()
    assert str(wheel) in origin
    assert counts == f"{len(list((ROOT / 'prompts').glob('*.txt')))} 8"


def test_demo_page_quill_is_the_fixture_build():
    """One build (tests/browser/fixtures/editors/build.mjs) writes both copies: they never drift."""
    for name in ("quill.js", "quill.core.css"):
        shipped = ROOT / "server" / "tandem" / "web" / "static" / name
        built = ROOT / "tests" / "browser" / "fixtures" / "editors" / "dist" / name
        assert shipped.read_bytes() == built.read_bytes(), name
