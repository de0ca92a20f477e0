"""Readers that turn a file's bytes into plain text plus the metadata the file holds.

Every failure is a ``ReadError`` with a reason a user can act on; nothing else escapes
``read_bytes`` for bad input, so one bad file never stops a run.
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from redes.ingest.dates import find_date, parse_date
from redes.ingest.language import detect
from redes.ingest.textsafety import (
    clean_line,
    clean_text,
    deep_html_text,
    legacy_encoding,
    sniff_utf16,
)

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    # Read by redes.ingest.formats (its READERS table).
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".eml": "eml",
    ".mbox": "mbox",
    ".zip": "zip",
    ".gz": "gz",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".odt": "odt",
    ".rtf": "rtf",
    ".doc": "doc",
}
# Control characters that never occur in real text; many of them mean binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_TITLE = 300


class ReadError(Exception):
    """A file that cannot be read as a document; ``str(err)`` is the reason."""


@dataclass(slots=True)
class ParsedDocument:
    text: str
    format: str
    title: str | None = None
    published: str | None = None  # ISO date, possibly partial
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    ocr_confidence: float | None = None  # mean word confidence, 0-100, when read by OCR
    meta: dict | None = None  # what the format holds beyond the fields above (mail headers...)
    name: str | None = None  # a child's file name (an attachment, an archive member)
    # Documents inside this one (attachments, archive members, sheets), and the ones that
    # were not read: (name, "failed" or "ignored", reason).
    children: list[ParsedDocument] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    # (MinHash signature, number of shingles) of the text (``neardup.signature``), computed
    # where it was parsed (a worker, with a cluster); None when not computed.
    signature: tuple[bytes | None, int] | None = None


def format_of(path: str | Path) -> str | None:
    """The reader format for a file name, or None when redes cannot read it."""
    return FORMATS.get(Path(path).suffix.lower())


def read_path(path: str | Path) -> ParsedDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> ParsedDocument:
    """Parse ``data`` according to the extension of ``name``."""
    fmt = format_of(name)
    if fmt is None:
        raise ReadError(f"unsupported file type {Path(name).suffix or '(no extension)'!r}")
    if not data.strip():
        raise ReadError("empty file")
    try:
        # The newer formats live in redes.ingest.formats (which imports this module).
        from redes.ingest.formats import READERS

        doc = READERS[fmt](data, name) if fmt in READERS else _READERS[fmt](data)
    except ReadError:
        raise
    except Exception as exc:  # parsers raise anything on corrupt input; report, never crash
        raise ReadError(f"cannot parse {fmt.upper()}: {type(exc).__name__}: {exc}") from exc
    doc.text = normalize_text(doc.text)
    if not doc.text.strip():
        raise ReadError("no text found in the document")
    if doc.title:
        doc.title = clean_line(doc.title)[:_MAX_TITLE] or None
    doc.publisher = clean_line(doc.publisher)[:500] or None if doc.publisher else None
    doc.url = clean_line(doc.url) or None if doc.url else None
    doc.language = detect(doc.text)
    return doc


def normalize_text(text: str) -> str:
    """Unify newlines, NUL bytes as spaces, drop escape sequences, control characters and
    trailing spaces, cap blank runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = clean_text(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- plain text and markdown ------------------------------------------------------------


# Byte-order marks, longest first (UTF-32 LE's begins with UTF-16 LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode_text(data: bytes) -> str:
    """Decode text bytes: by their byte-order mark when they have one; UTF-16 without one;
    UTF-8; else the legacy encoding charset-normalizer finds them coherent in (Windows-1252
    or Latin-1, the usual encodings of older Spanish files). Valid UTF-8 is taken
    as UTF-8 without asking: legacy text with accents is almost never valid UTF-8."""
    bom = _bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace")
    if b"\x00" in data[:8192]:
        text = sniff_utf16(data)  # UTF-16 without a BOM has a NUL in every other byte
        if text is None:
            raise ReadError("binary content, not text")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = legacy_encoding(data)
    if encoding is None:  # random bytes decode as Latin-1 all the same
        raise ReadError("binary content, not text (no encoding reads it as text)")
    text = _decode_legacy(data, encoding)
    if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192):
        raise ReadError("binary content, not text")
    return text


