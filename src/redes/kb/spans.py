"""When claims held: their start and end, consolidated from what the evidence says, and
ended by the death of the person who held them.

Every sentence's span (``Evidence.span_start``, ``span_end``, ``end_cue``) is what the
text said. A claim's span (``Claim.start_date``... ``end_basis``) is derived from all of
them, for every claim of the same (subject, predicate, object): the earliest start, the
latest dated end, else an end "unknown" no later than the latest document that said
"former". A person's death (a ``died`` claim no human rejected) ends their open roles
(``leads``, ``member_of``, ``holds_position``) with ``end_basis`` "death", never as if a
text had said so. Dates keep their precision ("year", "month", "day"); a date is stored
as the first day of its period.

As of a year Y a claim holds when it started in Y or before (or when unknown) and ended
in Y or after (or is open); an end "unknown" no later than year B holds before B only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from redes.store.models import Claim, Document, Evidence

ROLES = ("leads", "member_of", "holds_position")
PRECISIONS = {4: "year", 7: "month", 10: "day"}
CLAIMS = Claim.__table__
CHUNK = 500


def parse_partial(value: str | None) -> tuple[date, str] | None:
    """("2014" | "2014-03" | "2014-03-05") -> (first day of that period, precision)."""
    value = (value or "").strip()
    precision = PRECISIONS.get(len(value))
    if precision is None:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision
    except ValueError:
        return None


def partial(when: date | None, precision: str | None) -> str | None:
    """The partial ISO string of a date at its precision."""
    if when is None or precision not in ("year", "month", "day"):
        return None
    return when.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]]


def _death(claim: Claim) -> tuple[date | None, str]:
    if claim.date:
        return claim.date, "day"
    found = parse_partial(claim.value)
    if found:
        return found
    return (date(claim.year, 1, 1), "year") if claim.year else (None, "unknown")


def _deaths(session: Session, subjects: list[int] | None = None) -> dict[int, tuple[date | None, str]]:
    """Each person's death as the session reads it (the earliest reported, from ``died``
    claims no human rejected): (first day, precision), or (None, "unknown") undated."""
    q = select(Claim).where(Claim.predicate == "died", Claim.status != "rejected")
    found: list[Claim] = []
    if subjects is None:
        found = list(session.scalars(q))
    else:
        for i in range(0, len(subjects), CHUNK):
            found += session.scalars(q.where(Claim.subject_id.in_(subjects[i : i + CHUNK])))
    out: dict[int, tuple[date | None, str]] = {}
    for c in sorted(found, key=lambda c: c.id):
        died = _death(c)
        known = out.get(c.subject_id)
        if known is None or (died[0] is not None and (known[0] is None or died[0] < known[0])):
            out[c.subject_id] = died
    return out


def _consolidate(session: Session, triples: set[tuple]) -> list[tuple[tuple, tuple]]:
    """(claim row, new span) for every claim of the facts ``triples`` (subject, predicate,
    object), from the evidence and deaths the session reads: every claim of the same fact
    (other years, details) shares its span."""
    subjects = sorted({t[0] for t in triples})
    claims: list[tuple] = []
    for i in range(0, len(subjects), CHUNK):
        claims += [
            tuple(row)
            for row in session.execute(
                select(Claim.id, Claim.subject_id, Claim.predicate, Claim.object_id, *_SPAN_COLUMNS).where(
                    Claim.subject_id.in_(subjects[i : i + CHUNK])
                )
            )
            if (row[1], row[2], row[3]) in triples
        ]
    ordered = sorted(row[0] for row in claims)
    triple_of = {row[0]: (row[1], row[2], row[3]) for row in claims}
    said: dict[tuple, list[tuple]] = defaultdict(list)
    for i in range(0, len(ordered), CHUNK):
        for claim_id, start, end, cue, published in session.execute(
            select(
                Evidence.claim_id,
                Evidence.span_start,
                Evidence.span_end,
                Evidence.end_cue,
                Document.published,
            )
            .join(Document, Document.id == Evidence.document_id)
            .where(Evidence.claim_id.in_(ordered[i : i + CHUNK]))
        ):
            said[triple_of[claim_id]].append((start, end, cue, published))
    deaths = _deaths(session, subjects)
    return [
        (row, _span(said.get(triple_of[row[0]], []), deaths.get(row[1]) if row[2] in ROLES else None))
        for row in claims
    ]


def refresh(session: Session) -> int:
    """Recompute the span of every claim that has one or may get one; returns how many
    claims changed. Called after writes and judgements (``kb.pipeline``, ``kb.judgements``),
    in a session that reads everything."""
    spanned = select(Evidence.claim_id).where(
        or_(Evidence.span_start.is_not(None), Evidence.span_end.is_not(None), Evidence.end_cue.is_not(None))
    )
    ids = set(session.scalars(spanned.distinct()))
    ids |= set(
        session.scalars(
            select(Claim.id).where(or_(Claim.start_date.is_not(None), Claim.end_precision.is_not(None)))
        )
    )
    people = sorted(_deaths(session))
    for i in range(0, len(people), CHUNK):
        ids |= set(
            session.scalars(
                select(Claim.id).where(
                    Claim.predicate.in_(ROLES), Claim.subject_id.in_(people[i : i + CHUNK])
                )
            )
        )
    if not ids:
        return 0
    triples: set[tuple] = set()
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        triples.update(
            tuple(t)
            for t in session.execute(
                select(Claim.subject_id, Claim.predicate, Claim.object_id).where(
                    Claim.id.in_(ordered[i : i + CHUNK])
                )
            )
        )
    updates = [
        {"b_id": row[0], **{f"b_{n}": v for n, v in zip(_NAMES, new, strict=True)}}
        for row, new in _consolidate(session, triples)
        if tuple(row[4:]) != new
    ]
    if updates:
        values = {name: bindparam(f"b_{name}") for name in _NAMES}
        session.execute(update(CLAIMS).where(CLAIMS.c.id == bindparam("b_id")).values(**values), updates)
    return len(updates)


def as_read(session: Session, claims: list[Claim]) -> dict[int, dict[str, Any]]:
    """``span_fields`` of ``claims`` as a restricted scope may know them: consolidated
    from only the evidence and deaths it reads, so that a span never tells what a document
    it may not read says (the stored span counts every document)."""
    triples = {(c.subject_id, c.predicate, c.object_id) for c in claims}
    wanted = {c.id for c in claims}
    out = {}
    for row, new in _consolidate(session, triples):
        if row[0] in wanted:
            out[row[0]] = span_fields(SimpleNamespace(**dict(zip(_NAMES, new, strict=True))))
    return out


_NAMES = ("start_date", "start_precision", "end_date", "end_precision", "end_basis")
_SPAN_COLUMNS = tuple(getattr(Claim, name) for name in _NAMES)


def _span(said: list[tuple], died: tuple[date | None, str] | None) -> tuple:
    """(start_date, start_precision, end_date, end_precision, end_basis) from what the
    evidence says and the subject's death."""
    starts = sorted(p for s, _, _, _ in said if (p := parse_partial(s)))
    ends = sorted(p for _, e, _, _ in said if (p := parse_partial(e)))
    start = starts[0] if starts else (None, None)
    if ends:
        return (*start, *ends[-1], "text")
    if died is not None:
        return (*start, *died, "death")
    cues = [(cue, published) for _, _, cue, published in said if cue]
    if cues:
        bounds = sorted(p for _, published in cues if (p := parse_partial(str(published or "")[:10])))
        return (*start, bounds[-1][0] if bounds else None, "unknown", "text")
    return (*start, None, None, None)


