import os
import stat

import pytest

from helpers import PORT, comment
from tandem.security import Pairing, load_or_create_token

HOSTILE_HOSTS = ["evil.example", "evil.example:8765", "127.0.0.1", "127.0.0.1:9999", "localhost.evil.example:8765",
                 "127.0.0.1.nip.io:8765", "0.0.0.0:8765", "", "LOCALHOST:8766", "[::1]", "192.168.1.10:8765"]


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_hostile_host_is_refused_even_for_health(app, host):
    response = app.test_client().get("/api/health", headers={"Host": host})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden_host"


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}", f"LOCALHOST:{PORT}"])
def test_loopback_hosts_are_accepted(app, host):
    assert app.test_client().get("/api/health", headers={"Host": host}).status_code == 200


def test_extra_allowed_host(make_app):
    app = make_app(ALLOWED_HOSTS=("tandem.lan",))
    assert app.test_client().get("/api/health", headers={"Host": f"tandem.lan:{PORT}"}).status_code == 200


@pytest.mark.parametrize("path,method", [("/api/suggest", "post"), ("/api/snippets", "get"), ("/api/voice", "get"),
                                         ("/api/settings", "get"), ("/api/export", "get"),
                                         ("/api/suggestions/0123456789abcdef/feedback", "post")])
def test_token_required(anonymous, path, method):
    response = getattr(anonymous, method)(path, json={})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer wrong", "Bearer ", "Basic abc", "bearer", "Token x"])
def test_wrong_token_refused(anonymous, header):
    response = anonymous.get("/api/snippets", headers={"Authorization": header})
    assert response.status_code == 401


def test_health_needs_no_token(anonymous):
    assert anonymous.get("/api/health").status_code == 200


def test_token_file_is_private_and_stable(tmp_path):
    first = load_or_create_token(tmp_path)
    assert len(first) >= 43  # 256 bits, url-safe base64
    assert stat.S_IMODE(os.stat(tmp_path / "token").st_mode) == 0o600
    assert load_or_create_token(tmp_path) == first


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:9999", "null",
                                    "chrome-extension://notpaired", "http://localhost:8766"])
def test_foreign_origin_refused_before_any_work(client, origin):
    before = len(client.get("/api/snippets").json["items"])
    response = client.post("/api/snippets", json={"title": "x", "text": "y"}, headers={"Origin": origin})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden_origin"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert len(client.get("/api/snippets").json["items"]) == before


def test_cross_site_fetch_without_origin_refused(client):
    response = client.get("/api/snippets", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_own_origin_allowed_with_cors_header(client):
    origin = f"http://127.0.0.1:{PORT}"
    response = client.get("/api/snippets", headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin


def test_cors_preflight_from_web_page_refused(client):
    response = client.options("/api/suggest", headers={"Origin": "https://evil.example",
                                                       "Access-Control-Request-Method": "POST"})
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_never_wildcard(client):
    response = client.options("/api/suggest", headers={"Origin": f"http://localhost:{PORT}",
                                                       "Access-Control-Request-Method": "POST"})
    assert response.headers.get("Access-Control-Allow-Origin") == f"http://localhost:{PORT}"


def test_oversized_body_refused(make_app):
    app = make_app(MAX_BODY_BYTES=1000)
    client = app.test_client()
    response = client.post("/api/suggest", data="x" * 5000, content_type="application/json",
                           headers={"Host": f"127.0.0.1:{PORT}",
                                    "Authorization": f"Bearer {app.extensions['tandem.token']}"})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_flood_of_wrong_tokens_is_rate_limited(anonymous):
    statuses = [anonymous.get("/api/snippets", headers={"Authorization": f"Bearer guess{i}"}).status_code
                for i in range(40)]
    assert statuses[0] == 401 and statuses[-1] == 429


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert client.get("/api/health").headers["Cache-Control"] == "no-store"


# ---- pairing -------------------------------------------------------------------------------
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


def _pair(app, code, origin=EXTENSION):
    headers = {"Host": f"127.0.0.1:{PORT}"} | ({"Origin": origin} if origin else {})
    return app.test_client().post("/api/pair", json={"code": code}, headers=headers)


def test_pairing_trades_code_for_token_once_and_admits_origin(app):
    page = app.test_client().get("/pair", headers={"Host": f"127.0.0.1:{PORT}"})
    code = page.data.decode().split('name="tandem-pairing-code" content="')[1].split('"')[0]
    response = _pair(app, code.lower())  # codes are forgiving about case
    assert response.status_code == 200
    assert response.json["token"] == app.extensions["tandem.token"]
    assert _pair(app, code).status_code == 400  # single use
    token = response.json["token"]
    later = app.test_client().get("/api/snippets", headers={"Host": f"127.0.0.1:{PORT}", "Origin": EXTENSION,
                                                            "Authorization": f"Bearer {token}"})
    assert later.status_code == 200


def test_pairing_refuses_web_origins(app):
    code = app.extensions["tandem.pairing"].new_code()
    assert _pair(app, code, origin="https://evil.example").status_code == 403


def test_pairing_locks_after_repeated_wrong_codes(app):
    pairing: Pairing = app.extensions["tandem.pairing"]
    code = pairing.new_code()
    for _ in range(10):
        assert _pair(app, "AAAA-AAAA").status_code == 403
    assert _pair(app, code).status_code == 400  # the real code was burnt by the guessing


def test_pairing_page_on_a_full_disk_is_a_clear_error(app, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("tandem.store.os.replace", full)
    response = app.test_client().get("/pair", headers={"Host": f"127.0.0.1:{PORT}"})
    assert response.status_code == 507 and "No space left" in response.json["error"]["message"]
