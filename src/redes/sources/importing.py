"""A structured list into the store: a version, a small document per entry, and the list's
entities and claims in the knowledge base (``redes.sources.knowledge``).

Each entry (a listed party, with its outgoing links) is rendered as a small document of
format ``sdn`` (OFAC) or ``ftm`` (any FtM stream) in the list's collection, published on
the list date; its FtM data is kept per version in ``list_records``. Every document of
one list is in one source group, so corroboration counts the list once however many
entries cite a fact. An entry unchanged in a newer version is the same document; a
changed one is a new document beside the old; importing the same file again changes
nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from redes.kb import state
from redes.sources import ofac
from redes.sources.knowledge import (  # re-exported: the names other packages import from here
    CHUNK,
    DESIGNATION,
    LIST_LINKS,
    OFAC,
    ORIGIN,
    Source,
    _ends,
    authority_slug,
    ftm_source,
    kb_type,
    materialize,
    rebuild,
    slug_for,
    sources,
)
from redes.sources.render import render
from redes.store import Store
from redes.store.models import Collection, Document, ListRecord, ListVersion

__all__ = [
    "DESIGNATION",
    "LIST_LINKS",
    "OFAC",
    "ORIGIN",
    "ImportStats",
    "Source",
    "authority_slug",
    "ftm_source",
    "import_file",
    "import_list",
    "kb_type",
    "materialize",
    "rebuild",
    "slug_for",
    "sources",
]


@dataclass
class ImportStats:
    source: str
    published: str
    version: int | None = None
    unchanged: bool = False  # the same file was imported before: nothing changed
    records: int = 0
    documents_added: int = 0
    entities: int = 0
    claims: int = 0
    delisted: int = 0
    skipped: int = 0  # bad rows, not imported
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_list(
    store: Store,
    source: Source,
    proxies: Iterable[EntityProxy],
    published: date,
    file_name: str,
    content: bytes,
    collection: str | None = None,
    rows: dict[str, int] | None = None,
) -> ImportStats:
    """Import one version of ``source`` (its entities ``proxies``, published on
    ``published``) into ``collection`` (default: the list's name, created public), then
    make its knowledge base again. ``rows``: FtM id -> row of the file, for citations."""
    from redes.kb.notes import need_writer

    need_writer(store)
    digest = hashlib.sha256(content).hexdigest()
    stats = ImportStats(source.name, published.isoformat())
    whole = store.scoped(None)
    with whole.session() as s:
        coll = s.scalar(select(Collection).where(Collection.name == (collection or source.name)))
        scope = store.scope
        if coll is not None and scope is not None and not scope.can_write(coll.id):
            raise PermissionError(f"you may not write to a collection named {collection or source.name!r}")
        known = s.scalar(
            select(ListVersion).where(ListVersion.source == source.name, ListVersion.content_hash == digest)
        )
        if known is not None:
            stats.version, stats.unchanged, stats.records = known.id, True, known.records
            return stats
        if coll is None:
            coll = store.collection(s, collection or source.name)
        parties, links = _split(proxies)
        entries = _entries(source, parties, links)
        doc_ids, added = _documents(s, coll.id, source, published, entries, parties)
        version = ListVersion(
            source=source.name,
            published=published,
            content_hash=digest,
            file_name=file_name[:500],
            collection_id=coll.id,
            records=len(parties) + len(links),
        )
        s.add(version)
        s.flush()
        records = [
            {
                "version_id": version.id,
                "ftm_id": p.id,
                "schema": p.schema.name,
                "data": p.to_dict(),
                "document_id": doc_ids[_owner(p)],
                "row": (rows or {}).get(p.id),
            }
            for p in list(parties.values()) + links
            if _owner(p) in doc_ids
        ]
        for i in range(0, len(records), CHUNK):
            s.execute(ListRecord.__table__.insert(), records[i : i + CHUNK])
        _regroup(s, source.name)
        stats.version, stats.records, stats.documents_added = version.id, len(records), added
        fresh = {p.id: p for p in list(parties.values()) + links}
        counts = materialize(s, source, (version.id, fresh))
        stats.entities, stats.claims, stats.delisted = (
            counts["entities"],
            counts["claims"],
            counts["delisted"],
        )
        from redes.kb.pipeline import reapply_judgements

        reapply_judgements(whole, session=s)
        state.bump(s.connection(), "kb")
    return stats


def _split(proxies: Iterable[EntityProxy]) -> tuple[dict[str, EntityProxy], list[EntityProxy]]:
    parties: dict[str, EntityProxy] = {}
    links: list[EntityProxy] = []
    for p in proxies:
        if p.schema.name in LIST_LINKS:
            links.append(p)
        elif not p.schema.edge and p.schema.is_a("Thing"):
            parties[p.id] = p
    return parties, links


def _owner(proxy: EntityProxy) -> str:
    """The party whose entry cites ``proxy`` (a link: its source party)."""
    return _ends(proxy)[0] if proxy.schema.name in LIST_LINKS else proxy.id


def _entries(source: Source, parties: dict[str, EntityProxy], links: list[EntityProxy]) -> dict[str, Any]:
    outgoing: dict[str, list[tuple[str, str, str]]] = {}
    for link in links:
        a, b = _ends(link)
        if a in parties and b in parties:
            label = "Owns" if LIST_LINKS[link.schema.name][1] == "owns" else link.schema.label
            if link.schema.name == "UnknownLink":
                label = "Linked to"
            outgoing.setdefault(a, []).append((b, label, parties[b].caption))
    return {pid: render(source.title, p, outgoing.get(pid, [])) for pid, p in parties.items()}


def _documents(
    s: Session,
    collection_id: int,
    source: Source,
    published: date,
    entries: dict[str, Any],
    parties: dict[str, EntityProxy],
) -> tuple[dict[str, int], int]:
    """The document of each entry (FtM id -> document id), adding those not yet stored."""
    hashes = {
        pid: hashlib.sha256(f"{source.format}\x1f{e.text}".encode()).hexdigest() for pid, e in entries.items()
    }
    known: dict[str, int] = {}
    wanted = sorted(set(hashes.values()))
    for i in range(0, len(wanted), CHUNK):
        known.update(
            s.execute(
                select(Document.content_hash, Document.id).where(
                    Document.collection_id == collection_id, Document.content_hash.in_(wanted[i : i + CHUNK])
                )
            ).all()
        )
    new = [pid for pid in entries if hashes[pid] not in known]
    rows = []
    for pid in new:
        e = entries[pid]
        rows.append(
            {
                "collection_id": collection_id,
                "content_hash": hashes[pid],
                "file_name": f"{source.name}:{pid}"[:500],
                "format": source.format,
                "title": e.text[slice(*e.name)],
                "language": "en",
                "publisher": source.publisher,
                "published": published.isoformat(),
                # The entry's own page where the list gives one (OFAC's search page).
                "url": parties[pid].first("sourceUrl", quiet=True) or source.url,
                "size": len(e.text.encode()),
                "word_count": len(e.text.split()),
                "text": e.text,
                "extracted_with": ORIGIN,
                "extraction_attempts": 0,
            }
        )
    table = Document.__table__
    for i in range(0, len(rows), CHUNK):
        stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        ids = s.execute(stmt, rows[i : i + CHUNK]).scalars().all()
        known.update((r["content_hash"], doc_id) for r, doc_id in zip(rows[i : i + CHUNK], ids, strict=True))
    return {pid: known[hashes[pid]] for pid in entries}, len(new)


def _regroup(s: Session, source: str) -> None:
    """Every document of the list in one source group: the list is one source."""
    ids = sorted(
        set(
            s.scalars(
                select(ListRecord.document_id)
                .join(ListVersion, ListVersion.id == ListRecord.version_id)
                .where(ListVersion.source == source)
            )
        )
    )
    if ids:
        head = ids[0]
        for i in range(0, len(ids), CHUNK):
            s.execute(update(Document).where(Document.id.in_(ids[i : i + CHUNK])).values(source_group=head))


def import_file(
    store: Store,
    kind: str,
    path: str | Path,
    name: str | None = None,
    published: date | None = None,
    collection: str | None = None,
) -> tuple[ImportStats, list[str]]:
    """Parse and import a list file: ``kind`` "ofac-sdn" (OFAC's legacy CSV) or "ftm" (an
    FtM JSON-lines stream, imported as the dataset ``name``). The list date is
    ``published``, else the date in the file name. Returns the stats and the bad rows."""
    from redes.sources import ftm

    path = Path(path)
    content = path.read_bytes()
    if published is None:
        published = ofac.list_date(path)
    if published is None:
        raise ValueError(f"{path.name}: no date in the file name; give the list's date (--date YYYY-MM-DD)")
    report = ofac.Report()
    if kind == "ofac-sdn":
        source, proxies = OFAC, list(ofac.entities(path, report))
    elif kind == "ftm":
        if not name or name in (OFAC.name,):
            raise ValueError("an FtM stream needs a dataset name (--name), other than ofac-sdn")
        source, proxies = ftm_source(name), list(ftm.entities(path, report))
    else:
        raise ValueError(f"unknown list kind {kind!r}: ofac-sdn or ftm")
    if not proxies:
        raise ValueError(f"{path.name}: no entity could be read ({len(report.problems)} bad rows)")
    stats = import_list(store, source, proxies, published, path.name, content, collection, report.row_of)
    stats.problems = [str(p) for p in report.problems]
    stats.skipped = report.skipped
    return stats, stats.problems
