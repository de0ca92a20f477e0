"""The dossier's timeline as a chart drawn server-side in SVG (``_timeline_chart.html``):
one horizontal bar per relation with a span (``spans``), one point per dated claim
(``timeline``), over a year axis. No script is needed, and the page prints as it shows.

Only geometry and plain-words labels are computed here; the template escapes every
label (they hold ingested names).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from redes.kb.render import phrase

WIDTH = 760
LABEL = 280  # left column for the labels
PAD = 16
ROW = 22
AXIS = 26
MAX_ROWS = 25  # a hub's chart stays readable; the list below it has the rest
LABEL_CHARS = 38  # a label past this is cut (whole in its tooltip)


def _year(value: str | None) -> float | None:
    """A partial ISO date as a fractional year ("2014-07" -> 2014.5)."""
    if not value or not value[:4].isdigit():
        return None
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 and value[5:7].isdigit() else None
    day = int(value[8:10]) if len(value) >= 10 and value[8:10].isdigit() else 1
    return year + ((month - 1) * 30.5 + day - 1) / 366 if month else float(year)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _step(span: float) -> int:
    for step in (1, 2, 5, 10, 20, 50):
        if span / step <= 12:
            return step
    return 100


def layout(
    d: dict[str, Any], today: date | None = None, say: Callable[[dict[str, Any]], str] = phrase
) -> dict[str, Any] | None:
    """Rows, bars, points and axis ticks of the chart, or None with nothing dated.
    ``say``: a line in words (``redes.kb.render.phrase``, or one in the page's language)."""
    now = d.get("as_of") or (today or date.today()).year
    bars, points = [], []
    for s in d.get("spans", []):
        start, end = _year(s["start"]), _year(s["end"])
        if start is None and end is None:
            continue  # "former" with no date at all: in the list, not on the axis
        bars.append((s, start, end))
    for t in d.get("timeline", []):
        at = _year(t["when"])
        if at is not None:
            # A year alone stands in the middle of its year; a bar ending then runs to its end.
            points.append((t, at + (0.5 if len(t["when"]) == 4 else 0)))
    if not bars and not points:
        return None
    years = [y for _, a, b in bars for y in (a, b) if y is not None] + [at for _, at in points]
    if any(b is None and s["end_precision"] is None for s, _, b in bars):
        years.append(float(now))  # open bars run to the present (or the as-of year)
    lo, hi = int(min(years)), int(max(years)) + 1
    if hi - lo < 4:
        lo, hi = lo - (4 - (hi - lo)) // 2, hi + (4 - (hi - lo) + 1) // 2
    plot = WIDTH - LABEL - PAD

    def x(year: float) -> float:
        return round(LABEL + (year - lo) / (hi - lo) * plot, 1)

    rows: list[dict[str, Any]] = []
    for s, start, end in bars[:MAX_ROWS]:
        open_end = end is None and s["end_precision"] is None
        x1 = x(start) if start is not None else x(lo)
        if end is not None:
            x2 = x(end + (1 if s["end_precision"] == "year" else 1 / 12))
        else:
            x2 = x(now + 1) if open_end else x1 + 8
        rows.append(
            {
                "kind": "bar",
                "label": _short(say({**s, "span": None})),
                "full": say(s),
                "span": s["span"] or "",
                "x1": x1,
                "x2": max(x2, x1 + 3),
                "open_start": start is None,
                "open_end": open_end,
                "uncertain_end": s["end_precision"] == "unknown",
                "death": s["end_basis"] == "death",
                "citations": s["citations"],
            }
        )
    for t, at in points[: max(0, MAX_ROWS - len(rows))]:
        rows.append(
            {
                "kind": "point",
                "label": _short(say({**t, "years": []})),
                "full": f"{t['when']}: {say({**t, 'years': []})}",
                "span": t["when"],
                "x": x(at),
                "citations": t["citations"],
            }
        )
    for i, row in enumerate(rows):
        row["y"] = AXIS + i * ROW
    step = _step(hi - lo)
    ticks = [{"year": y, "x": x(y)} for y in range(lo + (-lo) % step, hi + 1, step)]
    return {
        "width": WIDTH,
        "height": AXIS + len(rows) * ROW + 6,
        "label_width": LABEL,
        "row": ROW,
        "rows": rows,
        "ticks": ticks,
        "now": {"year": now, "x": x(now + 0.5)} if lo <= now < hi else None,
        "left_out": len(bars) + len(points) - len(rows),
    }
