"""CSV and XLSX: one document per sheet, each line a row with its number, so that
evidence cites "sheet 2 (Pagos), row 14"."""

import io
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from redes.cli import cli
from redes.ingest.formats import limits, sheets
from redes.ingest.pipeline import ingest
from redes.ingest.readers import ReadError, read_bytes
from redes.store.models import Document


def xlsx_bytes(book: dict[str, list[list[object]]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in book.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CSV = "nombre;ciudad;cargo\nAna Torres;Culiacán;contadora\n\nLuis Gómez;Tijuana;jefe de plaza\n"


def test_a_csv_keeps_its_row_numbers():
    doc = read_bytes(CSV.encode("utf-8"), "personas.csv")
    assert doc.format == "csv" and doc.meta == {"rows": 4}
    assert doc.text.splitlines() == [
        "1: nombre | ciudad | cargo",
        "2: Ana Torres | Culiacán | contadora",
        "4: Luis Gómez | Tijuana | jefe de plaza",
    ]
    offset = doc.text.index("Tijuana")
    assert sheets.row_at(doc.text, offset) == 4
    assert sheets.location({"format": "csv", "text": doc.text, "meta": doc.meta}, offset) == "row 4"


def test_each_sheet_of_a_workbook_is_a_child_document_citing_its_rows(sqlite_store, tmp_path):
    path = tmp_path / "libro.xlsx"
    path.write_bytes(
        xlsx_bytes(
            {
                "Personas": [["nombre", "ciudad"], ["Ana Torres", "Culiacán"]],
                "Pagos": [["fecha", "monto"]]
                + [["2021-03-01", 1000]] * 12
                + [["2021-04-02", "Ramiro Quintanilla"]],
            }
        )
    )
    report = ingest(sqlite_store, [path], extract=False)
    assert report.ok and len(report.results[0].children) == 2
    with sqlite_store.session() as s:
        pagos = s.scalar(select(Document).where(Document.file_name == "libro.xlsx (sheet 2: Pagos)"))
        doc = {"format": pagos.format, "text": pagos.text, "meta": pagos.meta}
    offset = pagos.text.index("Quintanilla")
    assert sheets.location(doc, offset) == "sheet 2 (Pagos), row 14"


def test_the_document_view_names_the_sheet_and_row_of_the_evidence(sqlite_store, tmp_path):
    from fastapi.testclient import TestClient

    from redes.web.app import create_app

    (tmp_path / "p.csv").write_bytes(CSV.encode())
    doc_id = ingest(sqlite_store, [tmp_path / "p.csv"], extract=False).results[0].document_id
    with sqlite_store.session() as s:
        text = s.get(Document, doc_id).text
    start = text.index("Luis")
    client = TestClient(create_app(sqlite_store), base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    page = client.get(f"/document/{doc_id}?hl={start}-{start + 10}")
    assert page.status_code == 200 and "The evidence is at row 4." in page.text


def test_a_sheet_is_found_by_search(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.csv").write_bytes(CSV.encode())
    db = tmp_path / "r.db"
    run = CliRunner().invoke
    assert run(cli, ["ingest", str(docs), "--db", str(db), "--no-extract"]).exit_code == 0
    found = json.loads(run(cli, ["search", "contadora", "--db", str(db), "--format", "json"]).output)
    assert found["count"] == 1


def test_limits_and_bad_sheets(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    with pytest.raises(ReadError, match="more than 2 rows"):
        read_bytes(CSV.encode(), "p.csv")
    with pytest.raises(ReadError, match="XLSX"):
        read_bytes(b"PK\x03\x04 not really", "x.xlsx")
    with pytest.raises(ReadError, match="every sheet is empty"):
        read_bytes(xlsx_bytes({"Vacía": []}), "vacio.xlsx")
