"""The territory page's server side: the chosen group, the year range, and the
events-per-year chart as SVG geometry (the template draws it: no chart library)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import func, select

from redes.store import Store

CHART_W, CHART_H, PAD_L, PAD_B, PAD_T = 720, 220, 44, 28, 12
TOP_ROWS = 15


def year_range(store: Store) -> tuple[int, int]:
    """The years the data covers: events, else dated claims, else a recent span."""
    from redes.events.models import Event
    from redes.store.models import Claim

    def bounds(s, column) -> tuple[int | None, int | None]:
        # Two statements: SQLite reads a min() or a max() alone off the index's end, but
        # scans the whole index for both in one (60 ms for a million claims, every visit).
        return s.scalar(select(func.min(column))), s.scalar(select(func.max(column)))

    with store.session() as s:
        first, last = bounds(s, Event.year)
        if first is None:
            first, last = bounds(s, Claim.year)
    if first is None:
        return 2006, 2024
    return int(first), int(last)


def bars(rows: list[dict[str, Any]], start: int, end: int) -> dict[str, Any]:
    """Bar geometry for events per year, every year of [start, end] present."""
    counts = {int(r["key"]): r for r in rows}
    years = list(range(start, end + 1))
    top = max((r["events"] for r in rows), default=0) or 1
    plot_w, plot_h = CHART_W - PAD_L - 8, CHART_H - PAD_B - PAD_T
    step = plot_w / max(len(years), 1)
    out = []
    for i, y in enumerate(years):
        r = counts.get(y, {"events": 0, "deaths": 0})
        h = plot_h * r["events"] / top
        out.append(
            {
                "year": y,
                "events": r["events"],
                "deaths": r["deaths"],
                "x": round(PAD_L + i * step + step * 0.1, 1),
                "y": round(PAD_T + plot_h - h, 1),
                "w": round(step * 0.8, 1),
                "h": round(h, 1),
                "label_x": round(PAD_L + i * step + step / 2, 1),
                "label": (i % max(1, len(years) // 12) == 0),
            }
        )
    ticks = [{"value": round(top * f), "y": round(PAD_T + plot_h * (1 - f), 1)} for f in (0, 0.5, 1)]
    return {
        "width": CHART_W,
        "height": CHART_H,
        "base": PAD_T + plot_h,
        "left": PAD_L,
        "bars": out,
        "ticks": ticks,
    }


def contested_states(store: Store, start: int, end: int) -> dict[str, Any]:
    """States where two or more groups are present in [start, end] (the same for every
    group's page)."""
    from redes.analyse.territory import contested

    with store.session() as s:
        return contested(s, start, end).as_dict()


def overview(
    store: Store,
    group: str,
    start: int | None,
    end: int | None,
    contested: Callable[[int, int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What the territory page shows before its scripts load the maps. ``contested(start,
    end)``: the contested states (default ``contested_states``; the web keeps them once
    for every group's page)."""
    from redes.events.actors import resolve_actor
    from redes.events.summaries import Filters, summarize

    first, last = year_range(store)
    start = first if start is None else start
    end = last if end is None else end
    if start > end:
        start, end = end, start
    view: dict[str, Any] = {"group": group, "start": start, "end": end, "first": first, "last": last}
    with store.session() as s:
        match = resolve_actor(s, group)
        if not match.found:
            return {**view, "error": f"no events or knowledge-base entity match {group!r}", "summary": None}
        filters = Filters(start, end)
        summary = summarize(s, match, "year", filters).as_dict()
        opponents = summarize(s, match, "opponent", filters).as_dict()
        states = summarize(s, match, "state", filters).as_dict()
    contested_now = (contested or partial(contested_states, store))(start, end)
    return {
        **view,
        "name": match.name,
        "error": None,
        "summary": summary,
        "opponents": opponents["rows"][:TOP_ROWS],
        "states": states["rows"],
        "states_excluded": states["excluded"],
        "contested": contested_now["states"],
        "chart": bars(summary["rows"], start, end),
    }
