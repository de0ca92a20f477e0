"""Security: headers, Host and Origin checks, escaping of hostile text, and the static
rules (no CDN, no inline script, no innerHTML, every vendored file licensed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from redes.web.app import WEB_DIR, hosts_for
from redes.web.security import CSP
from tests.web.corpus import XSS_IMG, XSS_SCRIPT

TEMPLATES = WEB_DIR / "templates"
STATIC = WEB_DIR / "static"
OWN_JS = sorted((STATIC / "js").glob("*.js"))


def _field_note(client) -> int:
    return next(d["id"] for d in client.get("/api/documents").json() if d["file_name"] == "en_field_note.txt")


@pytest.mark.parametrize(
    "path", ["/", "/api/stats", "/static/css/redes.css", "/no/such/page", "/api/nothing"]
)
def test_every_response_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self';" in CSP and "unsafe" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    if not path.startswith("/static/"):
        assert r.headers["cache-control"] == "no-store"


def test_swagger_ui_is_not_served(client):
    # It loads its scripts from a CDN, which the CSP forbids; /openapi.json documents the API.
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


@pytest.mark.parametrize(
    ("host", "status"),
    [("127.0.0.1:8000", 200), ("localhost:8000", 200), ("[::1]:8000", 200), ("attacker.example", 400)],
)
def test_host_header_guards_against_dns_rebinding(client, host, status):
    assert client.get("/api/stats", headers={"Host": host}).status_code == status


def test_hosts_for_the_bound_address():
    assert "127.0.0.1" in hosts_for("127.0.0.1")
    assert "10.0.0.5" in hosts_for("10.0.0.5")
    assert hosts_for("0.0.0.0") == ["*"]


def test_cross_site_writes_are_refused(fresh_store):
    from tests.web.conftest import make_client

    with make_client(fresh_store) as c:
        key = c.get("/api/claims").json()[0]["key"]
        evil = c.post(f"/api/claims/{key}/reject", headers={"Origin": "http://attacker.example"})
        assert evil.status_code == 403
        sneaky = c.post(f"/api/claims/{key}/reject", headers={"Sec-Fetch-Site": "cross-site"})
        assert sneaky.status_code == 403
        assert c.get(f"/api/claims/{key}").json()["status"] == "machine"
        ok = c.post(
            f"/api/claims/{key}/reject",
            headers={"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"},
        )
        assert ok.status_code == 200
        assert c.get(f"/api/claims/{key}").json()["status"] == "rejected"


def test_hostile_text_is_escaped_in_every_page(client):
    doc = _field_note(client)
    slug = client.get("/api/entities", params={"q": XSS_IMG}).json()[0]["id"]
    pages = [
        f"/document/{doc}",
        f"/document/{doc}?hl=0-80",
        f"/entity/{slug}",
        "/entity/cjng",
        "/search?q=informant",
        "/search?q=onerror",
        "/review?status=all",
        "/documents",
        "/",
    ]
    for path in pages:
        html = client.get(path).text
        assert "alert(1)" in html or path in ("/documents", "/"), path
        assert XSS_SCRIPT not in html, path
        assert XSS_IMG not in html, path
        assert "<img" not in html, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/document/{doc}").text
    # JSON carries the text as it is: the browser code renders it with textContent.
    assert XSS_SCRIPT in client.get(f"/api/documents/{doc}").json()["text"]


def test_templates_never_mark_data_safe():
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", text), path
        assert "autoescape false" not in text and "Markup" not in text, path


def test_templates_have_no_inline_script_or_style():
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "<style" not in text and not re.search(r'\sstyle\s*=\s*"', text), path


def test_own_scripts_never_write_html():
    assert OWN_JS
    for path in OWN_JS:
        text = path.read_text(encoding="utf-8")
        for forbidden in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ):
            assert forbidden not in text, f"{path.name}: {forbidden}"


def test_nothing_loads_from_another_host():
    files = [*TEMPLATES.glob("*.html"), *OWN_JS, *(STATIC / "css").glob("*.css")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), path
        assert not re.search(r"""url\(\s*["']?(https?:)?//""", text), path
        assert 'fetch("http' not in text and "fetch(`http" not in text, path


def test_every_vendored_library_has_its_licence():
    vendor = STATIC / "vendor"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    libraries = [p for p in vendor.iterdir() if p.is_dir()]
    assert {p.name for p in libraries} == {
        "cytoscape",
        "cytoscape-fcose",
        "cose-base",
        "layout-base",
        "leaflet",
    }
    for lib in libraries:
        assert (lib / "LICENSE").stat().st_size > 500, lib
        assert lib.name in readme.lower()
        for js in lib.glob("*.js"):
            text = js.read_text(encoding="utf-8")
            assert "new Function" not in text and not re.search(r"\beval\(", text), js


def test_static_files_cannot_escape_their_folder(client):
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/%2e%2e/app.py").status_code == 404


def test_server_binds_to_loopback_by_default():
    import inspect

    from click.testing import CliRunner

    from redes.cli import cli
    from redes.web import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "127.0.0.1" in out


def test_serve_prints_the_url_and_runs_uvicorn(monkeypatch, tmp_path, capsys):
    import uvicorn

    import redes.web

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    redes.web.serve(db=str(tmp_path / "x.db"), port=8123)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "redes workbench: http://127.0.0.1:8123/"
    # No user yet: a one-time link creates the first admin (never a default password).
    assert any("http://127.0.0.1:8123/setup/" in line for line in lines)
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["access_log"] is False  # the tip line keeps no address
    assert Path(tmp_path / "x.db").exists()
