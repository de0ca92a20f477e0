"""ZIP archives walked as folders, gzip files, and the ZIP inside DOCX, XLSX and ODT files
checked before any parser sees it.

Every member is read by streaming and stopped at a cap, so a bomb is refused after
reading at most ``limits.MAX_MEMBER`` bytes, whatever its headers claim. XML parts with a
DTD are refused: office files never need one, and entity definitions are how
entity-expansion bombs ("billion laughs") work.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from redes.ingest.formats import add_children, limits
from redes.ingest.readers import ParsedDocument, ReadError

_CHUNK = 1024 * 1024


def open_zip(data: bytes, what: str = "ZIP") -> zipfile.ZipFile:
    """The archive, once its entry count, declared sizes and ratios are within limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"corrupt {what} archive: {exc}") from exc
    if len(infos) > limits.MAX_ENTRIES:
        raise ReadError(f"{what} archive has {len(infos):,} entries (limit {limits.MAX_ENTRIES:,})")
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_TOTAL:
        raise ReadError(
            f"{what} archive expands to {_mb(total)} (limit {_mb(limits.MAX_TOTAL)}): a zip bomb?"
        )
    for info in infos:
        _check_member(info, what)
    return archive


def _check_member(info: zipfile.ZipInfo, what: str) -> None:
    if info.file_size > limits.MAX_MEMBER:
        raise ReadError(
            f"{what} member {info.filename!r} expands to {_mb(info.file_size)} "
            f"(limit {_mb(limits.MAX_MEMBER)})"
        )
    if info.file_size > limits.RATIO_FLOOR and info.file_size > limits.MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise ReadError(
            f"{what} member {info.filename!r} is compressed {ratio:,}:1 (limit {limits.MAX_RATIO}:1): a zip bomb?"
        )


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str = "ZIP") -> bytes:
    """A member's bytes, streamed and refused past ``limits.MAX_MEMBER`` (headers can lie)."""
    return b"".join(_stream(archive, info, what, limits.MAX_MEMBER))


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str, cap: int) -> Iterator[bytes]:
    read = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                read += len(chunk)
                if read > cap:
                    raise ReadError(f"{what} member {info.filename!r} expands past {_mb(cap)}: a zip bomb?")
                yield chunk
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        raise ReadError(f"cannot read {what} member {info.filename!r}: {exc}") from exc


def check_office_zip(data: bytes, what: str) -> None:
    """Refuse an office file (DOCX, XLSX, ODT) whose ZIP is a bomb or whose XML declares a
    DTD, before its parser reads it. Streams every member, stopping at the caps."""
    archive = open_zip(data, what)
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        xml = info.filename.endswith((".xml", ".rels"))
        head = b""
        for chunk in _stream(archive, info, what, limits.MAX_MEMBER):
            total += len(chunk)
            if total > limits.MAX_TOTAL:
                raise ReadError(f"{what} expands past {_mb(limits.MAX_TOTAL)}: a zip bomb?")
            if xml and len(head) < 65536:
                head += chunk[:65536]
                _refuse_dtd(head, info.filename, what)


def _refuse_dtd(head: bytes, name: str, what: str) -> None:
    """Feed the start of an XML part to defusedxml's parser, which stops at a DTD; the DTD
    comes before the root element, so the first 64 KB are enough to find it."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(head)
    except DefusedXmlException as exc:
        raise ReadError(
            f"{what} part {name!r} declares a DTD or XML entities (refused: entity-expansion bomb?)"
        ) from exc
    except ParseError:
        pass  # malformed XML is the parser's to report; only the DTD matters here


def read_zip(data: bytes, name: str) -> ParsedDocument:
    """A ZIP archive: its members are child documents; the archive's own text lists them."""
    archive = open_zip(data)
    members = []
    total = 0
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or any(part.startswith((".", "__MACOSX")) for part in path.parts):
            continue
        member = read_member(archive, info)
        total += len(member)
        if total > limits.MAX_TOTAL:
            raise ReadError(f"ZIP archive expands past {_mb(limits.MAX_TOTAL)}: a zip bomb?")
        members.append((info.filename, member))
    if not members:
        raise ReadError("empty ZIP archive (no files in it)")
    doc = ParsedDocument(
        text=f"Archive {name}: {len(members)} files\n\n" + "\n".join(m for m, _ in members),
        format="zip",
        title=name,
        meta={"members": len(members)},
    )
    add_children(doc, members)
    return doc


def read_gz(data: bytes, name: str) -> ParsedDocument:
    """A gzip-compressed file (report.pdf.gz): the document inside it, capped like a member."""
    from redes.ingest.formats import read_child

    inner = name[: -len(".gz")] if name.lower().endswith(".gz") else name
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(_CHUNK):
                if out.tell() + len(chunk) > limits.MAX_MEMBER:
                    raise ReadError(f"gzip file expands past {_mb(limits.MAX_MEMBER)}: a gzip bomb?")
                out.write(chunk)
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ReadError(f"corrupt gzip file: {exc}") from exc
    doc = read_child(out.getvalue(), inner)
    doc.name = None
    return doc


def _mb(size: int) -> str:
    return f"{size / limits.MB:,.1f} MB"
