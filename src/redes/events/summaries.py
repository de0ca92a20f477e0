"""Counts of events and best-estimate deaths for one actor, by year, opponent, state or municipality.

An event counts for the actor when either side contains it (a coalition member or a
faction of it). By opponent, a coalition on the other side counts once for each member,
so the rows may add up to more than the total. Geographic rows leave out the events that
cannot honestly be placed at that level, and say how many and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from redes.events import geo
from redes.events.actors import ActorMatch, display_name
from redes.events.models import Event, EventActor

DIMENSIONS = ("year", "opponent", "state", "municipality")
METHODS = ("ged", "pip")


@dataclass
class Filters:
    start: int | None = None
    end: int | None = None
    violence: tuple[int, ...] = ()
    min_precision: int | None = None  # keep events with where_prec <= this
    source: str = "ucdp"


@dataclass
class Row:
    key: str
    events: int
    deaths: int
    code: str | None = None  # INEGI code for states and municipalities, slug for opponents

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "events": self.events, "deaths": self.deaths}
        if self.code is not None:
            out["code"] = self.code
        return out


@dataclass
class Summary:
    actor: str
    by: str
    filters: Filters
    method: str
    events: int = 0  # distinct events that passed the filters
    deaths: int = 0
    rows: list[Row] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        f = self.filters
        return {
            "actor": self.actor,
            "by": self.by,
            "from": f.start,
            "to": f.end,
            "violence": list(f.violence) or [1, 2, 3],
            "min_precision": f.min_precision,
            "source": f.source,
            "method": self.method if self.by in ("state", "municipality") else None,
            "events": self.events,
            "deaths": self.deaths,
            "rows": [r.as_dict() for r in self.rows],
            "excluded": self.excluded,
        }


def _actor_condition(match: ActorMatch):
    slugs = sorted(match.slugs)
    return or_(EventActor.actor_slug.in_(slugs), EventActor.group_slug.in_(slugs))


def _event_conditions(f: Filters, with_precision: bool = True) -> list:
    conds = []
    if f.source != "all":
        conds.append(Event.source == f.source)
    if f.start is not None:
        conds.append(Event.year >= f.start)
    if f.end is not None:
        conds.append(Event.year <= f.end)
    if f.violence:
        conds.append(Event.violence.in_(f.violence))
    if with_precision and f.min_precision is not None:
        conds.append(Event.where_prec <= f.min_precision)
    return conds


def summarize(
    session: Session,
    match: ActorMatch,
    by: str,
    filters: Filters | None = None,
    method: str = "ged",
    factions: bool = False,
) -> Summary:
    """Count ``match``'s events by ``by`` (one of ``DIMENSIONS``)."""
    if by not in DIMENSIONS:
        raise ValueError(f"by must be one of {DIMENSIONS}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    f = filters or Filters()
    summary = Summary(actor=match.name, by=by, filters=f, method=method)
    if not match.slugs:
        return summary

    matched_ids = select(EventActor.event_id).where(_actor_condition(match))
    scope = select(Event.id).where(Event.id.in_(matched_ids), *_event_conditions(f, with_precision=False))
    if f.min_precision is not None:
        imprecise = session.scalar(
            select(func.count()).where(
                Event.id.in_(scope), or_(Event.where_prec.is_(None), Event.where_prec > f.min_precision)
            )
        )
        if imprecise:
            summary.excluded[f"where_prec above {f.min_precision} (--min-precision)"] = imprecise
    kept = Event.id.in_(matched_ids), *_event_conditions(f)
    total = session.execute(
        select(func.count(), func.coalesce(func.sum(Event.deaths_best), 0)).where(*kept)
    ).one()
    summary.events, summary.deaths = int(total[0]), int(total[1])

    if by == "year":
        summary.rows = _group(session, Event.year, kept, lambda y: str(y))
        summary.rows.sort(key=lambda r: r.key)
    elif by == "opponent":
        summary.rows = _opponents(session, match, f, factions)
    elif by == "state":
        _by_state(session, summary, kept, method)
    else:
        _by_municipality(session, summary, kept, method)
    if by != "year":
        summary.rows.sort(key=lambda r: (-r.events, -r.deaths, r.key))
    return summary


def _group(session: Session, column, where, label) -> list[Row]:
    stmt = (
        select(column, func.count(), func.coalesce(func.sum(Event.deaths_best), 0))
        .where(*where)
        .group_by(column)
    )
    return [Row(label(k), int(n), int(d), None) for k, n, d in session.execute(stmt)]


def _opponents(session: Session, match: ActorMatch, f: Filters, factions: bool) -> list[Row]:
    mine = EventActor.__table__.alias("mine")
    other = EventActor.__table__.alias("other")
    key_col = other.c.actor_slug if factions else other.c.group_slug
    slugs = sorted(match.slugs)
    pairs = (
        select(other.c.event_id, key_col.label("opp"), func.min(other.c.name).label("name"))
        .join(mine, and_(mine.c.event_id == other.c.event_id, mine.c.side != other.c.side))
        .join(Event, Event.id == other.c.event_id)
        .where(or_(mine.c.actor_slug.in_(slugs), mine.c.group_slug.in_(slugs)), *_event_conditions(f))
        .group_by(other.c.event_id, key_col)
        .subquery()
    )
    stmt = (
        select(
            pairs.c.opp, func.min(pairs.c.name), func.count(), func.coalesce(func.sum(Event.deaths_best), 0)
        )
        .join(Event, Event.id == pairs.c.event_id)
        .group_by(pairs.c.opp)
    )
    return [
        Row(display_name(slug, fallback=name), int(n), int(d), slug)
        for slug, name, n, d in session.execute(stmt)
    ]


def _excluded(session: Session, summary: Summary, where, cases: list[tuple[str, Any]]) -> None:
    for reason, cond in cases:
        n = session.scalar(select(func.count()).where(*where, cond))
        if n:
            summary.excluded[reason] = summary.excluded.get(reason, 0) + int(n)


def _by_state(session: Session, summary: Summary, kept, method: str) -> None:
    states = geo.states()
    if method == "ged":
        col = Event.state_code
        placed = (col.is_not(None),)
        _excluded(
            session,
            summary,
            kept,
            [
                ("no state in the source (adm_1 empty)", Event.adm_1.is_(None)),
                ("adm_1 not found in the INEGI gazetteer", and_(Event.adm_1.is_not(None), col.is_(None))),
            ],
        )
    else:
        col = Event.pip_state_code
        placed = (col.is_not(None), Event.geo_level >= geo.STATE)
        _excluded(
            session,
            summary,
            kept,
            [
                ("located only to the country (where_prec 5-7, no state)", _coarser_than(geo.STATE)),
                ("no coordinates inside Mexico's states", and_(Event.geo_level >= geo.STATE, col.is_(None))),
            ],
        )
    rows = _group(session, col, (*kept, *placed), lambda c: c)
    summary.rows = [Row(states[r.key].name, r.events, r.deaths, r.key) for r in rows]


def _coarser_than(level: int):
    return or_(Event.geo_level.is_(None), Event.geo_level < level)


def _by_municipality(session: Session, summary: Summary, kept, method: str) -> None:
    munis = geo.municipalities()
    col = Event.muni_code if method == "ged" else Event.pip_muni_code
    precise = Event.geo_level >= geo.MUNICIPALITY
    cases = [("located only to a state or the country (where_prec >= 4)", _coarser_than(geo.MUNICIPALITY))]
    if method == "ged":
        cases += [
            ("no municipality in the source (adm_2 empty)", and_(precise, Event.adm_2.is_(None))),
            (
                "adm_2 not found in the INEGI gazetteer",
                and_(precise, Event.adm_2.is_not(None), col.is_(None)),
            ),
        ]
    else:
        cases.append(("no coordinates inside a municipality", and_(precise, col.is_(None))))
    _excluded(session, summary, kept, cases)
    rows = _group(session, col, (*kept, precise, col.is_not(None)), lambda c: c)
    summary.rows = [Row(munis[r.key].label, r.events, r.deaths, r.key) for r in rows]
