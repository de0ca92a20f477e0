"""Conflict events, territorial presence and the shipped INEGI geometry."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import Field
from sqlalchemy import func, select

from redes.web.cache import TERRITORY, kept
from redes.web.deps import StoreDep
from redes.web.params import MAX_COUNT, MAX_NAME, MAX_YEAR, MIN_YEAR

router = APIRouter(tags=["events and territory"])

Source = Literal["ucdp", "acled", "all"]
Evidence = Literal["both", "claims", "events"]
# A year, bounded: a period of a million years would draw a million empty bars.
FromYear = Annotated[int, Query(alias="from", ge=MIN_YEAR, le=MAX_YEAR, description="First year.")]
ToYear = Annotated[int, Query(alias="to", ge=MIN_YEAR, le=MAX_YEAR, description="Last year.")]
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
    request: Request,
    store: StoreDep,
    actor: Annotated[
        str,
        Query(min_length=1, max_length=MAX_NAME, description="A group: name, alias, acronym or slug (CJNG)."),
    ],
    by: Literal["year", "opponent", "state", "municipality"] = "year",
    start: Annotated[int | None, Query(alias="from", ge=MIN_YEAR, le=MAX_YEAR)] = None,
    end: Annotated[int | None, Query(alias="to", ge=MIN_YEAR, le=MAX_YEAR)] = None,
    violence: Annotated[
        list[Annotated[int, Field(ge=1, le=3)]] | None,
        Query(max_length=3, description="UCDP violence types 1, 2, 3."),
    ] = None,
    min_precision: Annotated[
        int | None, Query(ge=1, le=7, description="Keep events with where_prec <= this (1 to 7).")
    ] = None,
    source: Source = "ucdp",
    method: Literal["ged", "pip"] = "ged",
    factions: bool = False,
) -> dict[str, Any]:
    """Events and best-estimate deaths of an actor (either side) by year, opponent, state
    or municipality, with the events left out and why."""
    from redes.events.summaries import Filters, summarize

    _years(start, end)
    filters = Filters(start, end, tuple(violence or ()), min_precision, source)

    def answer() -> dict[str, Any]:
        with store.session() as s:
            return summarize(s, _match(s, actor), by, filters, method=method, factions=factions).as_dict()

    params = (actor, by, start, end, tuple(violence or ()), min_precision, source, method, factions)
    return kept(request, store, "summary", params, answer, ("kb", "events"))


@router.get("/territory/presence")
def get_presence(
    request: Request,
    store: StoreDep,
    group: Annotated[
        str, Query(min_length=1, max_length=MAX_NAME, description="A group: name, alias, acronym or slug.")
    ],
    start: FromYear,
    end: ToYear,
    evidence: Evidence = "both",
    source: Source = "ucdp",
) -> dict[str, Any]:
    """A group's presence by state and year, from operates_in claims and from events."""
    from redes.analyse.territory import presence

    _years(start, end)

    def answer() -> dict[str, Any]:
        with store.session() as s:
            return presence(s, _match(s, group), start, end, _kinds(evidence), source=source).as_dict()

    return kept(request, store, "presence", (group, start, end, evidence, source), answer, TERRITORY)


@router.get("/territory/contested")
def get_contested(
    request: Request,
    store: StoreDep,
    start: FromYear,
    end: ToYear,
    min_groups: Annotated[int, Query(ge=2, le=50)] = 2,
    min_events: Annotated[int, Query(ge=1, le=MAX_COUNT)] = 1,
    evidence: Evidence = "both",
    source: Source = "ucdp",
) -> dict[str, Any]:
    """States where two or more criminal groups are present (factions count as their group)."""
    from redes.analyse.territory import contested

    _years(start, end)

    def answer() -> dict[str, Any]:
        with store.session() as s:
            return contested(s, start, end, min_groups, _kinds(evidence), min_events, source).as_dict()

    params = (start, end, min_groups, min_events, evidence, source)
    return kept(request, store, "contested", params, answer, TERRITORY)


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
