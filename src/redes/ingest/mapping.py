"""Tables as entities and claims, through followthemoney mappings.

``redes ingest --mapping mapping.yml`` applies a followthemoney query mapping (its
``entities`` block: schemata, ``keys``, ``properties`` from ``column``/``literal``/
``entity``) to every row of the tables ingested (CSV files and XLSX sheets whose header row
holds the columns the mapping reads). Each FtM entity becomes a redes entity and each
link a claim, added by hand's route (``redes.kb.manual``): the citation is the row's line
of the sheet document, so every fact points at "sheet 2, row 14" and survives rebuilds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from redes.ingest.formats.sheets import SEPARATOR
from redes.store import Store
from redes.store.models import Document, Entity

# FtM schema -> redes entity type. Organization covers Company and the like.
THINGS = {
    "Person": "person",
    "PublicBody": "state_body",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "Address": "place",
}
# FtM link schema -> (redes predicate, subject property, object property).
LINKS = {
    "Membership": ("member_of", "member", "organization"),
    "Directorship": ("leads", "director", "organization"),
    "Family": ("family", "relative", "person"),
    "Associate": ("collusion", "person", "associate"),
}
_LINE = re.compile(r"^(\d+): (.*)$", re.M)


@dataclass
class Query:
    """One followthemoney query mapping, and the redes types of its entities where the
    FtM schema says less (``redes: {types: {grupo: criminal_group}}`` in the query)."""

    mapping: Any
    types: dict[str, str] = field(default_factory=dict)


class MappingError(ValueError):
    """A mapping file that cannot be used; ``str(err)`` says why."""


@dataclass
class MappingReport:
    rows: int = 0
    entities: int = 0  # added; entities already known are reused
    claims: int = 0
    tables: list[int] = field(default_factory=list)  # sheet documents the mapping read
    skipped: list[str] = field(default_factory=list)  # why something was not added


def load(path: str | Path) -> list[Query]:
    """The followthemoney query mappings of a YAML file: a query (``entities:``), a list of
    ``queries:``, or a dataset file (``name: {queries: [...]}``) as FtM's own tools read."""
    import yaml
    from followthemoney import model
    from followthemoney.exc import InvalidMapping

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read mapping {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise MappingError(f"mapping {path} is not a YAML mapping")
    if "entities" in data:
        queries = [data]
    elif "queries" in data or "query" in data:
        queries = data.get("queries") or [data["query"]]
    else:
        queries = [q for d in data.values() if isinstance(d, dict) for q in d.get("queries", [])]
    if not queries:
        raise MappingError(f"mapping {path} has no 'entities' or 'queries'")
    from redes.extract.model import ENTITY_TYPES

    out = []
    for query in queries:
        query = dict(query)
        types = (query.pop("redes", None) or {}).get("types") or {}
        bad = {k: v for k, v in types.items() if v not in ENTITY_TYPES}
        if bad:
            raise MappingError(f"mapping {path}: redes types are among {', '.join(ENTITY_TYPES)}, not {bad}")
        # The rows come from the ingested tables, not from a URL: FtM needs a source named.
        query.pop("database", None)
        query.setdefault("csv_url", "redes-ingest")
        try:
            out.append(Query(model.make_mapping(query, key_prefix="redes"), types))
        except (InvalidMapping, KeyError, TypeError, ValueError) as exc:
            raise MappingError(f"invalid mapping {path}: {exc}") from exc
    return out


def apply(
    store: Store, queries: list[Query], doc_ids: list[int], author: str | None = "mapping"
) -> MappingReport:
    """Map every row of the table documents among ``doc_ids`` and the documents inside
    them (the sheets of a workbook, the tables in an archive)."""
    report = MappingReport()
    with store.session() as s:
        doc_ids = _with_descendants(s, doc_ids)
        tables = [
            (d.id, d.text)
            for d in s.scalars(
                select(Document).where(Document.id.in_(doc_ids), Document.format.in_(("csv", "xlsx")))
            )
            if d.meta and "rows" in d.meta
        ]
    for doc_id, text in tables:
        rows = [(m.start(), m.end(), m.group(2).split(SEPARATOR)) for m in _LINE.finditer(text)]
        if not rows:
            continue
        header = [h.strip() for h in rows[0][2]]
        for query in queries:
            missing = sorted(query.mapping.refs - set(header))
            if missing:
                report.skipped.append(f"document {doc_id}: no column {', '.join(missing)}")
                continue
            report.tables.append(doc_id)
            for start, end, cells in rows[1:]:
                record = dict(zip(header, (c.strip() for c in cells), strict=False))
                report.rows += 1
                citation = {"document": doc_id, "start": start, "end": end}
                _write(store, query, query.mapping.map(record), citation, author, report)
    return report


def _with_descendants(session, doc_ids: list[int]) -> list[int]:
    found, level = set(doc_ids), set(doc_ids)
    while level:
        level = set(session.scalars(select(Document.id).where(Document.parent_id.in_(level)))) - found
        found |= level
    return sorted(found)


def _write(
    store: Store,
    query: Query,
    mapped: dict[str, Any],
    citation: dict,
    author: str | None,
    report: MappingReport,
) -> None:
    from redes.kb import manual

    slugs: dict[str, str] = {}  # FtM entity id -> redes slug
    for key, proxy in mapped.items():
        type_ = query.types.get(key) or _thing(proxy.schema)
        name = type_ and (proxy.first("name", quiet=True) or proxy.first("full", quiet=True))
        if name:
            slug = _entity(store, type_, name, citation, author, report)
            if slug:
                slugs[proxy.id] = slug
    for proxy in mapped.values():
        link = LINKS.get(proxy.schema.name)
        if link is None:
            if _thing(proxy.schema) is None:
                report.skipped.append(f"{proxy.schema.name}: no redes relation for this schema")
            continue
        predicate, subject, obj = link
        a, b = slugs.get(proxy.first(subject, quiet=True)), slugs.get(proxy.first(obj, quiet=True))
        if not (a and b):
            continue
        if predicate == "member_of" and (proxy.first("role", quiet=True) or "").lower() in (
            "leader",
            "líder",
            "jefe",
            "head",
        ):
            predicate = "leads"
        try:
            manual.add_relation(store, a, predicate, citation, obj=b, author=author)
            report.claims += 1
        except (manual.ManualError, LookupError) as exc:
            report.skipped.append(f"{predicate} {a} {b}: {exc}")


def _thing(schema) -> str | None:
    for name in (schema.name, *(s.name for s in schema.extends)):
        if name in THINGS:
            return THINGS[name]
    return None


def _entity(store: Store, type_: str, name: str, citation: dict, author: str | None, report) -> str | None:
    """The slug of the entity ``name`` of ``type_``: an existing one, else added by hand's
    route with the row as its citation."""
    from redes.kb import entities, manual

    with store.scoped(None).session() as s:
        known = s.scalar(
            select(Entity.slug).where(Entity.key == entities.name_key(name), Entity.type == type_).limit(1)
        )
    if known:
        return known
    try:
        added = manual.add_entity(store, type_, name, citation, author=author)
    except manual.ManualError as exc:
        report.skipped.append(f"{type_} {name!r}: {exc}")
        return None
    report.entities += 1
    return added["entity"]["id"]
