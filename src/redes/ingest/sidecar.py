"""Sidecar metadata: what a folder says about its files, in ``metadata.csv`` or in the
Markdown tables of a ``SOURCES.md`` (the form in which corpora often list each file's
title, publisher, date and address).

Any table with a ``file`` column is read; other columns are matched by name. Sidecar
files describe documents and are not ingested as documents themselves.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from redes.ingest.dates import parse_date

SIDECAR_NAMES = frozenset({"metadata.csv", "sources.md"})
# A corpus's licence notice describes the files; it is not one of them.
NOTICE_NAMES = frozenset({"notice", "notice.md", "notice.txt"})

# Column name (lower case) -> field, first match wins.
_COLUMNS = {
    "file": "file",
    "filename": "file",
    "file name": "file",
    "title": "title",
    "publisher": "publisher",
    "publisher (author of the text)": "publisher",
    "date": "published",
    "published": "published",
    "lang": "language",
    "language": "language",
    "url": "url",
    "official / canonical address": "url",
    "address": "url",
}


def is_sidecar(path: Path) -> bool:
    return path.name.lower() in SIDECAR_NAMES | NOTICE_NAMES


def read_sidecar(path: Path) -> dict[str, dict[str, str]]:
    """Metadata by file name from one sidecar file (empty when it has none or is bad)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    rows = _csv_rows(text) if path.suffix.lower() == ".csv" else _markdown_rows(text)
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        fields: dict[str, str] = {}
        for col, value in row.items():
            field = _COLUMNS.get((col or "").strip().lower())
            value = (value or "").strip()
            if field and value and field not in fields:
                fields[field] = value
        name = fields.pop("file", "")
        if not name:
            continue
        if "published" in fields:
            published = parse_date(fields["published"])
            if published:
                fields["published"] = published
            else:
                del fields["published"]
        if "url" in fields:
            url = re.search(r"https?://\S+", fields["url"])
            if url:
                fields["url"] = url.group(0).rstrip(".,;)")
            else:
                del fields["url"]  # "same", "not in index": no address
        out[Path(name).name] = fields
    return out


def folder_metadata(folder: Path) -> dict[str, dict[str, str]]:
    meta: dict[str, dict[str, str]] = {}
    for name in sorted(SIDECAR_NAMES):
        for candidate in folder.iterdir() if folder.is_dir() else ():
            if candidate.name.lower() == name and candidate.is_file():
                for file_name, fields in read_sidecar(candidate).items():
                    meta.setdefault(file_name, {}).update(fields)
    return meta


def _csv_rows(text: str) -> list[dict[str, str]]:
    try:
        return list(csv.DictReader(io.StringIO(text)))
    except csv.Error:
        return []


def _markdown_rows(text: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if header is None:
            header = cells
        elif all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
            continue
        else:
            rows.append(dict(zip(header, cells, strict=False)))
    return rows
