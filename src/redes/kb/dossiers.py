"""Entity dossiers and timelines, as plain dicts (rendered by ``kb.render``, served as
JSON by the web app).

A dossier holds the canonical name and type, every alias with its number of mentions,
positions held, relations grouped by type with corroboration and numbered citations,
attributes (founding, death, age, rewards, nationality), places with years, the timeline, any
contradictions, and the numbered list of sources that the citations point to.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from redes.kb import conflicts, spans
from redes.kb.entities import mention_counts
from redes.kb.facts import claim_dicts, count_support, document_summary, source_key
from redes.kb.lookup import resolve
from redes.store import Store
from redes.store.models import Alias, Claim, Document, Entity, Mention


def dossier(store: Store, query: str, quotes: int | None = None, as_of: int | None = None) -> dict[str, Any]:
    """The dossier of the entity ``query`` names (slug, name or alias, any case or
    accents). Raises ``LookupFailed`` with the candidates when the name is ambiguous.

    ``quotes``: at most this many evidence quotes per line of relations and facts (None:
    all); each line says how many it has (``evidence_count``), and the others are read a
    page at a time (``facts.evidence_page``). A hub's dossier with every quote runs to
    megabytes.

    ``as_of``: the dossier as of that year (``kb.spans.holds_at``). ``relations`` and
    ``positions`` hold what holds then (or now, without ``as_of``); ``past`` what had
    ended by then, in the same shape; claims that began later are left out. Every line
    says ``current`` (true or false) and its ``span``."""
    with store.session() as s:
        return build(s, resolve(s, query), quotes, as_of)


def timeline(store: Store, query: str) -> list[dict[str, Any]]:
    """An entity's dated claims, oldest first (claims saying the same thing at the same
    date are one entry)."""
    return dossier(store, query)["timeline"]


def _claims(session: Session, entity: Entity) -> tuple[list[dict[str, Any]], list[tuple[Claim, list]]]:
    """The entity's claims as dicts, and as (claim, evidence) for ``conflicts.find``."""
    claims = session.scalars(
        select(Claim)
        .where(or_(Claim.subject_id == entity.id, Claim.object_id == entity.id), Claim.status != "rejected")
        .order_by(Claim.id)
    ).all()
    out = claim_dicts(session, list(claims))
    by_key = {c.key: c for c in claims}
    known = [(by_key[c["key"]], list(c["evidence"])) for c in out]
    for c in out:
        outgoing = c["subject"]["id"] == entity.slug
        c["direction"] = "out" if outgoing else "in"
        c["other"] = c["object"] if outgoing else c["subject"]
    return out, known


def build(
    session: Session, entity: Entity, quotes: int | None = None, as_of: int | None = None
) -> dict[str, Any]:
    from redes.sources import lists  # redes.sources imports redes.kb

    claims, known = _claims(session, entity)
    if as_of is not None:
        claims = [c for c in claims if not spans.begins_after(c, as_of)]
    for c in claims:
        c["current"] = spans.holds_at(c, as_of) if as_of is not None else spans.is_open(c)
    sources = _sources(session, entity, claims)
    number = {src["id"]: src["n"] for src in sources}
    for c in claims:
        for ev in c["evidence"]:
            ev["source"] = number[ev["document"]["id"]]
        c["citations"] = sorted({ev["source"] for ev in c["evidence"]})

    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    attributes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    past: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ended = [c for c in claims if c["other"] and not c["current"]]
    gone = {id(c) for c in ended}
    for g in _groups([c for c in claims if id(c) not in gone]) + _groups(ended):
        g["evidence_count"] = len(g["evidence"])
        if quotes is not None:
            g["evidence"] = g["evidence"][:quotes]
        if not g["other"]:
            attributes[g["predicate"]].append(g)
        else:
            (relations if g["current"] else past)[g["predicate"]].append(g)
    places: dict[str, dict[str, Any]] = {}
    for c in claims:
        if c["other"] is not None and c["other"]["type"] == "place":
            p = places.setdefault(
                c["other"]["id"], {"place": c["other"], "years": set(), "claims": [], "citations": set()}
            )
            if c["year"]:
                p["years"].add(c["year"])
            p["claims"].append(c["key"])
            p["citations"].update(c["citations"])

    counts = mention_counts(session, entity.id)
    aliases = [
        {"name": a.name, "count": counts.get(a.key, 0), "origin": a.origin}
        for a in session.scalars(select(Alias).where(Alias.entity_id == entity.id).order_by(Alias.id))
    ]
    aliases.sort(key=lambda a: (-a["count"], a["name"]))
    return {
        "id": entity.slug,
        "name": entity.name,
        "type": entity.type,
        "aliases": aliases,
        "mentions": sum(counts.values()),
        "as_of": as_of,
        "positions": [g for g in relations.get("holds_position", []) if g["direction"] == "out"],
        "relations": dict(sorted(relations.items())),
        "past": dict(sorted(past.items())),
        "attributes": dict(sorted(attributes.items())),
        "places": sorted(
            (
                {**p, "years": sorted(p["years"]), "citations": sorted(p["citations"])}
                for p in places.values()
            ),
            key=lambda p: (-len(p["claims"]), p["place"]["name"]),
        ),
        "timeline": sorted(
            ({k: v for k, v in g.items() if k != "evidence"} for g in _groups(claims, dated=True)),
            key=lambda g: (g["when"], g["predicate"], g["other"]["name"] if g["other"] else ""),
        ),
        "spans": _spans(claims),
        "contradictions": conflicts.find(session, entity.id, known),
        "sources": sources,
        # Structured lists (``redes.sources``): the entity's entries, with their date and
        # document; "sanctioned" while one of them is not delisted.
        "lists": (listed := lists.facts(session, entity.id)),
        "sanctioned": any(not f["delisted"] for f in listed),
    }


