"""OCR with real Tesseract: a scanned Spanish page (made here, no text layer) is read,
keeps its confidence, and is found by ``redes search``."""

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from redes.cli import cli
from redes.ingest.formats import limits, ocr
from redes.ingest.pipeline import ingest
from redes.ingest.readers import ReadError, read_bytes
from redes.store.models import Document
from tests.ingest.formats.scans import SPANISH_PAGE, need_tesseract, png_bytes, scanned_pdf


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_a_scanned_spanish_pdf_is_read_by_ocr_and_found_by_search(tmp_path):
    need_tesseract()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "escaneo.pdf").write_bytes(scanned_pdf(SPANISH_PAGE))
    db = tmp_path / "r.db"
    assert run("ingest", docs, "--db", db, "--no-extract").exit_code == 0
    found = json.loads(run("search", "extorsion", "--db", db, "--format", "json").output)
    assert found["count"] == 1 and "escaneo.pdf" in json.dumps(found["results"][0])


def test_ocr_keeps_its_confidence_and_evidence_offsets_point_into_the_ocr_text(sqlite_store, tmp_path):
    need_tesseract()
    (tmp_path / "foto.png").write_bytes(png_bytes(SPANISH_PAGE))
    ingest(sqlite_store, [tmp_path / "foto.png"], extract=False)
    with sqlite_store.session() as s:
        doc = s.scalar(select(Document))
        assert doc.format == "image" and doc.language == "es"
        assert 60 <= doc.ocr_confidence <= 100
        assert doc.meta["ocr_pages"] == 1
        start = doc.text.index("Culiacán")
        assert doc.text[start : start + len("Culiacán")] == "Culiacán"


def test_the_document_view_says_the_text_came_from_ocr(sqlite_store, tmp_path):
    need_tesseract()
    from fastapi.testclient import TestClient

    from redes.web.app import create_app

    (tmp_path / "foto.png").write_bytes(png_bytes(SPANISH_PAGE))
    report = ingest(sqlite_store, [tmp_path / "foto.png"], extract=False)
    doc_id = report.results[0].document_id
    client = TestClient(create_app(sqlite_store), base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    page = client.get(f"/document/{doc_id}")
    assert page.status_code == 200
    assert "text read by OCR, confidence" in page.text


def test_blank_pages_are_capped_with_a_note(monkeypatch):
    need_tesseract()
    monkeypatch.setattr(limits, "OCR_MAX_PAGES", 2)
    doc = read_bytes(scanned_pdf(SPANISH_PAGE, blank_pages=5), "largo.pdf")
    assert "Culiacán" in doc.text
    assert "OCR stopped after 2 of 6 pages" in doc.meta["ocr_note"]


def test_a_pdf_of_blank_pages_stops_at_the_cap_with_a_clear_reason(monkeypatch):
    need_tesseract()
    monkeypatch.setattr(limits, "OCR_MAX_PAGES", 3)
    with pytest.raises(ReadError, match="found no text in it: OCR stopped after 3 of 40 pages"):
        read_bytes(scanned_pdf([], blank_pages=39), "vacio.pdf")


def test_without_tesseract_a_scan_fails_with_what_to_install(monkeypatch):
    monkeypatch.setattr(ocr, "languages", lambda: None)
    with pytest.raises(ReadError, match="tesseract-ocr-spa"):
        read_bytes(scanned_pdf(SPANISH_PAGE), "scan.pdf")
    with pytest.raises(ReadError, match="install Tesseract"):
        read_bytes(png_bytes(SPANISH_PAGE), "scan.png")


def test_an_image_past_the_pixel_limit_is_refused(monkeypatch):
    need_tesseract()
    monkeypatch.setattr(limits, "MAX_PIXELS", 1000)
    with pytest.raises(ReadError, match="too large for OCR"):
        read_bytes(png_bytes(SPANISH_PAGE), "huge.png")


def test_a_corrupt_image_fails_cleanly():
    need_tesseract()
    with pytest.raises(ReadError, match="not an image"):
        read_bytes(b"\x89PNG\r\n\x1a\n garbage", "broken.png")
