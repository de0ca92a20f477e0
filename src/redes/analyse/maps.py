"""Territory maps: a group's presence by year as small multiples, and contested states."""

from __future__ import annotations

import math
from pathlib import Path

from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from redes.analyse.territory import Contested, Presence
from redes.events import geo
from redes.events.drawing import MISSING_COLOR, draw_choropleth, new_map, save
from redes.i18n.formats import left_out

# Presence categories: which evidence places the group in the state that year.
CATEGORY_COLORS = {1: "#4393c3", 2: "#d6604d", 3: "#762a83"}  # claims, events, both
CATEGORY_LABELS = {1: "claims only", 2: "events only", 3: "claims and events"}


def _category(cell: dict[str, int]) -> int:
    return (1 if cell.get("claims") else 0) + (2 if cell.get("events") else 0)


def presence_small_multiples(p: Presence, path: str | Path, ncols: int = 5, credit: str = "") -> Path:
    """One small map per year; each state coloured by the evidence that puts the group there.
    ``credit``: the events' source and version (``redes.events.credits.source_credit``)."""

    years = p.years
    ncols = max(1, min(ncols, len(years)))
    nrows = math.ceil(len(years) / ncols)
    notes = [f"Left out: {n:,} {left_out(reason)}" for reason, n in p.excluded.items()]
    sources = f"Sources: {credit + ', ' if credit else ''}knowledge-base claims; geometry: INEGI."
    # Heights in inches, bottom up: the footnote (source and what was left out), the
    # legend above it, the maps, the title; each gets its own band, nothing overlaps.
    foot = 0.12 + 0.14 * (1 + len(notes))
    legend = 0.4
    title = 0.55
    height = 2.3 * nrows + foot + legend + title
    fig = Figure(figsize=(3.2 * ncols, height))
    cmap = ListedColormap([CATEGORY_COLORS[1], CATEGORY_COLORS[2], CATEGORY_COLORS[3]])
    norm = BoundaryNorm([0.5, 1.5, 2.5, 3.5], cmap.N)
    shapes = geo.state_shapes()
    for i, year in enumerate(years):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        ax.set_aspect(1 / math.cos(math.radians(23.5)))
        ax.set_axis_off()
        values = {s: _category(c) for s, c in p.states_in(year).items()}
        draw_choropleth(ax, shapes, values, cmap, norm, linewidth=0.2)
        ax.set_title(f"{year} ({sum(1 for v in values.values() if v)})", fontsize=9)
    handles = [Patch(color=CATEGORY_COLORS[k], label=CATEGORY_LABELS[k]) for k in (1, 2, 3)]
    handles.append(Patch(color=MISSING_COLOR, label="no evidence"))
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, foot / height),
        ncol=4,
        fontsize=8,
        frameon=False,
    )
    fig.suptitle(f"{p.group}: presence by state, {p.start}–{p.end} (number of states)", fontsize=12)
    fig.text(0.01, 0.06 / height, "\n".join([sources, *notes]), fontsize=6.5, color="#555555", va="bottom")
    fig.subplots_adjust(
        wspace=0.02, hspace=0.15, bottom=(foot + legend) / height, top=1 - title / height, left=0.01, right=0.99
    )
    return save(fig, path)


def contested_map(c: Contested, path: str | Path) -> Path:
    """States coloured by how many groups are present; the contested ones labelled."""
    values = {code: len(groups) for code, groups in c.states.items()}
    top = max(values.values(), default=c.min_groups)
    fig = Figure(figsize=(9, 6.5))
    ax = new_map(fig)
    cmap = colormaps["Purples"]
    bounds = [b - 0.5 for b in range(c.min_groups, top + 2)]
    norm = BoundaryNorm(bounds, cmap.N)
    coll = draw_choropleth(ax, geo.state_shapes(), values, cmap, norm)
    bar = fig.colorbar(coll, ax=ax, shrink=0.6, label="groups present")
    bar.set_ticks(list(range(c.min_groups, top + 1)))
    states = geo.states()
    for code, n in values.items():
        st = states[code]
        ax.annotate(f"{st.abbr}\n{n}", (st.lon, st.lat), fontsize=6, ha="center", va="center")
    ax.set_title(f"Contested states, {c.start}–{c.end}: {c.min_groups} or more criminal groups present")
    fig.text(0.01, 0.01, "Sources: UCDP GED (CC BY 4.0), knowledge-base claims; geometry: INEGI.", fontsize=7)
    return save(fig, path)