def _decode_legacy(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:  # Windows-1252 leaves five bytes undefined; Latin-1 none
        return data.decode("latin-1")


def _head_lines(text: str, n: int = 6) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:n]


def _read_txt(data: bytes) -> ParsedDocument:
    text = decode_text(data)
    if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192):
        raise ReadError("binary content, not text")
    lines = _head_lines(text)
    return ParsedDocument(text=text, format="txt", title=_title_line(text), published=_date_in(lines[1:]))


# Web-page debris that scraped text files often begin with.
_BOILERPLATE = re.compile(
    r"(?i)\b(?:your browser|javascript|cookies?|subscribe|sign in|log in|advertisement|skip to|"
    r"share this|print this|read more|menu)\b"
)


def _title_line(text: str) -> str | None:
    """The first line that looks like a title: not page debris, and either standing alone
    (followed by a blank line) or short and not ending like a sentence. A document that
    opens straight into its first paragraph has no title line."""
    lines = text.lstrip().splitlines()
    for i, raw in enumerate(lines[:6]):
        line = raw.strip()
        if not line:
            continue
        if _BOILERPLATE.search(line) and len(line) < 80:
            continue
        alone = i + 1 >= len(lines) or not lines[i + 1].strip()
        if (alone and len(line) <= _MAX_TITLE) or (len(line) <= 100 and not line.endswith((".", "?", "!"))):
            return line
        return None
    return None


def _read_md(data: bytes) -> ParsedDocument:
    doc = _read_txt(data)
    doc.format = "md"
    heading = re.search(r"^#{1,2}\s+(.+?)\s*#*\s*$", doc.text, re.M)
    if heading:
        doc.title = heading.group(1)
    elif doc.title:
        doc.title = doc.title.lstrip("#").strip()
    return doc


def _date_in(lines: list[str]) -> str | None:
    """A publication date from a short date line near the top (a dateline or byline)."""
    for line in lines[:5]:
        if len(line) <= 60:
            found = find_date(line)
            if found:
                return found
    return None


# --- HTML ---------------------------------------------------------------------------------


# htmldate reads the date a page's markup gives (metadata, <time>, URL, byline); not its
# "extensive search" of the whole text, which took two thirds of a page's reading time
# and dated a page without one by the first year its text mentions ("2015-01-01").
_PAGE_DATE = {"original_date": True, "extensive_search": False}


def _read_html(data: bytes) -> ParsedDocument:
    import trafilatura

    html = clean_text(_decode_html(data))  # lxml drops an ESC and keeps the rest of its sequence
    # Decoded already: lxml refuses a str that declares its encoding (XHTML's <?xml ...?>).
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    # lxml stops at a nesting depth of 256: deeper pages are read flat.
    text = deep_html_text(html) or trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False
    )
    meta = trafilatura.extract_metadata(html, date_config=_PAGE_DATE)
    if not text:
        # trafilatura finds no main text in very short pages: fall back to the body text.
        text = _html_body_text(html)
    title = meta.title if meta and meta.title else None
    published = parse_date(meta.date) if meta and meta.date else None
    if published is None:  # no date in the markup: a dateline near the top, as in text
        published = _date_in(text.splitlines()[:6])
    return ParsedDocument(
        text=text or "",
        format="html",
        title=title,
        published=published,
        publisher=(meta.sitename or None) if meta else None,
        url=(meta.url or None) if meta else None,
    )


