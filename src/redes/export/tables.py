"""CSV tables: ``entities.csv`` and ``relations.csv`` import into Gephi's data
laboratory as node and edge tables (Id/Label, Source/Target/Type/Weight); ``attributes.csv``
and ``evidence.csv`` hold the literal facts and every quote with its document."""

from __future__ import annotations

import csv
from pathlib import Path

from redes.export.safe import safe
from redes.export.snapshot import Snapshot, load
from redes.extract.model import SYMMETRIC_RELATIONS
from redes.store import Store

TABLES = ("entities", "relations", "attributes", "evidence")
_SUPPORT = ["documents", "publishers", "first_seen", "last_seen"]


def rows(snap: Snapshot, table: str) -> tuple[list[str], list[list]]:
    """Header and rows of one table."""
    if table == "entities":
        return ["Id", "Label", "type", "aliases", "mentions", "documents"], [
            [e["id"], e["name"], e["type"], "; ".join(e["aliases"]), e["mentions"], len(e["documents"])]
            for e in snap.entities
        ]
    if table == "relations":
        header = [
            "Id",
            "Source",
            "Target",
            "Type",
            "Label",
            "Weight",
            "detail",
            "year",
            "date",
            "start",
            "end",
            "end_precision",
            "end_basis",
            "status",
            *_SUPPORT,
        ]
        return header, [
            [
                c["key"],
                c["subject"]["id"],
                c["object"]["id"],
                "Undirected" if c["predicate"] in SYMMETRIC_RELATIONS else "Directed",
                c["predicate"],
                c["corroboration"]["documents"],
                c["detail"],
                c["year"],
                c["date"],
                c["start"],
                c["end"],
                c["end_precision"],
                c["end_basis"],
                c["status"],
                *(c["corroboration"][k] for k in _SUPPORT),
            ]
            for c in snap.relations
        ]
    if table == "attributes":
        header = ["key", "entity", "predicate", "value", "detail", "year", "date", "status", *_SUPPORT]
        return header, [
            [
                c["key"],
                c["subject"]["id"],
                c["predicate"],
                c["value"],
                c["detail"],
                c["year"],
                c["date"],
                c["status"],
            ]
            + [c["corroboration"][k] for k in _SUPPORT]
            for c in snap.attributes
        ]
    if table == "evidence":
        # Which extractors proposed the quote ("learned", "rules", "llm:MODEL") and how sure.
        header = [
            "claim", "document", "title", "publisher", "published", "url", "start", "end", "quote",
            "extractor", "confidence",
        ]  # fmt: skip
        return header, [
            [
                c["key"],
                ev["document"]["file_name"],
                ev["document"]["title"],
                ev["document"]["publisher"],
                ev["document"]["published"],
                ev["document"]["url"],
                ev["start"],
                ev["end"],
                ev["quote"],
                ev.get("extractor"),
                ev.get("confidence"),
            ]
            for c in snap.claims
            for ev in c["evidence"]
        ]
    raise ValueError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")


def write_csv(store: Store, folder: str | Path) -> list[Path]:
    """Write every table as ``<folder>/<table>.csv``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    snap = load(store)
    paths = []
    for table in TABLES:
        header, data = rows(snap, table)
        path = folder / f"{table}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows([safe(v) for v in row] for row in data)
        paths.append(path)
    return paths
