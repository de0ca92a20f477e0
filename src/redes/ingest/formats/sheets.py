"""Spreadsheets and tables: ``.csv`` and ``.xlsx`` (openpyxl, read-only streaming mode).

Each sheet is a document whose text is one line per row, prefixed by the row's number as
the spreadsheet shows it ("14: Ana Torres | Culiacán | 2021"), so that evidence can cite
"sheet 2, row 14": ``location`` maps a character offset back to sheet and row. A
workbook of several sheets is a document listing them, each sheet a child.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator

from redes.ingest.formats import limits
from redes.ingest.readers import ParsedDocument, ReadError, decode_text

SEPARATOR = " | "
_ROW = re.compile(r"(\d+): ")


def read_csv(data: bytes, name: str) -> ParsedDocument:
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        body, count = _lines(rows)
    except csv.Error as exc:
        raise ReadError(f"malformed CSV: {exc}") from exc
    return ParsedDocument(text=body, format="csv", title=name, meta={"rows": count})


def read_xlsx(data: bytes, name: str) -> ParsedDocument:
    import openpyxl

    from redes.ingest.formats.archives import check_office_zip

    check_office_zip(data, "XLSX")  # bombs refused before openpyxl reads the XML
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, ValueError, OSError) as exc:
        raise ReadError(f"corrupt XLSX: {exc}") from exc
    try:
        sheets = []
        for number, sheet in enumerate(book.worksheets, 1):
            body, count = _lines(sheet.iter_rows(values_only=True))
            meta = {"sheet": sheet.title, "sheet_number": number, "rows": count}
            if body.strip():
                sheets.append(
                    ParsedDocument(text=body, format="xlsx", title=f"{name}: {sheet.title}", meta=meta)
                )
    finally:
        book.close()
    if not sheets:
        raise ReadError("no text found in the workbook (every sheet is empty)")
    if len(sheets) == 1:
        sheets[0].title = name if len(book.worksheets) == 1 else sheets[0].title
        return sheets[0]
    doc = ParsedDocument(
        text=f"Workbook {name}: {len(sheets)} sheets\n\n"
        + "\n".join(f"sheet {s.meta['sheet_number']}: {s.meta['sheet']}" for s in sheets),
        format="xlsx",
        title=name,
        meta={"sheets": len(sheets)},
    )
    for sheet in sheets:
        sheet.name = f"{name} (sheet {sheet.meta['sheet_number']}: {sheet.meta['sheet']})"
        doc.children.append(sheet)
    return doc


def _lines(rows: Iterable[Iterable[object]]) -> tuple[str, int]:
    """One line per non-empty row, prefixed by its 1-based number; and the rows read."""
    out: list[str] = []
    count = 0
    for count, row in enumerate(_capped(rows), 1):
        cells = [_cell(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append(f"{count}: " + SEPARATOR.join(cells))
    return "\n".join(out), count


def _capped(rows: Iterable[Iterable[object]]) -> Iterator[Iterable[object]]:
    for i, row in enumerate(rows):
        if i >= limits.MAX_ROWS:
            raise ReadError(f"sheet has more than {limits.MAX_ROWS:,} rows (the limit)")
        yield row


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A cell's own line breaks and separators would break the one-line-per-row layout.
    return " ".join(str(value).split()).replace(SEPARATOR, " / ")


def row_at(text: str, offset: int) -> int | None:
    """The row number of the line holding character ``offset`` of a sheet's text."""
    if not 0 <= offset <= len(text):
        return None
    start = text.rfind("\n", 0, offset) + 1
    found = _ROW.match(text, start)
    return int(found.group(1)) if found else None


def location(doc: dict, offset: int) -> str | None:
    """Where ``offset`` of a sheet document is, as a reader cites it: "sheet 2 (Pagos),
    row 14" or "row 14". None for documents that are not sheets."""
    if doc.get("format") not in ("csv", "xlsx") or "rows" not in (doc.get("meta") or {}):
        return None
    row = row_at(doc["text"], offset)
    if row is None:
        return None
    meta = doc["meta"]
    if meta.get("sheet_number"):
        return f"sheet {meta['sheet_number']} ({meta['sheet']}), row {row}"
    return f"row {row}"
