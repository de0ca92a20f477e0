"""Office files beyond DOCX: OpenDocument text (``.odt``, odfpy), RTF (striprtf) and
legacy Word ``.doc`` (through ``antiword`` or LibreOffice when installed)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from redes.ingest.readers import ParsedDocument, ReadError

CONVERT_TIMEOUT = 120  # seconds for antiword or LibreOffice on one file


def read_odt(data: bytes, name: str) -> ParsedDocument:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    from redes.ingest.formats.archives import check_office_zip

    check_office_zip(data, "ODT")  # bombs and DTDs refused before odfpy parses the XML
    try:
        document = load(io.BytesIO(data))
    except (KeyError, ValueError) as exc:
        raise ReadError(f"corrupt ODT: {exc}") from exc
    # Headings and paragraphs in document order (lists and tables hold paragraphs too).
    blocks = []

    def walk(node) -> None:
        for child in node.childNodes:
            if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                blocks.append(teletype.extractText(child))
            else:
                walk(child)

    walk(document.text)
    text = "\n\n".join(b for b in blocks if b.strip())
    title = _odf_title(document)
    return ParsedDocument(text=text, format="odt", title=title or _first_line(text))


def _odf_title(document) -> str | None:
    from odf import dc, teletype

    titles = document.meta.getElementsByType(dc.Title) if document.meta else []
    return teletype.extractText(titles[0]).strip() or None if titles else None


def read_rtf(data: bytes, name: str) -> ParsedDocument:
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise ReadError("not an RTF file (no {\\rtf header)")
    # RTF is 7-bit; \'xx escapes are code-page bytes that striprtf decodes itself.
    text = rtf_to_text(data.decode("latin-1"), errors="replace")
    return ParsedDocument(text=text, format="rtf", title=_first_line(text))


def read_doc(data: bytes, name: str) -> ParsedDocument:
    """A legacy Word file, converted to text by antiword or else LibreOffice."""
    if not data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 compound-file signature
        raise ReadError("not a Word .doc file (no OLE2 signature)")
    with tempfile.TemporaryDirectory(prefix="redes-doc-") as tmp:
        path = Path(tmp) / "document.doc"
        path.write_bytes(data)
        if shutil.which("antiword"):
            text = _run(["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)], "antiword").decode(
                "utf-8", "replace"
            )
        elif office := shutil.which("soffice") or shutil.which("libreoffice"):
            _run(
                [office, "--headless", "--convert-to", "txt:Text", "--outdir", tmp, str(path)],
                "LibreOffice",
                env_home=tmp,
            )
            out = Path(tmp) / "document.txt"
            if not out.exists():
                raise ReadError("LibreOffice could not convert the .doc file")
            text = out.read_bytes().decode("utf-8-sig", "replace")
        else:
            raise ReadError(
                "legacy Word .doc needs antiword or LibreOffice (Debian: apt-get install antiword); "
                "or save it as .docx"
            )
    return ParsedDocument(text=text, format="doc", title=_first_line(text))


def _run(command: list[str], tool: str, env_home: str | None = None) -> bytes:
    import os

    env = dict(os.environ, HOME=env_home) if env_home else None  # LibreOffice's profile in tmp
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReadError(f"{tool} took more than {CONVERT_TIMEOUT} s on the file") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(f"{tool} could not read the file: {reason[-1] if reason else done.returncode}")
    return done.stdout


def _first_line(text: str) -> str | None:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if 0 < len(line) <= 200 else None
