"""Where groups are present, by state and year: from knowledge-base claims and from events.

Two kinds of evidence, kept apart so a reader can weigh them:

- claims: ``operates_in`` claims (subject a group, object a place, with a year) that a
  reviewer has not rejected; the place is mapped to its state through INEGI's gazetteer
  (a state name, or a municipality name that exists in only one state);
- events: conflict events the group took part in, placed in a state by the source's
  admin names (GED ``adm_1``); events located only to the country are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from redes.events import geo
from redes.events.actors import CRIMINAL, ActorMatch, display_name, kind_of, lookup
from redes.events.models import Event, EventActor
from redes.extract.normalize import key as name_key
from redes.store.models import Alias, Claim, Entity

OPERATES_IN = "operates_in"
REJECTED = "rejected"
EVIDENCE = ("claims", "events")


@lru_cache(maxsize=65536)
def place_state(name: str | None) -> tuple[str | None, str | None]:
    """(state code, None) for a Mexican place name, or (None, reason) when it cannot be placed."""
    if not name or not name.strip():
        return None, "place without a name"
    code = geo.state_code(name)
    if code:
        return code, None
    if "," in name:  # "Apatzingán, Michoacán": the state settles it
        head, tail = name.rsplit(",", 1)
        state = geo.state_code(tail)
        if state:
            return state, None
        name = head
    codes = geo.municipality_names().get(name_key(name), [])
    states = {c[:2] for c in codes}
    if len(states) == 1:
        return states.pop(), None
    if len(states) > 1:
        return None, "municipality name found in several states"
    return None, "not a Mexican state or municipality"


@dataclass
class Presence:
    group: str
    start: int
    end: int
    # (state code, year) -> {"claims": n, "events": n}
    cells: dict[tuple[str, int], dict[str, int]] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)

    def add(self, state: str, year: int, kind: str, n: int = 1) -> None:
        cell = self.cells.setdefault((state, year), {"claims": 0, "events": 0})
        cell[kind] += n

    def exclude(self, reason: str, n: int = 1) -> None:
        self.excluded[reason] = self.excluded.get(reason, 0) + n

    @property
    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1))

    def states_in(self, year: int) -> dict[str, dict[str, int]]:
        return {s: c for (s, y), c in self.cells.items() if y == year}

    def as_dict(self) -> dict[str, Any]:
        by_state: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
        for (state, year), cell in sorted(self.cells.items()):
            by_state[state][str(year)] = dict(cell)
        states = geo.states()
        return {
            "group": self.group,
            "from": self.start,
            "to": self.end,
            "states": [
                {"state": states[code].name, "code": code, "first_year": int(min(years)), "years": years}
                for code, years in sorted(by_state.items(), key=lambda kv: (min(kv[1]), kv[0]))
            ],
            "excluded": self.excluded,
        }


def _claim_rows(session: Session, subject_ids: set[int] | None, start: int, end: int):
    """operates_in claims in [start, end] (and undated ones), not rejected, counted by what
    places them: (subject id, year, place name, value, claims). Counted in the database,
    and each place entity loaded once: a million claims name the same places again and
    again."""
    stmt = (
        select(Claim.subject_id, Claim.year, Claim.object_id, Claim.value, func.count())
        .where(Claim.predicate == OPERATES_IN, Claim.status != REJECTED)
        .where((Claim.year.is_(None)) | Claim.year.between(start, end))
        .group_by(Claim.subject_id, Claim.year, Claim.object_id, Claim.value)
    )
    if subject_ids is not None:
        stmt = stmt.where(Claim.subject_id.in_(sorted(subject_ids)))
    rows = session.execute(stmt).all()
    # The place entity, not its name column: the access filter shows a restricted scope
    # only the names it may read (redes.access.names), and no place it may not.
    wanted = sorted({place for _, _, place, _, _ in rows if place is not None})
    places = {
        e.id: e.name
        for e in session.scalars(select(Entity).where(Entity.id.in_(wanted), Entity.type == "place"))
    }
    return [(subject, year, places.get(place), value, int(n)) for subject, year, place, value, n in rows]


def presence(
    session: Session,
    match: ActorMatch,
    start: int,
    end: int,
    evidence: tuple[str, ...] = EVIDENCE,
    source: str = "ucdp",
) -> Presence:
    """A group's presence by state and year, from claims and/or events."""
    result = Presence(group=match.name, start=start, end=end)
    if "claims" in evidence and match.entity_ids:
        for _subject, year, place_name, value, n in _claim_rows(session, match.entity_ids, start, end):
            if year is None:
                result.exclude("claims without a year", n)
                continue
            state, reason = place_state(place_name or value)
            if state is None:
                result.exclude(f"claims whose place is {reason}", n)
                continue
            result.add(state, year, "claims", n)
    if "events" in evidence and match.slugs:
        slugs = sorted(match.slugs)
        matched = select(EventActor.event_id).where(
            EventActor.actor_slug.in_(slugs) | EventActor.group_slug.in_(slugs)
        )
        conds = [Event.id.in_(matched), Event.year.between(start, end)]
        if source != "all":
            conds.append(Event.source == source)
        stmt = (
            select(Event.state_code, Event.year, func.count())
            .where(*conds)
            .group_by(Event.state_code, Event.year)
        )
        for state, year, n in session.execute(stmt):
            if state is None:
                result.exclude("events without a state (adm_1 empty or unknown)", int(n))
            else:
                result.add(state, int(year), "events", int(n))
    return result


