"""Claims: one row per fact (subject, predicate, object or value, qualifiers) across all
documents, holding every piece of evidence for it.

A claim's ``key`` hashes the fact with entity *slugs*, not row ids, so that it survives a
rebuild and review judgements can name it. Whenever an entity changes identity (merge,
split) its claims are re-keyed, and two claims that become the same fact are folded into
one with all their evidence.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from redes.extract.model import SYMMETRIC_RELATIONS
from redes.kb import details
from redes.store.models import Claim, Entity, Evidence

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})(?:-\d{2}(?:-\d{2})?)?$")


def normalize_value(value: str | None) -> str | None:
    """The literal of an attribute as it is compared: whitespace collapsed."""
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def normalize_detail(detail: str | None, predicate: str | None = None) -> str | None:
    """Whitespace collapsed; with ``predicate``, the key of the details vocabulary
    (``kb.details``: "líder" and "leaders" are "leader"; an unknown one is dropped)."""
    if detail is None:
        return None
    detail = " ".join(detail.split())
    if detail and predicate is not None:
        detail = details.normalize(predicate, detail)
    return detail or None


def parse_date(value: str | None) -> date | None:
    """A full ISO date in ``value``, if that is what it is."""
    m = _ISO_DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def value_year(value: str | None) -> int | None:
    """The year of a literal such as "2009", "2026-02" or "2026-02-22"."""
    m = _YEAR.match(value or "")
    return int(m[1]) if m else None


def orient(predicate: str, subject: Entity, obj: Entity | None, detail: str | None):
    """Symmetric relations without a directional detail get one canonical direction, so
    "A allied with B" and "B allied with A" are one claim. ("wife" or "son" in a family
    relation has a direction, so those keep the order the text gave.)"""
    if obj is not None and predicate in SYMMETRIC_RELATIONS and detail is None:
        if obj.slug < subject.slug:
            return obj, subject
    return subject, obj


def claim_key(
    subject_slug: str,
    predicate: str,
    object_slug: str | None,
    value: str | None,
    year: int | None,
    when: date | None,
    detail: str | None,
) -> str:
    parts = [
        subject_slug,
        predicate,
        object_slug or "",
        (normalize_value(value) or "").lower(),
        "" if year is None else str(year),
        "" if when is None else when.isoformat(),
        (normalize_detail(detail, predicate) or "").lower(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def key_of(claim: Claim, subject: Entity, obj: Entity | None) -> str:
    return claim_key(
        subject.slug,
        claim.predicate,
        obj.slug if obj else None,
        claim.value,
        claim.year,
        claim.date,
        claim.detail,
    )


def fact(
    subject: Entity,
    predicate: str,
    obj: Entity | None,
    value: str | None = None,
    year: int | None = None,
    detail: str | None = None,
    when: date | None = None,
) -> Claim:
    """A claim row for this fact (normalized, oriented, keyed), not yet in any session."""
    return Claim(**fact_values(subject, predicate, obj, value, year, detail, when), status="machine")


def fact_values(
    subject,
    predicate: str,
    obj,
    value: str | None = None,
    year: int | None = None,
    detail: str | None = None,
    when: date | None = None,
) -> dict:
    """The column values of a fact's claim (see ``fact``), as a plain dict, for bulk
    writes. ``subject`` and ``obj`` are anything with an ``id`` and a ``slug``."""
    detail = normalize_detail(detail, predicate)
    value = normalize_value(value)
    if when is None and predicate == "died":
        when = parse_date(value)
    subject, obj = orient(predicate, subject, obj, detail)
    return {
        "key": claim_key(subject.slug, predicate, obj.slug if obj else None, value, year, when, detail),
        "subject_id": subject.id,
        "predicate": predicate,
        "object_id": obj.id if obj else None,
        "value": value,
        "year": year,
        "date": when,
        "detail": detail,
    }


def get_or_create_many(session: Session, facts: list[Claim]) -> list[tuple[Claim, bool]]:
    """The stored claim for each fact (see ``fact``), adding the new ones; with whether
    each was new. One query and one flush, whatever the number of facts."""
    keys = sorted({f.key for f in facts})
    known = {
        c.key: c
        for i in range(0, len(keys), 500)
        for c in session.scalars(select(Claim).where(Claim.key.in_(keys[i : i + 500])))
    }
    out = []
    for f in facts:
        claim = known.get(f.key)
        if claim is None:
            session.add(f)
            known[f.key] = f
            out.append((f, True))
        else:
            out.append((claim, False))
    session.flush()
    return out


def ensure(session: Session, facts: list[dict]) -> dict[str, tuple[int, bool]]:
    """Bulk ``get_or_create_many`` for plain fact dicts (see ``fact_values``, with the
    entity ids filled in): the claim id for each key, and whether it is new. One query
    per 500 keys and one multi-row insert, without loading any object."""
    table = Claim.__table__
    keys = sorted({f["key"] for f in facts})
    out: dict[str, tuple[int, bool]] = {}
    for i in range(0, len(keys), 500):
        rows = session.execute(select(table.c.key, table.c.id).where(table.c.key.in_(keys[i : i + 500])))
        out.update((k, (claim_id, False)) for k, claim_id in rows)
    new: dict[str, dict] = {}
    for f in facts:
        if f["key"] not in out:
            new.setdefault(f["key"], f)
    if new:
        rows = list(new.values())
        stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        ids = session.execute(stmt, [{**r, "status": "machine"} for r in rows]).scalars().all()
        out.update((r["key"], (claim_id, True)) for r, claim_id in zip(rows, ids, strict=True))
    return out


def add_evidence(
    session: Session,
    claim: Claim,
    document_id: int,
    start: int,
    end: int,
    quote: str,
    extractor: str | None = None,
    confidence: float | None = None,
) -> bool:
    """Attach one piece of evidence; False when the claim already had it (then it also
    names ``extractor``)."""
    exists = session.scalar(
        select(Evidence).where(
            Evidence.claim_id == claim.id,
            Evidence.document_id == document_id,
            Evidence.start == start,
        )
    )
    if exists is not None:
        _proposed_too(exists, extractor, confidence)
        return False
    session.add(
        Evidence(
            claim_id=claim.id,
            document_id=document_id,
            start=start,
            end=end,
            quote=quote,
            extractor=extractor,
            confidence=confidence,
        )
    )
    return True


def _proposed_too(ev: Evidence, extractor: str | None, confidence: float | None) -> None:
    """``ev`` also proposed by ``extractor`` (the same sentence read by several)."""
    if extractor:
        ev.extractor = " ".join(sorted({*(ev.extractor or "").split(), *extractor.split()}))
    if confidence is not None:
        ev.confidence = max(confidence, ev.confidence or 0.0)


def fold_into(session: Session, source: Claim, target: Claim) -> None:
    """Move all of ``source``'s evidence to ``target`` and delete ``source``.

    A human status survives: the target keeps its own when it was judged, else takes the
    source's (judgements are re-applied afterwards in any case)."""
    if source.id == target.id:
        return
    have = {
        (ev.document_id, ev.start): ev
        for ev in session.scalars(select(Evidence).where(Evidence.claim_id == target.id))
    }
    for ev in session.scalars(select(Evidence).where(Evidence.claim_id == source.id)).all():
        kept = have.get((ev.document_id, ev.start))
        if kept is not None:
            _proposed_too(kept, ev.extractor, ev.confidence)
            session.delete(ev)
        else:
            ev.claim_id = target.id
            have[(ev.document_id, ev.start)] = ev
    if target.status == "machine" and source.status != "machine":
        target.status = source.status
    session.flush()
    session.execute(delete(Claim).where(Claim.id == source.id))
    session.expunge(source)


