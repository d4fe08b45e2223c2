import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from helpers import free_port
from tandem.cli import main


@pytest.fixture
def env(monkeypatch, tmp_path, ollama_down_url):
    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("OLLAMA_HOST", ollama_down_url)
    monkeypatch.setenv("TANDEM_LOG_LEVEL", "WARNING")
    return tmp_path


def test_suggest_without_ollama_prints_saved_suggestions(env, capsys):
    assert main(["suggest", "Love this! What camera do you use?", "--author", "Sam"]) == 0
    out = capsys.readouterr().out
    assert "from your saved replies" in out and "ollama serve" in out
    assert "\n1. " in out and "\n3. " in out


def test_suggest_with_ollama_json(env, fake_ollama, monkeypatch, capsys):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    fake_ollama.reply = json.dumps({"suggestions": [{"text": "One"}, {"text": "Two, different"}]})
    assert main(["suggest", "hello there", "--platform", "x", "--n", "2", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["engine"] == "ollama" and [item["text"] for item in body["suggestions"]] == ["One", "Two, different"]


def test_suggest_rejects_empty_comment(env, capsys):
    assert main(["suggest", " \u200b "]) == 2
    assert "empty" in capsys.readouterr().err


def test_doctor_names_each_fix(env, capsys):
    assert main(["doctor", "--port", str(free_port())]) == 1  # Ollama is down
    out = capsys.readouterr().out
    assert "[ok] data folder" in out
    assert "[FAIL] Ollama reachable" in out and "ollama serve" in out


def test_doctor_all_green_with_ollama(env, fake_ollama, monkeypatch, capsys):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    main(["pair"])  # creates the token
    capsys.readouterr()
    assert main(["doctor", "--port", str(free_port())]) == 0
    assert "FAIL" not in capsys.readouterr().out


def test_doctor_model_missing(env, fake_ollama, monkeypatch, capsys):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    monkeypatch.setenv("TANDEM_MODEL", "qwen3:8b")
    main(["doctor", "--port", str(free_port())])
    assert "ollama pull qwen3:8b" in capsys.readouterr().out


def test_pair_prints_a_code_the_server_accepts(env, capsys):
    from tandem import create_app
    assert main(["pair"]) == 0
    out = capsys.readouterr().out
    code = out.split("options page: ")[1].split()[0]
    app = create_app()
    response = app.test_client().post("/api/pair", json={"code": code}, headers={"Host": "127.0.0.1:8765"})
    assert response.status_code == 200 and response.json["token"]


def test_import_then_export(env, capsys):
    source = env / "replies.csv"
    source.write_text("comment,reply,platform,date\nWhat flour?,Bread flour!,youtube,2024-01-01\n"
                      "\"Nice, really\",\"Thanks, friend\",x,\n", encoding="utf-8")
    assert main(["import", str(source)]) == 0
    assert "Imported 2" in capsys.readouterr().out
    output = env / "export.json"
    assert main(["export", "--output", str(output)]) == 0
    data = json.loads(output.read_text())
    replies = sorted(row["reply"] for row in data["data"]["replies"]["_default"].values())
    assert replies == ["Bread flour!", "Thanks, friend"]
    assert main(["export"]) == 0
    assert json.loads(capsys.readouterr().out)["tandem_export"] == 1


def test_import_bad_row_imports_nothing(env, capsys):
    source = env / "replies.csv"
    source.write_text("comment,reply\nok,fine\nmissing reply,\n", encoding="utf-8")
    assert main(["import", str(source)]) == 1
    assert "line 3" in capsys.readouterr().err
    main(["export"])
    assert json.loads(capsys.readouterr().out)["data"]["replies"] == {}


def test_bad_environment_is_a_clear_error(env, monkeypatch, capsys):
    monkeypatch.setenv("TANDEM_PORT", "eighty")
    assert main(["pair"]) == 2
    assert "TANDEM_PORT" in capsys.readouterr().err


def test_doctor_recognises_a_running_tandem_and_a_foreign_program(env, capsys):
    import socket
    import threading

    from helpers import free_port as pick
    from tandem import create_app
    from tandem.cli import make_http_server
    port = pick()
    app = create_app({"PORT": port})
    server = make_http_server(app, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        main(["doctor", "--port", str(port)])
        assert f"[ok] Tandem is already running on port {port}" in capsys.readouterr().out
    finally:
        server.shutdown()
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        main(["doctor", "--port", str(other.getsockname()[1])])
    assert "is taken by another program" in capsys.readouterr().out


def test_serve_as_a_real_process_answers_from_saved_replies(env, ollama_down_url):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tandem", "serve", "--port", str(port)],
                               env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = [process.stdout.readline() for _ in range(3)]
        assert f"http://127.0.0.1:{port}/" in banner[0]
        assert "/pair" in banner[1]
        assert "saved replies" in banner[2]
        token = (env / "home" / "token").read_text().strip()
        response = httpx.post(f"http://127.0.0.1:{port}/api/suggest", timeout=10,
                              json={"comment": {"platform": "youtube", "text": "How long do you proof the dough?"}},
                              headers={"Authorization": f"Bearer {token}"})
        body = response.json()
        assert response.status_code == 200 and body["engine"] == "saved" and "ollama serve" in body["reason"]
        assert len(body["suggestions"]) == 3
        # Port already taken: a clear message, not a traceback.
        second = subprocess.run([sys.executable, "-m", "tandem", "serve", "--port", str(port)], env=os.environ.copy(),
                                capture_output=True, text=True, timeout=30)
        assert second.returncode == 1 and "already in use" in second.stderr
    finally:
        process.terminate()
        process.wait(timeout=10)