def holds_at(span: dict[str, Any], year: int) -> bool:
    """Whether a claim dict (``span_fields``) held in ``year``."""
    start, end = span.get("start"), span.get("end")
    if start and int(start[:4]) > year:
        return False
    if span.get("end_precision") == "unknown":
        return not end or int(end[:4]) > year
    return not end or int(end[:4]) >= year


def is_open(span: dict[str, Any]) -> bool:
    """Whether a claim dict still holds (no end of any kind)."""
    return not span.get("end") and span.get("end_precision") is None


def valid_as_of(year: int):
    """The SQL condition of ``holds_at`` on the claims table."""
    first, last, after = date(year, 1, 1), date(year, 12, 31), date(year + 1, 1, 1)
    return and_(
        or_(Claim.start_date.is_(None), Claim.start_date <= last),
        or_(
            Claim.end_date.is_(None),
            and_(Claim.end_precision == "unknown", Claim.end_date >= after),
            and_(Claim.end_precision != "unknown", Claim.end_date >= first),
        ),
    )


def span_fields(claim: Any) -> dict[str, Any]:
    """A claim's span as it is shown: partial ISO dates with their precision."""
    end = (
        claim.end_date.isoformat()
        if claim.end_precision == "unknown" and claim.end_date
        else partial(claim.end_date, claim.end_precision)
    )
    return {
        "start": partial(claim.start_date, claim.start_precision),
        "start_precision": claim.start_precision,
        "end": end,
        "end_precision": claim.end_precision,
        "end_basis": claim.end_basis,
    }


def label(span: dict[str, Any]) -> str | None:
    """A span in plain words: "2014–2019", "since 2014", "until 2026 (death)", "former"."""
    start, end, precision = span.get("start"), span.get("end"), span.get("end_precision")
    death = " (death)" if span.get("end_basis") == "death" else ""
    if precision == "unknown":
        if death:
            return f"since {start}, until death" if start else "until death"
        until = f", ended by {end[:4]}" if end else ""
        return f"former (since {start}{until})" if start else f"former{until}"
    if start and end:
        return f"{start}–{end}{death}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}{death}"
    return None


def begins_after(claim: dict[str, Any], year: int) -> bool:
    """Whether a claim dict began after ``year``: its start, or else the year it is
    about (as the graph's ``as_of`` reads it)."""
    if claim.get("start"):
        return int(claim["start"][:4]) > year
    return bool(claim.get("year")) and claim["year"] > year


def union(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The span of several claim dicts shown as one line: the earliest start, and the
    latest end unless one of them is open; with its plain-words ``span`` label and
    whether any is ``current``."""
    starts = sorted(c["start"] for c in claims if c.get("start"))
    out: dict[str, Any] = {"start": starts[0] if starts else None, "start_precision": None}
    if starts:
        out["start_precision"] = next(c["start_precision"] for c in claims if c.get("start") == starts[0])
    ended = [c for c in claims if not is_open(c)]
    last = max(ended, key=lambda c: c.get("end") or "") if ended and len(ended) == len(claims) else None
    out.update({k: last.get(k) if last else None for k in ("end", "end_precision", "end_basis")})
    out["span"] = label(out)
    out["current"] = any(c.get("current", is_open(c)) for c in claims)
    return out


def as_of_condition(year: int, stored: bool = True):
    """The SQL condition of a claim that holds as of ``year`` (the graph's ``as_of``):
    begun by then (its start, or else the year it is about) and not ended before.
    ``stored=False``: only what needs no stored span (the year), for a restricted reader
    whose spans are computed from what it reads (``as_read``, ``holds_at``)."""
    if not stored:
        return or_(Claim.year.is_(None), Claim.year <= year, Claim.start_date.is_not(None))
    begun = or_(Claim.start_date.is_not(None), Claim.year.is_(None), Claim.year <= year)
    return and_(begun, valid_as_of(year))