def rekey(session: Session, claim: Claim) -> Claim:
    """Recompute ``claim``'s key after its subject or object changed; returns the claim
    that now holds the fact (another one, when the fact was already known)."""
    subject = session.get(Entity, claim.subject_id)
    obj = session.get(Entity, claim.object_id) if claim.object_id else None
    oriented_subject, oriented_obj = orient(claim.predicate, subject, obj, claim.detail)
    if oriented_subject is not subject:
        claim.subject_id, claim.object_id = oriented_subject.id, oriented_obj.id
        subject, obj = oriented_subject, oriented_obj
    key = key_of(claim, subject, obj)
    if key == claim.key:
        return claim
    other = session.scalar(select(Claim).where(Claim.key == key))
    if other is None:
        claim.key = key
        session.flush()
        return claim
    fold_into(session, claim, other)
    return other


def replace_entity(session: Session, old_id: int, new_id: int) -> None:
    """Point every claim about ``old_id`` at ``new_id`` and re-key them."""
    claims = session.scalars(
        select(Claim).where((Claim.subject_id == old_id) | (Claim.object_id == old_id))
    ).all()
    for claim in claims:
        if claim.subject_id == old_id:
            claim.subject_id = new_id
        if claim.object_id == old_id:
            claim.object_id = new_id
    session.flush()
    for claim in claims:
        if session.get(Claim, claim.id) is not None:
            rekey(session, claim)


def drop_unsupported(session: Session, claim_ids: set[int] | None = None) -> int:
    """Delete claims left without evidence (among ``claim_ids``, or all)."""
    supported = select(Evidence.claim_id)
    q = delete(Claim).where(Claim.id.not_in(supported))
    if claim_ids is not None:
        if not claim_ids:
            return 0
        q = q.where(Claim.id.in_(claim_ids))
    return session.execute(q.execution_options(synchronize_session=False)).rowcount or 0


def set_status(session: Session, key: str, status: str) -> bool:
    """Set a claim's review status by key; False when no claim has that key."""
    result = session.execute(update(Claim).where(Claim.key == key).values(status=status))
    return bool(result.rowcount)
