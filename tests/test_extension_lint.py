"""The extension's one manifest works for both browsers: Mozilla's web-ext lint finds no error
in it, and Chrome's limit of four commands with a suggested key holds."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
WEB_EXT = ROOT / "tests" / "lint" / "node_modules" / ".bin" / "web-ext"
# What sharing one manifest between Chrome and Firefox costs, and nothing else.
EXPECTED_WARNINGS = {"MANIFEST_PERMISSIONS", "BACKGROUND_SERVICE_WORKER_IGNORED"}


def test_web_ext_lint_finds_no_errors():
    if not WEB_EXT.exists():
        message = "web-ext is not installed: run `make test` (it runs npm ci in tests/lint)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run([str(WEB_EXT), "lint", "--source-dir", str(ROOT / "extension"), "--output", "json",
                             "--no-config-discovery"], capture_output=True, text=True, timeout=180)
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    assert {warning["code"] for warning in report["warnings"]} <= EXPECTED_WARNINGS, report["warnings"]


def test_manifest_serves_both_browsers():
    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text())
    assert manifest["manifest_version"] == 3
    assert manifest["background"]["service_worker"] and manifest["background"]["scripts"]
    assert manifest["browser_specific_settings"]["gecko"]["id"]
    assert set(manifest["host_permissions"]) == {"http://127.0.0.1/*", "http://localhost/*"}
    assert "<all_urls>" not in json.dumps(manifest) and "tabs" not in manifest["permissions"]
    with_keys = [name for name, command in manifest["commands"].items() if "suggested_key" in command]
    assert len(with_keys) == 4  # Chrome refuses to load an extension with a fifth
    for entry in manifest["content_scripts"]:
        for script in entry["js"]:
            assert (ROOT / "extension" / script).is_file(), script
