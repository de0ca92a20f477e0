"""Charts of one actor's events: per year, top opponents, by state, by municipality."""

from __future__ import annotations

from pathlib import Path

from matplotlib import colormaps
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure

from redes.events import geo
from redes.events.drawing import draw_choropleth, draw_outlines, new_map, save
from redes.events.summaries import Summary
from redes.i18n.formats import left_out

SOURCE_NOTE = {
    "ucdp": "Source: UCDP GED (CC BY 4.0); geometry: INEGI.",
    "acled": "Source: ACLED; geometry: INEGI.",
    "all": "Sources: UCDP GED (CC BY 4.0), ACLED; geometry: INEGI.",
}
BAR_COLOR = "#b2182b"


def _span(s: Summary) -> str:
    f = s.filters
    if f.start is None and f.end is None:
        return "all years"
    return f"{f.start or '…'}–{f.end or '…'}"


def _footnote(fig: Figure, s: Summary) -> None:
    lines = [SOURCE_NOTE.get(s.filters.source, "")]
    if s.by in ("state", "municipality"):
        method = "admin names in the source" if s.method == "ged" else "point in polygon"
        lines.append(f"Placed by {method}.")
    for reason, n in s.excluded.items():
        lines.append(f"Left out: {n:,} events, {left_out(reason)}.")
    fig.text(0.01, 0.005, "\n".join(lines), fontsize=7, color="#555555", va="bottom")


def events_per_year(s: Summary, path: str | Path) -> Path:
    fig = Figure(figsize=(8, 4.5))
    ax = fig.add_subplot(1, 1, 1)
    years = [int(r.key) for r in s.rows]
    counts = [r.events for r in s.rows]
    bars = ax.bar(years, counts, color=BAR_COLOR)
    ax.bar_label(bars, fontsize=7, padding=2)
    ax.set_xticks(years, [str(y) for y in years], rotation=90 if len(years) > 15 else 0)
    ax.set_ylabel("events")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"{s.actor}: events per year, {_span(s)} ({s.events:,} events)")
    fig.subplots_adjust(bottom=0.2)
    _footnote(fig, s)
    return save(fig, path)


def top_opponents(s: Summary, path: str | Path, top: int = 12) -> Path:
    rows = s.rows[:top][::-1]
    fig = Figure(figsize=(8, 0.35 * len(rows) + 1.8))
    ax = fig.add_subplot(1, 1, 1)
    bars = ax.barh([r.key for r in rows], [r.events for r in rows], color=BAR_COLOR)
    ax.bar_label(bars, fontsize=7, padding=2)
    ax.set_xlabel("events")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"{s.actor}: events by opponent, {_span(s)}")
    fig.subplots_adjust(left=0.35, bottom=0.22)
    _footnote(fig, s)
    return save(fig, path)


def state_choropleth(s: Summary, path: str | Path) -> Path:
    values = {r.code: r.events for r in s.rows if r.code}
    fig = Figure(figsize=(9, 5.6))
    ax = new_map(fig)
    cmap = colormaps["YlOrRd"]
    coll = draw_choropleth(
        ax, geo.state_shapes(), values, cmap, Normalize(0, max(values.values(), default=1))
    )
    fig.colorbar(coll, ax=ax, shrink=0.6, label="events")
    for r in s.rows[:5]:
        st = geo.states()[r.code]
        ax.annotate(f"{st.name}\n{r.events:,}", (st.lon, st.lat), fontsize=7, ha="center", va="center")
    ax.set_title(f"{s.actor}: events by state, {_span(s)}")
    _footnote(fig, s)
    return save(fig, path)


def municipal_heatmap(s: Summary, path: str | Path, label_min: int = 30) -> Path:
    """Municipalities by event count (log scale), labelled from ``label_min`` events."""
    values = {r.code: r.events for r in s.rows if r.code}
    fig = Figure(figsize=(10, 6.2))
    ax = new_map(fig)
    cmap = colormaps["inferno_r"]
    norm = LogNorm(1, max(max(values.values(), default=1), 2))
    coll = draw_choropleth(ax, geo.municipality_shapes(), values, cmap, norm, edge="none", linewidth=0)
    draw_outlines(ax, geo.state_shapes(), linewidth=0.4)
    fig.colorbar(coll, ax=ax, shrink=0.6, label="events (log scale)")
    # Numbered markers and a ranked list: names written on the map collide in the centre.
    munis = geo.municipalities()
    ranked = [r for r in s.rows if r.events >= label_min and r.code in munis]
    for i, r in enumerate(ranked, 1):
        m = munis[r.code]
        ax.annotate(
            str(i), (m.lon, m.lat), fontsize=6, xytext=(3, 3), textcoords="offset points", weight="bold"
        )
    if ranked:
        listing = "\n".join(f"{i}. {r.key}: {r.events:,}" for i, r in enumerate(ranked, 1))
        ax.text(
            0.0,
            0.02,
            f"{label_min} or more events\n{listing}",
            transform=ax.transAxes,
            fontsize=7,
            va="bottom",
        )
    ax.set_title(f"{s.actor}: events by municipality, {_span(s)}")
    _footnote(fig, s)
    return save(fig, path)
