"""The dossier on paper from the workbench: ``/entity/{id}/pdf`` (a download, audited as an
export) and ``/entity/{id}/print`` (every quote), under the reader's scope: an entity
known only from a confidential collection is a 404 to whoever was not granted it."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from redes import kb
from redes.access import audit, users
from redes.export import pdf
from redes.store.models import Collection, Document
from tests.web.conftest import build_store
from tests.web.corpus import XSS_IMG

MENCHO = "nemesio-oseguera-cervantes"
PASSWORD = "correct horse battery staple"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 0
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


@pytest.fixture(autouse=True)
def _weasyprint():
    from tests.conftest import unavailable

    try:
        pdf.fetcher()
    except pdf.PdfUnavailable as exc:
        unavailable(str(exc))


def test_a_dossier_downloads_as_pdf(client):
    r = client.get(f"/entity/{MENCHO}/pdf")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == f'attachment; filename="{MENCHO}.pdf"'
    assert r.headers["cache-control"] == "no-store"
    text = _pdf_text(r.content)
    assert "Nemesio Oseguera Cervantes" in text
    assert "Oseguera Cervantes leads the Jalisco New Generation Cartel" in text  # a quote
    assert "[1]" in text and "U.S. Department of State" in text  # a numbered source


def test_the_pdf_is_in_the_reader_s_language(client):
    from redes.web.i18n import COOKIE

    text = _pdf_text(client.get(f"/entity/{MENCHO}/pdf", headers={"Cookie": f"{COOKIE}=es"}).content)
    assert "Relaciones" in text and "Fuentes" in text and "página 1 de" in text
    assert "Oseguera Cervantes leads the Jalisco New Generation Cartel" in text  # quotes as written
    english = _pdf_text(client.get(f"/entity/{MENCHO}/pdf", headers={"Accept-Language": "en"}).content)
    assert "page 1 of" in english and "página" not in english


def test_the_dossier_page_links_its_print_view_and_pdf(client):
    page = client.get(f"/entity/{MENCHO}").text
    assert f'href="/entity/{MENCHO}/pdf"' in page and f'href="/entity/{MENCHO}/print"' in page
    assert 'media="print" href="/static/css/print.css' in page


def test_the_print_view_holds_every_quote_and_no_script(client, kb_store):
    r = client.get(f"/entity/{MENCHO}/print")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<script" not in html and "<form" not in html
    assert 'href="/static/css/print.css' in html
    d = kb.dossier(kb_store, MENCHO)
    quotes = [ev["quote"] for items in d["relations"].values() for c in items for ev in c["evidence"]]
    assert quotes and all(q.replace('"', "&#34;") in html for q in quotes)
    assert XSS_IMG not in html


def test_an_unknown_entity_is_a_404(client):
    assert client.get("/entity/no-such-entity-at-all/pdf").status_code == 404
    assert client.get("/entity/no-such-entity-at-all/print").status_code == 404


@pytest.fixture(scope="module")
def secret_store(tmp_path_factory):
    """The test corpus with its hostile field note in a confidential collection, and a
    viewer (vera) who was not granted it."""
    store = build_store(tmp_path_factory.mktemp("pdfscope"))
    with store.session() as s:
        users.create_collection(s, "secret", "confidential")
        secret = s.scalar(select(Collection.id).where(Collection.name == "secret"))
        doc = s.scalar(select(Document).where(Document.file_name == "en_field_note.txt"))
        doc.collection_id = secret
        user = users.create_user(s, "vera", "viewer")
        users.set_password(s, user, PASSWORD)
    yield store
    store.close()


def _signed_in(store, name: str):
    import re

    from fastapi.testclient import TestClient

    from redes.web import create_app

    c = TestClient(create_app(store), base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    page = c.get("/login")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
    r = c.post(
        "/login",
        data={"username": name, "password": PASSWORD, "form_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return c


def test_a_confidential_entity_is_a_404_and_its_quotes_never_leak(secret_store):
    hidden = kb.find(secret_store, XSS_IMG)[0]["id"]  # unscoped: the owner sees it
    vera = _signed_in(secret_store, "vera")
    assert vera.get(f"/entity/{hidden}").status_code == 404
    assert vera.get(f"/entity/{hidden}/pdf").status_code == 404
    assert vera.get(f"/entity/{hidden}/print").status_code == 404
    # The group it is allied with is visible, without the confidential note's quote.
    r = vera.get("/entity/cjng/pdf")
    assert r.status_code == 200
    text = _pdf_text(r.content)
    assert "Cártel de Jalisco Nueva Generación" in text
    assert "informant" not in text and "Field note" not in text
    assert "informant" not in vera.get("/entity/cjng/print").text


def test_a_pdf_download_is_audited_as_an_export(secret_store):
    vera = _signed_in(secret_store, "vera")
    assert vera.get(f"/entity/{MENCHO}/pdf").status_code == 200
    with secret_store.session() as s:
        rows = audit.events(s, actor="vera", action="export")
    assert any(r["target"] == "pdf" and r["detail"] == {"entity": MENCHO} for r in rows), rows
