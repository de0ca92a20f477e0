"""Contradictions: conflicting values of single-valued facts, with both sides' evidence.

- founding year: two years for one group (a ``founded`` attribute, or a ``leads`` claim
  whose detail says its subject founded the group in a given year);
- death: two death years for one person;
- activity after death: a person said to lead, belong to or hold a post in a year
  after the year they were reported dead;
- reward: two amounts offered by the same party for the same person in the same year;
- age: ages that put the birth year more than a year apart.

Rewards and ages change over time, so they conflict only when their time is known (the
claim's year, else the publication date of the document) and the differing values come
from different documents: one document that gives both is describing a change. Rejected
claims never take part.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session

from redes.kb.claims import value_year
from redes.kb.facts import evidence_for
from redes.kb.lookup import resolve, summary
from redes.store import Store
from redes.store.models import Claim, Document, Entity, Evidence

KINDS = ("founded", "died", "active_after_death", "reward", "age")
FOUNDER_DETAILS = frozenset({"founder", "co-founder", "cofounder", "founded", "fundador", "cofundador"})
ACTIVE = ("leads", "member_of", "holds_position")
AGE_TOLERANCE = 1  # years: an age "as of" a date is off by one around birthdays


@dataclass(slots=True)
class Observation:
    """One claim as one document reports it."""

    claim: Claim
    document_id: int
    published: str | None

    @property
    def time(self) -> int | None:
        """The year the observation is about: the claim's own, else its document's."""
        if self.claim.year:
            return self.claim.year
        if self.claim.date:
            return self.claim.date.year
        return value_year(str(self.published)) if self.published else None


def _observations(session: Session, q) -> list[Observation]:
    rows = session.execute(
        q.add_columns(Evidence.document_id, Document.published)
        .join(Evidence, Evidence.claim_id == Claim.id)
        .join(Document, Document.id == Evidence.document_id)
        .where(Claim.status != "rejected")
    )
    return [Observation(c, doc_id, published) for c, doc_id, published in rows]


def _founder(detail: str | None) -> bool:
    return bool(detail) and detail.lower() in FOUNDER_DETAILS


def find(
    session: Session,
    entity_id: int | None = None,
    known: list[tuple[Claim, list[dict[str, Any]]]] | None = None,
) -> list[dict[str, Any]]:
    """All contradictions, or those about one entity. ``known``: every claim about that
    entity that is not rejected, with its evidence (as ``facts.evidence_for`` gives it),
    when the caller has them already (a dossier): then nothing more is read."""

    def about(*cols):
        return or_(*(c == entity_id for c in cols)) if entity_id is not None else true()

    q = select(Claim)
    if known is not None:
        observed = [
            Observation(c, ev["document"]["id"], ev["document"]["published"])
            for c, evs in known
            for ev in evs
        ]
        founded = [
            o
            for o in observed
            if (o.claim.predicate == "founded" and o.claim.subject_id == entity_id)
            or (o.claim.predicate == "leads" and o.claim.year is not None and o.claim.object_id == entity_id)
        ]
        attrs = [
            o
            for o in observed
            if o.claim.predicate in ("died", "reward", "age") and o.claim.subject_id == entity_id
        ]
    else:
        founded = _observations(
            session,
            q.where(
                or_(
                    and_(Claim.predicate == "founded", about(Claim.subject_id)),
                    and_(Claim.predicate == "leads", Claim.year.is_not(None), about(Claim.object_id)),
                )
            ),
        )
        attrs = _observations(
            session, q.where(Claim.predicate.in_(("died", "reward", "age")), about(Claim.subject_id))
        )
    found: list[tuple[str, int, str | None, dict[str, list[Observation]]]] = []

    # Founding years, keyed by the group.
    years: dict[int, dict[str, list[Observation]]] = defaultdict(lambda: defaultdict(list))
    for o in founded:
        c = o.claim
        if c.predicate == "founded" and value_year(c.value):
            years[c.subject_id][str(value_year(c.value))].append(o)
        elif c.predicate == "leads" and _founder(c.detail):
            years[c.object_id][str(c.year)].append(o)
    found += [("founded", gid, None, sides) for gid, sides in years.items() if len(sides) > 1]

    deaths: dict[int, dict[str, list[Observation]]] = defaultdict(lambda: defaultdict(list))
    for o in attrs:
        y = value_year(o.claim.value) or o.claim.year
        if o.claim.predicate == "died" and y:
            deaths[o.claim.subject_id][str(y)].append(o)
    found += [("died", pid, None, sides) for pid, sides in deaths.items() if len(sides) > 1]

    if deaths and known is not None:
        active = [
            o
            for o in observed
            if o.claim.predicate in ACTIVE and o.claim.year is not None and o.claim.subject_id in deaths
        ]
    elif deaths:
        active = _observations(
            session,
            q.where(
                Claim.predicate.in_(ACTIVE),
                Claim.year.is_not(None),
                Claim.subject_id.in_(list(deaths)),
            ),
        )
    if deaths:
        for pid, sides in deaths.items():
            death_year = min(int(y) for y in sides)
            late = [o for o in active if o.claim.subject_id == pid and o.claim.year > death_year]
            if late:
                dead = [o for y, obs in sides.items() if int(y) == death_year for o in obs]
                found.append(
                    ("active_after_death", pid, None, {f"died {death_year}": dead, "active later": late})
                )

    found += _timed(attrs, "reward", lambda o: (o.time, o.claim.detail), lambda o: o.claim.value)
    found += _timed(attrs, "age", lambda o: (), _birth_year, tolerance=AGE_TOLERANCE)
    evidence = None
    if known is not None:
        keep = ("document", "start", "end", "quote")
        evidence = {c.id: [{k: ev[k] for k in keep} for ev in evs] for c, evs in known}
    return _describe(session, found, evidence)


def _birth_year(o: Observation) -> str | None:
    try:
        return str(o.time - int(o.claim.value))
    except (TypeError, ValueError):
        return None


def _timed(observations, predicate, bucket, value_of, tolerance: int = 0):
    """Conflicts among time-dependent values: values in the same bucket (subject and
    whatever else ``bucket`` gives), reported by different documents, that differ (by
    more than ``tolerance`` when numeric). Observations with no known time are left out."""
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in observations:
        if o.claim.predicate == predicate and o.time is not None and value_of(o) is not None:
            groups[(o.claim.subject_id, *bucket(o))].append(o)
    out = []
    for (subject_id, *rest), obs in groups.items():
        sides: dict[str, list[Observation]] = defaultdict(list)
        for o in obs:
            sides[value_of(o)].append(o)
        if len(sides) > 1 and _apart(sides, tolerance):
            out.append((predicate, subject_id, str(rest[0]) if rest else None, sides))
    return out


def _apart(sides: dict[str, list[Observation]], tolerance: int) -> bool:
    """Two differing values reported by different documents."""
    values = list(sides)
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            if tolerance and a.lstrip("-").isdigit() and b.lstrip("-").isdigit():
                if abs(int(a) - int(b)) <= tolerance:
                    continue
            if len({o.document_id for o in sides[a] + sides[b]}) > 1:
                return True
    return False


def _describe(
    session: Session, found, evidence: dict[int, list[dict[str, Any]]] | None = None
) -> list[dict[str, Any]]:
    claim_ids = sorted({o.claim.id for *_, sides in found for obs in sides.values() for o in obs})
    if evidence is None:
        evidence = evidence_for(session, claim_ids) if claim_ids else {}
    entities = {}
    out = []
    for kind, subject_id, time, sides in found:
        entity = entities.get(subject_id) or session.get(Entity, subject_id)
        entities[subject_id] = entity
        if entity is None:
            continue  # an entity the session's scope may not see
        out_sides = []
        for value, obs in sorted(sides.items()):
            claims = {o.claim.id: o.claim for o in obs}
            docs = {o.document_id for o in obs}
            out_sides.append(
                {
                    "value": value,
                    "claims": [
                        {
                            "key": c.key,
                            "predicate": c.predicate,
                            "value": c.value,
                            "year": c.year,
                            "detail": c.detail,
                        }
                        for c in claims.values()
                    ],
                    "evidence": _unique(
                        ev for cid in claims for ev in evidence.get(cid, []) if ev["document"]["id"] in docs
                    ),
                }
            )
        label = {
            "founded": "founding year",
            "died": "death",
            "active_after_death": "active after reported death",
            "reward": "reward amount",
            "age": "birth year implied by age",
        }[kind]
        values = " vs ".join(s["value"] for s in out_sides)
        text = f"{entity.name}: {label} {values}" + (f" (in {time})" if time else "")
        out.append(
            {"kind": kind, "subject": summary(entity), "time": time, "summary": text, "sides": out_sides}
        )
    return sorted(out, key=lambda c: (KINDS.index(c["kind"]), c["subject"]["name"], c["time"] or ""))


def _unique(evidence) -> list[dict[str, Any]]:
    """Evidence without repeats: one sentence can support two claims of a side (a
    founding year stated both as an attribute and as the year of a founder)."""
    seen, out = set(), []
    for ev in evidence:
        if (ev["document"]["id"], ev["start"]) not in seen:
            seen.add((ev["document"]["id"], ev["start"]))
            out.append(ev)
    return out


def contradictions(store: Store, entity: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Contradictions in the knowledge base, optionally about one entity (slug, name or
    alias) or of one kind (see ``KINDS``)."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    with store.session() as s:
        entity_id = resolve(s, entity).id if entity else None
        found = find(s, entity_id)
    return [c for c in found if kind is None or c["kind"] == kind]