# Where a page says its encoding, in its first bytes: an XML declaration, or a meta
# element (<meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">).
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Python codecs that are no character encoding of a web page (escapes, IDNA, UTF-7).
_NOT_PAGE_CODECS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "utf-7"}


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the encoding a page declares, else None. As browsers do
    (WHATWG Encoding Standard), a page labelled Latin-1 or ASCII is read as Windows-1252,
    and a UTF-16 label on bytes without a byte-order mark means UTF-8."""
    head = data[:4096]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not found:
        return None
    try:
        info = codecs.lookup(found.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None
    name = info.name.replace("_", "-")
    if not getattr(info, "_is_text_encoding", True) or name in _NOT_PAGE_CODECS:
        return None
    if name in ("iso8859-1", "latin-1", "ascii"):
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def _decode_html(data: bytes) -> str:
    """A page's text: by its byte-order mark, else by the encoding it declares (when the
    bytes decode in it), else as ``decode_text`` guesses."""
    if _bom_encoding(data) or b"\x00" in data[:8192]:
        return decode_text(data)
    declared = declared_encoding(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            if declared == "cp1252":  # five bytes Windows-1252 leaves undefined
                return data.decode("latin-1")
            # A page that lies about its encoding (UTF-8 declared, Windows-1252 written).
    return decode_text(data)


def _html_body_text(html: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(html)
    # Scripts, styles and templates are code, not text; attributes (onerror=...) never
    # reach text_content() at all.
    for bad in root.xpath("//script|//style|//noscript|//template|//iframe|//object"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//tr|//section|//article"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


# --- PDF ----------------------------------------------------------------------------------


def _read_pdf(data: bytes) -> ParsedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from redes.ingest.formats import ocr

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("not a PDF file (no %PDF header)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ReadError("encrypted PDF: a password is needed")
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
            scan = ocr.fill_blank_pages(data, pages)  # None when every page has a text layer
    except PdfReadError as exc:
        raise ReadError(f"corrupt or truncated PDF: {exc}") from exc
    text = "\n\n".join(reflow(p) for p in pages)
    if not text.strip():
        raise ReadError("PDF has no text layer and OCR found no text in it")
    title = (info.title if info else None) or None
    if title and re.fullmatch(r"(untitled|microsoft word.*|document\d*)", title.strip(), re.I):
        title = None
    lines = _head_lines(text)
    return ParsedDocument(
        text=text,
        format="pdf",
        title=title or (lines[0] if lines and len(lines[0]) <= 200 else None),
        published=_date_in(lines),
        ocr_confidence=scan.confidence if scan else None,
        meta=scan.meta if scan else None,
    )


def reflow(page: str) -> str:
    """Join the hard-wrapped lines of a PDF page into paragraphs, undoing end-of-line
    hyphenation, so that sentences are whole again."""
    out: list[str] = []
    for line in page.splitlines():
        line = line.strip()
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        prev = out[-1] if out else ""
        if prev and not re.search(r"[.!?:;”\"»]$", prev) and (line[0].islower() or len(prev) > 50):
            if prev.endswith("-") and line[0].islower():
                out[-1] = prev[:-1] + line
            else:
                out[-1] = prev + " " + line
        else:
            out.append(line)
    return "\n".join(out)


# --- DOCX ---------------------------------------------------------------------------------


def _read_docx(data: bytes) -> ParsedDocument:
    import zipfile

    import docx

    from redes.ingest.formats import archives

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError("not a DOCX file (not a ZIP archive)")
    archives.check_office_zip(data, "DOCX")  # zip bombs and XML entity bombs, before parsing
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReadError(f"corrupt DOCX: {exc}") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    text = "\n\n".join(p for p in parts if p.strip())
    props = document.core_properties
    lines = _head_lines(text)
    return ParsedDocument(
        text=text,
        format="docx",
        title=props.title or (lines[0] if lines and len(lines[0]) <= 200 else None),
        published=_date_in(lines[1:]),
        publisher=None,
    )


_READERS = {"txt": _read_txt, "md": _read_md, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx}