# Relations whose detail is part of what they say (a son is not a wife; an arrest is
# not a reward; a CURP is not an RFC); for the others ("leader", "head", "founder") it is
# a nuance.
DETAIL_MATTERS = frozenset(
    {"family", "holds_position", "action_against", "reward", "died", "linked_to", "identifier"}
)


def _groups(claims: list[dict[str, Any]], dated: bool = False) -> list[dict[str, Any]]:
    """Claims that say the same thing about the same counterpart (the CJNG led in 2009,
    in 2014, by its "head" or "founder"...) as one line of the dossier, with the union of
    their evidence, corroboration counted across them, and their years. ``dated``: one
    line per date instead (the timeline), leaving out undated claims."""
    groups: dict[tuple, dict[str, Any]] = {}
    for c in claims:
        if dated and not c["when"]:
            continue
        detail = (c["detail"] or "").lower() if c["predicate"] in DETAIL_MATTERS else ""
        other = c["other"]["id"] if c["other"] else None
        value = (c["value"] or "").lower() if other is None and c["predicate"] != "died" else ""
        key = (c["predicate"], c["direction"], other, detail, value, c["when"] if dated else None)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {
                "when": c["when"] if dated else None,
                "predicate": c["predicate"],
                "direction": c["direction"],
                "other": c["other"],
                "value": c["value"],
                "detail": c["detail"] if detail else None,
                "details": [],
                "years": [],
                "claims": [],
                "evidence": [],
            }
        if c["detail"] and c["detail"] not in g["details"]:
            g["details"].append(c["detail"])
        if c["when"] and c["when"] not in g["years"]:
            g["years"].append(c["when"])
        g["claims"].append({k: v for k, v in c.items() if k not in ("evidence", "other", "direction")})
        seen = {(ev["document"]["id"], ev["start"]) for ev in g["evidence"]}
        g["evidence"] += [
            {**ev, "claim": c["key"]}
            for ev in c["evidence"]
            if (ev["document"]["id"], ev["start"]) not in seen
        ]
    out = []
    for g in groups.values():
        g["years"].sort()
        g["evidence"].sort(key=lambda ev: (ev["source"], ev["start"]))
        g["citations"] = sorted({ev["source"] for ev in g["evidence"]})
        g["corroboration"] = _support(g["evidence"])
        statuses = {c["status"] for c in g["claims"]}
        g["status"] = statuses.pop() if len(statuses) == 1 else "mixed"
        g.update(spans.union(g["claims"]))
        out.append(g)
    return sorted(
        out,
        key=lambda g: (
            -g["corroboration"]["documents"],
            g["other"]["name"] if g["other"] else "",
            g["years"],
        ),
    )


def _spans(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Relations with a span (a start, an end, or "former"), one line per counterpart and
    predicate, by when they began: the bars of the timeline chart, whose points are the
    ``timeline``."""
    lines = [
        {k: v for k, v in g.items() if k != "evidence"}
        for g in _groups([c for c in claims if c["other"] and (c["start"] or c["end_precision"])])
    ]
    return sorted(lines, key=lambda g: (g["start"] or g["end"] or "", g["predicate"], g["other"]["name"]))


def _support(evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """Corroboration of a group: the same counts as for one claim (see ``facts``)."""
    return count_support([ev["document"] for ev in evidence])


def _sources(session: Session, entity: Entity, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every document that mentions the entity or supports one of its claims, numbered
    in publication order."""
    mentions = dict(
        session.execute(
            select(Mention.document_id, func.count())
            .where(Mention.entity_id == entity.id)
            .group_by(Mention.document_id)
        ).all()
    )
    cited = {ev["document"]["id"] for c in claims for ev in c["evidence"]}
    ids = set(mentions) | cited
    docs = session.scalars(select(Document).where(Document.id.in_(ids))).all() if ids else []
    docs = sorted(docs, key=lambda d: (str(d.published or "9999"), d.id))
    out = [
        {"n": i, **document_summary(d), "mentions": mentions.get(d.id, 0), "cited": d.id in cited}
        for i, d in enumerate(docs, 1)
    ]
    # Copies of one text (``redes.ingest.neardup``): each lists the others' numbers.
    copies: dict[int, list[int]] = defaultdict(list)
    for src in out:
        copies[source_key(src)].append(src["n"])
    for src in out:
        src["copies"] = [n for n in copies[source_key(src)] if n != src["n"]]
    return out
