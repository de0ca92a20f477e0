"""Readers for the formats beyond text, HTML, PDF and DOCX: OCR of scans and images,
mail, archives, spreadsheets and office files.

Containers (a mail with attachments, an archive, a workbook) give a document whose
``children`` are the documents inside it; ``read_child`` reads one, bounded in depth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar

from redes.ingest.formats import limits
from redes.ingest.readers import ParsedDocument, ReadError, format_of

_depth: ContextVar[int] = ContextVar("depth", default=0)


def read_child(data: bytes, name: str) -> ParsedDocument:
    """Read a file found inside another one (``ReadError`` when it cannot be read)."""
    from redes.ingest.readers import read_bytes

    depth = _depth.get()
    if depth >= limits.MAX_DEPTH:
        raise ReadError(f"nested more than {limits.MAX_DEPTH} levels deep (archives or attachments)")
    token = _depth.set(depth + 1)
    try:
        doc = read_bytes(data, name)
    finally:
        _depth.reset(token)
    doc.name = name
    return doc


def add_children(parent: ParsedDocument, members: Iterable[tuple[str, bytes]]) -> None:
    """Read each (name, bytes) into ``parent.children``; the ones that cannot be read go to
    ``parent.skipped`` with their reason."""
    for name, data in members:
        if format_of(name) is None:
            parent.skipped.append((name, "ignored", "unsupported file type"))
            continue
        try:
            parent.children.append(read_child(data, name))
        except ReadError as exc:
            parent.skipped.append((name, "failed", str(exc)))


def _lazy(module: str, func: str) -> Callable[[bytes, str], ParsedDocument]:
    """A reader that imports its module on first use: most runs need few of them."""

    def read(data: bytes, name: str) -> ParsedDocument:
        import importlib

        return getattr(importlib.import_module(f"redes.ingest.formats.{module}"), func)(data, name)

    return read


# format -> reader(data, file name)
READERS: dict[str, Callable[[bytes, str], ParsedDocument]] = {
    "image": _lazy("ocr", "read_image"),
    "eml": _lazy("mail", "read_eml"),
    "mbox": _lazy("mail", "read_mbox"),
    "zip": _lazy("archives", "read_zip"),
    "gz": _lazy("archives", "read_gz"),
    "csv": _lazy("sheets", "read_csv"),
    "xlsx": _lazy("sheets", "read_xlsx"),
    "odt": _lazy("office", "read_odt"),
    "rtf": _lazy("office", "read_rtf"),
    "doc": _lazy("office", "read_doc"),
}
