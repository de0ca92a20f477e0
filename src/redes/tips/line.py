"""Storing tips: text and cleaned files through the normal ingest pipeline into the
confidential ``tips`` collection, receipt codes kept only as hashes, nothing about the
sender.

- the text and the cleaned files (``redes.tips.scrub``) are ingested into ``tips``, so
  granted users find them in search, documents and dossiers, and nobody else sees even
  that they exist; images (which have no text) are kept as files next to a short document
  that stands for them (``TipFile``), as are documents whose text cannot be read;
- files are renamed ``attachment-N`` (a file name can carry a name);
- the source gets a receipt code, shown once; the database keeps only its hash, and with
  it the source can add to the tip;
- the audit log records that a tip came, with no actor and no origin.

Callers pass the unrestricted store: ingest de-duplicates and resolves entities against
everything, and the receipts table is hidden from every restricted scope.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import shutil
import tempfile
import threading
from pathlib import Path

from sqlalchemy import select

from redes.access.models import TipFile, TipReceipt
from redes.access.passwords import token_hash
from redes.store import Store
from redes.store.models import Collection, Document

TIPS = "tips"
_INGEST = threading.Lock()  # one tip at a time through ingest and extraction

# A cleaned file: its bytes, its kind ("image", "document", "text") and its suffix.
CleanFile = tuple[bytes, str, str]


class TipLineClosed(RuntimeError):
    """The ``tips`` collection exists but is not confidential: no tip may go there."""


def new_receipt() -> str:
    """A receipt code: 120 random bits in groups of four letters and digits."""
    raw = base64.b32encode(secrets.token_bytes(15)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def receipt_hash(code: str) -> str:
    normal = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return token_hash(normal)


def receive(store: Store, text: str, files: list[CleanFile]) -> tuple[str, list[int]]:
    """Store a new tip; its receipt code (to show the source once) and document ids."""
    code = new_receipt()
    ids = _store(store, text, files)
    with store.session() as s:
        s.add(TipReceipt(code_hash=receipt_hash(code), document_ids=sorted(set(ids))))
    _record(store, "tip.receive", len(ids))
    return code, ids


def add(store: Store, code: str, text: str, files: list[CleanFile]) -> list[int] | None:
    """Add to the tip of receipt ``code``; None (and nothing stored) for an unknown code."""
    with store.session() as s:
        receipt = s.scalar(select(TipReceipt.id).where(TipReceipt.code_hash == receipt_hash(code)))
    if receipt is None:
        return None
    ids = _store(store, text, files)
    with store.session() as s:
        row = s.get(TipReceipt, receipt)
        row.document_ids = sorted(set(row.document_ids or []) | set(ids))
    _record(store, "tip.add", len(ids))
    return ids


def tips(store: Store, limit: int = 500) -> list[dict]:
    """The newest tips ``store``'s scope may read, with their files."""
    with store.session() as s:
        docs = s.execute(
            select(Document.id, Document.title, Document.ingested_at, Document.word_count)
            .join(Collection, Collection.id == Document.collection_id)
            .where(Collection.name == TIPS)
            .order_by(Document.id.desc())
            .limit(limit)
        ).all()
        files: dict[int, list[dict]] = {}
        for f in s.execute(
            select(TipFile.id, TipFile.document_id, TipFile.name, TipFile.media_type, TipFile.size).where(
                TipFile.document_id.in_([d.id for d in docs])
            )
        ):
            files.setdefault(f.document_id, []).append(
                {"id": f.id, "name": f.name, "image": f.media_type.startswith("image/"), "size": f.size}
            )
    return [
        {
            "id": d.id,
            "title": d.title,
            "at": d.ingested_at,
            "words": d.word_count,
            "files": files.get(d.id, []),
        }
        for d in docs
    ]


def attachment(store: Store, file_id: int) -> tuple[bytes, str, str]:
    """A tip's file (bytes, media type, name), if ``store``'s scope may read its document;
    LookupError otherwise, as for a file that does not exist."""
    with store.session() as s:
        row = s.scalar(select(TipFile).where(TipFile.id == file_id))
        if row is None:
            raise LookupError(f"no attachment {file_id}")
        return row.data, row.media_type, row.name


def tips_collection(store: Store) -> int:
    """The id of the ``tips`` collection, made confidential when it does not exist yet."""
    from redes.access import users

    with store.session() as s:
        coll = s.scalar(select(Collection).where(Collection.name == TIPS))
        if coll is None:
            coll = users.create_collection(s, TIPS, "confidential", label="Tip line")
        if coll.visibility != "confidential":
            raise TipLineClosed(f"the {TIPS!r} collection is {coll.visibility}, not confidential")
        return coll.id


def _store(store: Store, text: str, files: list[CleanFile]) -> list[int]:
    """Ingest a tip into ``tips``; the ids of its documents."""
    from redes.ingest.pipeline import ingest

    with _INGEST:
        tips_collection(store)
        folder = Path(tempfile.mkdtemp(prefix="redes-tip-"))
        try:
            paths: list[Path] = []
            kept: dict[Path, tuple[str, str, bytes]] = {}  # note document -> file to keep
            if text:
                (folder / "tip.txt").write_text(text, encoding="utf-8")
                paths.append(folder / "tip.txt")
            for n, (data, kind, suffix) in enumerate(files, 1):
                name = f"attachment-{n}{suffix}"
                if kind == "image":
                    note = folder / f"attachment-{n}.txt"
                    note.write_text(_note(name, data, "An image"), encoding="utf-8")
                    paths.append(note)
                    kept[note] = (name, _media(suffix), data)
                else:
                    (folder / name).write_bytes(data)
                    paths.append(folder / name)
            report = ingest(store, paths, TIPS)
            by_path = {Path(r.path).name: r for r in report.results}
            ids: list[int] = []
            for path in paths:
                result = by_path.get(path.name)
                if result is not None and result.document_id is not None:
                    ids.append(result.document_id)
                    if path in kept:
                        _keep(store, result.document_id, *kept[path])
                elif path.suffix in (".pdf", ".docx"):
                    # No text to read (a scan?): keep the cleaned file, with a note for it.
                    note = folder / f"{path.stem}-unread.txt"
                    note.write_text(
                        _note(path.name, path.read_bytes(), "A document whose text could not be read")
                    )
                    again = ingest(store, [note], TIPS)
                    doc = next((r.document_id for r in again.results if r.document_id), None)
                    if doc is not None:
                        ids.append(doc)
                        _keep(store, doc, path.name, _media(path.suffix), path.read_bytes())
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return ids


def _note(name: str, data: bytes, what: str) -> str:
    ref = hashlib.sha256(data).hexdigest()[:16]
    return (
        f"{what} sent to the tip line ({name}, reference {ref}).\n\n"
        "Its metadata was removed before it was stored. Signed-in users who may read the tips "
        "collection open it from the Tips page."
    )


def _media(suffix: str) -> str:
    return {".jpg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}.get(
        suffix, "application/octet-stream"
    )


def _keep(store: Store, document_id: int, name: str, media: str, data: bytes) -> None:
    with store.session() as s:
        known = s.scalar(
            select(TipFile.id).where(TipFile.document_id == document_id, TipFile.size == len(data))
        )
        if known is None:
            s.add(TipFile(document_id=document_id, name=name, media_type=media, size=len(data), data=data))


def _record(store: Store, action: str, count: int) -> None:
    from redes.access import audit

    with store.session() as s:
        # No actor, no origin: the audit log says that a tip came, never from where.
        audit.record(s, action, None, target=TIPS, detail={"documents": count})
