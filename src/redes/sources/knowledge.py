"""A structured list's knowledge: entities, names, mentions and claims made from its
records (``list_records``), never through name resolution.

It is machine output, like extraction from text: made again in bulk after every import
and every rebuild (``materialize``, ``rebuild``). List entities carry ``Entity.source``;
they are matched to document entities only by reviewed cross-referencing (xref).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from followthemoney import EntityProxy, model
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from redes.extract.normalize import key as name_key
from redes.ingest.mapping import LINKS, THINGS
from redes.kb import claims as claims_mod
from redes.sources import ofac
from redes.store.batches import chunks
from redes.store.models import Alias, Claim, Document, Entity, Evidence, ListRecord, ListVersion, Mention

LIST_LINKS: dict[str, tuple[str, str | None, str, str]] = {
    **{schema: (pred, None, a, b) for schema, (pred, a, b) in LINKS.items()},
    "UnknownLink": ("linked_to", None, "subject", "object"),
    "Ownership": ("linked_to", "owns", "owner", "asset"),
}
# Organisations designated under these programs are criminal groups (cartels, gangs).
CRIMINAL_PROGRAMS = frozenset({"SDNT", "SDNTK", "ILLICIT-DRUGS-EO14059", "TCO"})
DESIGNATION = ("action_against", "sanctioned")
ORIGIN = "list"
CHUNK = 500


@dataclass
class Source:
    """A list as the store knows it: its name (the collection's and ``Entity.source``),
    how it is shown and who publishes it."""

    name: str
    title: str
    publisher: str
    format: str
    url: str | None = None


OFAC = Source(ofac.SOURCE, ofac.TITLE, ofac.PUBLISHER, "sdn", ofac.PUBLISHER_URL)


def ftm_source(name: str) -> Source:
    """An FtM stream imported under the dataset name ``name``."""
    return Source(name, name, name, "ftm")


def _ends(link: EntityProxy) -> tuple[str | None, str | None]:
    _pred, _detail, a, b = LIST_LINKS[link.schema.name]
    return link.first(a, quiet=True), link.first(b, quiet=True)


@dataclass
class _Party:
    proxy: EntityProxy
    documents: list[int]  # every entry document of the party, oldest first
    delisted: date | None


def sources(session: Session) -> list[Source]:
    """The lists imported in the store."""
    names = session.scalars(select(ListVersion.source).distinct().order_by(ListVersion.source)).all()
    return [OFAC if name == OFAC.name else ftm_source(name) for name in names]


def kb_type(proxy: EntityProxy) -> str | None:
    """The redes entity type of a listed party (None: vessels, aircraft and other things
    the knowledge base has no type for)."""
    if proxy.schema.name == "Organization" and CRIMINAL_PROGRAMS & set(proxy.get("program", quiet=True)):
        return "criminal_group"
    for schema, type_ in THINGS.items():
        if proxy.schema.name == schema:
            return type_
    return None


def slug_for(source: str, ftm_id: str) -> str:
    """The knowledge-base slug of a list entity: its FtM id, prefixed by the list."""
    return (ftm_id if ftm_id.startswith(source + "-") else f"{source}-{ftm_id}")[:200]


def authority_slug(source: str) -> str:
    return f"{source}-authority"


def _records(
    s: Session, source: str, fresh: tuple[int, dict[str, EntityProxy]] | None = None
) -> tuple[dict[str, _Party], list[EntityProxy]]:
    """The parties (newest entry, documents, delisting) and the links of the newest
    versions. ``fresh``: a version just imported and its proxies, used as they are when it
    is the newest (reading 20,000 proxies back from JSON costs seconds)."""
    versions = s.execute(
        select(ListVersion.id, ListVersion.published)
        .where(ListVersion.source == source)
        .order_by(ListVersion.published, ListVersion.id)
    ).all()
    order = {vid: i for i, (vid, _) in enumerate(versions)}
    latest: dict[str, tuple[int, dict, int]] = {}
    docs: dict[str, list[int]] = {}
    q = (
        select(ListRecord.ftm_id, ListRecord.version_id, ListRecord.data, ListRecord.document_id)
        .join(ListVersion, ListVersion.id == ListRecord.version_id)
        .where(ListVersion.source == source)
    )
    for ftm_id, vid, data, doc_id in s.execute(q):
        i = order[vid]
        if ftm_id not in latest or latest[ftm_id][0] < i:
            latest[ftm_id] = (i, data, doc_id)
        if doc_id not in docs.setdefault(ftm_id, []):
            docs[ftm_id].append(doc_id)
    parties: dict[str, _Party] = {}
    links: list[EntityProxy] = []
    for ftm_id, (i, data, _doc) in latest.items():
        known = fresh[1] if fresh is not None and versions[i][0] == fresh[0] else {}
        proxy = known.get(ftm_id) or model.get_proxy(data, cleaned=True)
        if i < len(versions) - 1:
            if proxy.schema.name in LIST_LINKS:
                continue  # a link the newer list no longer has
            delisted = versions[i + 1][1]
        else:
            delisted = None
        if proxy.schema.name in LIST_LINKS:
            links.append(proxy)
        else:
            parties[ftm_id] = _Party(proxy, sorted(docs[ftm_id]), delisted)
    return parties, links


def clear(s: Session, source: str) -> None:
    """Take the list's machine output out of the knowledge base."""
    ids = list(s.scalars(select(Entity.id).where(Entity.source == source)))
    claim_ids = list(
        s.scalars(
            select(Claim.id)
            .where(Claim.origin == ORIGIN)
            .where(Claim.subject_id.in_(select(Entity.id).where(Entity.source == source)))
        )
    )
    for i in range(0, len(claim_ids), CHUNK):
        s.execute(delete(Evidence).where(Evidence.claim_id.in_(claim_ids[i : i + CHUNK])))
        s.execute(delete(Claim).where(Claim.id.in_(claim_ids[i : i + CHUNK])))
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        s.execute(
            delete(Evidence).where(Evidence.claim_id.in_(select(Claim.id).where(Claim.object_id.in_(chunk))))
        )
        s.execute(delete(Claim).where(Claim.object_id.in_(chunk)))
        s.execute(delete(Mention).where(Mention.entity_id.in_(chunk)))
        s.execute(delete(Alias).where(Alias.entity_id.in_(chunk)))
        s.execute(delete(Entity).where(Entity.id.in_(chunk)))


def materialize(
    s: Session, source: Source, fresh: tuple[int, dict[str, EntityProxy]] | None = None
) -> dict[str, int]:
    """Make the list's entities, names, mentions and claims again from its records."""
    clear(s, source.name)
    parties, links = _records(s, source.name, fresh)
    docs = {
        doc_id: (text, published)
        for ids in chunks(sorted({d for p in parties.values() for d in p.documents}))
        for doc_id, text, published in s.execute(
            select(Document.id, Document.text, Document.published).where(Document.id.in_(ids))
        )
    }
    typed = {pid: t for pid, p in parties.items() if (t := kb_type(p.proxy))}
    taken = set(s.scalars(select(Entity.slug).where(Entity.slug.like(f"{source.name}-%"))))
    rows = []
    for pid in typed:
        slug = slug_for(source.name, pid)
        if slug in taken:
            continue
        name = parties[pid].proxy.caption[:500]
        rows.append(
            {"slug": slug, "type": typed[pid], "name": name, "key": name_key(name), "source": source.name}
        )
    authority = {
        "slug": authority_slug(source.name),
        "type": "state_body",
        "name": source.publisher,
        "key": name_key(source.publisher),
        "source": source.name,
    }
    if authority["slug"] not in taken:
        rows.append(authority)
    ids: dict[str, int] = {}
    table = Entity.__table__
    for chunk in chunks(rows):
        stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        got = s.execute(stmt, chunk).scalars().all()
        ids.update((r["slug"], i) for r, i in zip(chunk, got, strict=True))
    if not ids:
        return {"entities": 0, "claims": 0, "delisted": 0}
    ent = {pid: ids[slug_for(source.name, pid)] for pid in typed if slug_for(source.name, pid) in ids}
    auth_id = ids.get(authority["slug"])
    _names(s, parties, ent, authority, auth_id)
    _mentions(s, parties, ent, docs, auth_id, typed)
    n_claims = _claims(s, source, parties, links, ent, docs, auth_id)
    return {
        "entities": len(ids),
        "claims": n_claims,
        "delisted": sum(1 for p in parties.values() if p.delisted),
    }


def party_names(proxy: EntityProxy) -> dict[str, str]:
    """A listed party's names by key: its name, aliases and previous names."""
    out: dict[str, str] = {}
    for prop in ("name", "alias", "weakAlias", "previousName"):
        for name in proxy.get(prop, quiet=True):
            key = name_key(name)
            if key and key not in out:
                out[key] = name[:500]
    return out


def _names(
    s: Session, parties: dict[str, _Party], ent: dict[str, int], authority: dict, auth_id: int | None
) -> None:
    rows = [
        {"entity_id": entity_id, "name": name, "key": key, "origin": "machine"}
        for pid, entity_id in ent.items()
        for key, name in party_names(parties[pid].proxy).items()
    ]
    if auth_id is not None:
        rows.append(
            {"entity_id": auth_id, "name": authority["name"], "key": authority["key"], "origin": "machine"}
        )
    for chunk in chunks(rows):
        s.execute(Alias.__table__.insert(), chunk)


def _mentions(s, parties, ent, docs, auth_id, typed) -> None:
    rows = []
    for pid, entity_id in ent.items():
        name = parties[pid].proxy.caption
        for doc_id in parties[pid].documents:
            rows.append(
                {
                    "document_id": doc_id,
                    "entity_id": entity_id,
                    "start": 0,
                    "end": len(name),
                    "text": name[:500],
                    "type": typed[pid],
                }
            )
    if auth_id is not None and docs:
        # The authority is named on every entry's designation line; one mention per
        # document keeps it visible to whoever reads any of them.
        for doc_id, (text, _published) in docs.items():
            line_start = text.find("\n") + 1
            rows.append(
                {
                    "document_id": doc_id,
                    "entity_id": auth_id,
                    "start": line_start,
                    "end": text.find(":", line_start),
                    "text": text[line_start : text.find(":", line_start)][:500],
                    "type": "state_body",
                }
            )
    for chunk in chunks(rows):
        s.execute(Mention.__table__.insert(), chunk)


class _Ref:
    __slots__ = ("id", "slug")

    def __init__(self, id: int, slug: str):
        self.id, self.slug = id, slug


def _claims(s, source: Source, parties, links, ent, docs, auth_id) -> int:
    slugs = {pid: slug_for(source.name, pid) for pid in ent}
    facts: list[dict] = []
    evidence: list[tuple[str, dict]] = []
    if auth_id is not None:
        auth = _Ref(auth_id, authority_slug(source.name))
        for pid, entity_id in ent.items():
            party = parties[pid]
            if "sanction" not in party.proxy.get("topics", quiet=True):
                continue
            f = claims_mod.fact_values(
                auth, DESIGNATION[0], _Ref(entity_id, slugs[pid]), detail=DESIGNATION[1]
            )
            facts.append(f)
            last = party.documents[-1]
            for doc_id in party.documents:
                text = docs[doc_id][0]
                start = text.find("\n") + 1
                end = text.find("\n", start)
                ev = _evidence(doc_id, text, start, end if end > 0 else len(text))
                if party.delisted and doc_id == last:
                    ev["span_end"] = party.delisted.isoformat()
                evidence.append((f["key"], ev))
    for link in links:
        a, b = _ends(link)
        if a not in ent or b not in ent:
            continue
        predicate, detail, _, _ = LIST_LINKS[link.schema.name]
        f = claims_mod.fact_values(_Ref(ent[a], slugs[a]), predicate, _Ref(ent[b], slugs[b]), detail=detail)
        facts.append(f)
        label = parties[b].proxy.caption
        for doc_id in parties[a].documents:
            text = docs[doc_id][0]
            at = text.find(f": {label}\n")
            at = at if at >= 0 else text.find(f": {label}")
            if at < 0:
                continue
            start = text.rfind("\n", 0, at) + 1
            evidence.append((f["key"], _evidence(doc_id, text, start, at + 2 + len(label))))
    if not facts:
        return 0
    claim_ids = claims_mod.ensure(s, facts)
    ids = sorted(i for i, _new in claim_ids.values())
    for chunk in chunks(ids):
        s.execute(update(Claim).where(Claim.id.in_(chunk)).values(status="accepted", origin=ORIGIN))
    rows, seen = [], set()
    for key, ev in evidence:
        claim_id = claim_ids[key][0]
        if (claim_id, ev["document_id"], ev["start"]) in seen:
            continue
        seen.add((claim_id, ev["document_id"], ev["start"]))
        rows.append({**ev, "claim_id": claim_id})
    for chunk in chunks(rows):
        s.execute(Evidence.__table__.insert(), chunk)
    return len(ids)


def _evidence(doc_id: int, text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "span_start": None,
        "span_end": None,
        "end_cue": None,
        "extractor": ORIGIN,
        "confidence": None,
    }




def rebuild(s: Session) -> int:
    """Make every list's knowledge base again (``redes rebuild``); returns the entities."""
    return sum(materialize(s, source)["entities"] for source in sources(s))
