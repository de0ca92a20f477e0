"""Conflict events, territorial presence and the shipped INEGI geometry."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from redes.web.deps import StoreDep

router = APIRouter(tags=["events and territory"])

Source = Literal["ucdp", "acled", "all"]
Evidence = Literal["both", "claims", "events"]
GEOMETRY = {"states": "mx_states.geojson.gz", "municipalities": "mx_municipios.geojson.gz"}


def _match(session, actor: str):
    from redes.events.actors import resolve_actor

    match = resolve_actor(session, actor)
    if not match.found:
        raise LookupError(f"no events or knowledge-base entity match {actor!r}")
    return match


def _years(start: int | None, end: int | None) -> None:
    if start is not None and end is not None and start > end:
        raise ValueError("'from' is after 'to'")


def _kinds(evidence: str) -> tuple[str, ...]:
    return ("claims", "events") if evidence == "both" else (evidence,)


@router.get("/events/range")
def get_event_range(store: StoreDep) -> dict[str, Any]:
    """The first and last year of the imported events, and their number."""
    from redes.events.models import Event

    with store.session() as s:
        first, last, n = s.execute(select(func.min(Event.year), func.max(Event.year), func.count())).one()
    return {"from": first, "to": last, "events": n}


@router.get("/events/actors")
def get_actors(store: StoreDep, source: Source = "all") -> list[dict[str, Any]]:
    """Actor names in the events, the group each maps to, and its knowledge-base entity."""
    from redes.events.actors import actor_table

    with store.session() as s:
        return actor_table(s, source)


@router.get("/events/summary")
def get_summary(
    store: StoreDep,
    actor: Annotated[str, Query(description="A group: name, alias, acronym or slug (CJNG).")],
    by: Literal["year", "opponent", "state", "municipality"] = "year",
    start: Annotated[int | None, Query(alias="from")] = None,
    end: Annotated[int | None, Query(alias="to")] = None,
    violence: Annotated[list[int] | None, Query(description="UCDP violence types 1, 2, 3.")] = None,
    min_precision: Annotated[int | None, Query(description="Keep events with where_prec <= this.")] = None,
    source: Source = "ucdp",
    method: Literal["ged", "pip"] = "ged",
    factions: bool = False,
) -> dict[str, Any]:
    """Events and best-estimate deaths of an actor (either side) by year, opponent, state
    or municipality, with the events left out and why."""
    from redes.events.summaries import Filters, summarize

    _years(start, end)
    filters = Filters(start, end, tuple(violence or ()), min_precision, source)
    with store.session() as s:
        return summarize(s, _match(s, actor), by, filters, method=method, factions=factions).as_dict()


@router.get("/territory/presence")
def get_presence(
    store: StoreDep,
    group: Annotated[str, Query(description="A group: name, alias, acronym or slug.")],
    start: Annotated[int, Query(alias="from")],
    end: Annotated[int, Query(alias="to")],
    evidence: Evidence = "both",
    source: Source = "ucdp",
) -> dict[str, Any]:
    """A group's presence by state and year, from operates_in claims and from events."""
    from redes.analyse.territory import presence

    _years(start, end)
    with store.session() as s:
        return presence(s, _match(s, group), start, end, _kinds(evidence), source=source).as_dict()


@router.get("/territory/contested")
def get_contested(
    store: StoreDep,
    start: Annotated[int, Query(alias="from")],
    end: Annotated[int, Query(alias="to")],
    min_groups: Annotated[int, Query(ge=2, le=50)] = 2,
    min_events: Annotated[int, Query(ge=1)] = 1,
    evidence: Evidence = "both",
    source: Source = "ucdp",
) -> dict[str, Any]:
    """States where two or more criminal groups are present (factions count as their group)."""
    from redes.analyse.territory import contested

    _years(start, end)
    with store.session() as s:
        return contested(s, start, end, min_groups, _kinds(evidence), min_events, source).as_dict()


@router.get(
    "/geo/{layer}",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}, "description": "GeoJSON (INEGI)."}},
)
def get_geometry(layer: Literal["states", "municipalities"], request: Request) -> Response:
    """INEGI state or municipality polygons as GeoJSON (properties CVE_ENT, CVEGEO, names).
    Sent gzip-compressed as shipped when the client accepts it."""
    data = (resources.files("redes") / "data" / "geo" / GEOMETRY[layer]).read_bytes()
    headers = {"cache-control": "public, max-age=86400", "vary": "accept-encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["content-encoding"] = "gzip"
    else:
        import gzip

        data = gzip.decompress(data)
    return Response(data, media_type="application/geo+json", headers=headers)