@dataclass
class Contested:
    start: int
    end: int
    min_groups: int
    # state code -> group name -> {"claims": n, "events": n}
    states: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        names = geo.states()
        return {
            "from": self.start,
            "to": self.end,
            "min_groups": self.min_groups,
            "states": [
                {"state": names[code].name, "code": code, "groups": len(groups), "by_group": groups}
                for code, groups in sorted(
                    self.states.items(), key=lambda kv: (-len(kv[1]), names[kv[0]].name)
                )
            ],
            "excluded": self.excluded,
        }


def _entity_group_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Each entity as a group name: the curated group its names map to, else its own name."""
    names: dict[int, list[str]] = defaultdict(list)
    for e in session.scalars(select(Entity).where(Entity.id.in_(sorted(ids)))):
        names[e.id].insert(0, e.name)
    for eid, name in session.execute(
        select(Alias.entity_id, Alias.name).where(Alias.entity_id.in_(sorted(ids)))
    ):
        names[eid].append(name)
    out = {}
    for eid, all_names in names.items():
        slug = next((s for s in map(lookup, all_names) if s), None)
        out[eid] = display_name(_group_of(slug)) if slug else all_names[0]
    return out


def _group_of(slug: str) -> str:
    from redes.events.actors import BY_SLUG

    group = BY_SLUG.get(slug)
    return group.parent or slug if group else slug


def contested(
    session: Session,
    start: int,
    end: int,
    min_groups: int = 2,
    evidence: tuple[str, ...] = EVIDENCE,
    min_events: int = 1,
    source: str = "ucdp",
) -> Contested:
    """States where ``min_groups`` or more criminal groups are present in [start, end].

    Factions count as their group; the state's forces, civilians and armed
    non-criminal groups (self-defence forces, insurgents) are not groups here.
    """
    result = Contested(start=start, end=end, min_groups=min_groups)
    present: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    if "events" in evidence:
        conds = [Event.year.between(start, end), Event.state_code.is_not(None)]
        if source != "all":
            conds.append(Event.source == source)
        stmt = (
            select(Event.state_code, EventActor.group_slug, func.count(func.distinct(Event.id)))
            .join(EventActor, EventActor.event_id == Event.id)
            .where(*conds)
            .group_by(Event.state_code, EventActor.group_slug)
        )
        for state, slug, n in session.execute(stmt):
            if kind_of(slug) != CRIMINAL or n < min_events:
                continue
            cell = present[state].setdefault(display_name(slug), {"claims": 0, "events": 0})
            cell["events"] += int(n)
    if "claims" in evidence:
        placed: list[tuple[int, str, int]] = []  # (subject, state, claims)
        for subject, year, place_name, value, n in _claim_rows(session, None, start, end):
            if year is None:
                result.excluded["claims without a year"] = result.excluded.get("claims without a year", 0) + n
                continue
            state, reason = place_state(place_name or value)
            if state is None:
                key = f"claims whose place is {reason}"
                result.excluded[key] = result.excluded.get(key, 0) + n
                continue
            placed.append((subject, state, n))
        # Only the groups of claims placed in a state are named.
        groups = _entity_group_names(session, {subject for subject, _, _ in placed})
        for subject, state, n in placed:
            cell = present[state].setdefault(groups[subject], {"claims": 0, "events": 0})
            cell["claims"] += n
    result.states = {s: g for s, g in present.items() if len(g) >= min_groups}
    return result
