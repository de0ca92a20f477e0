"""Drawing Mexico's states and municipalities with matplotlib alone (no GIS stack).

Figures are built with ``matplotlib.figure.Figure`` rather than pyplot, so nothing
needs a display and no global state leaks between charts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

MISSING_COLOR = "#eeeeee"
EDGE_COLOR = "#9a9a9a"


def polygons(geom: BaseGeometry) -> Iterable[Polygon]:
    """The polygons in a geometry; make_valid may also leave stray lines and points."""
    if isinstance(geom, Polygon):
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from polygons(part)


def geometry_path(geom: BaseGeometry) -> MplPath:
    """One compound path for all the polygons of a geometry, holes included."""
    paths = []
    for poly in polygons(geom):
        for ring in (poly.exterior, *poly.interiors):
            coords = np.asarray(ring.coords)
            codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
            codes[0] = MplPath.MOVETO
            codes[-1] = MplPath.CLOSEPOLY
            paths.append(MplPath(coords, codes))
    return MplPath.make_compound_path(*paths) if paths else MplPath(np.zeros((0, 2)))


def new_map(fig: Figure, rect=None) -> Axes:
    ax = fig.add_subplot(1, 1, 1) if rect is None else fig.add_axes(rect)
    # Longitude shrinks with latitude: at Mexico's ~23°N a plain lon/lat plot looks squashed.
    ax.set_aspect(1 / math.cos(math.radians(23.5)))
    ax.set_axis_off()
    return ax


def draw_choropleth(
    ax: Axes,
    shapes: Mapping[str, BaseGeometry],
    values: Mapping[str, float],
    cmap: Colormap,
    norm: Normalize,
    edge: str = EDGE_COLOR,
    linewidth: float = 0.3,
) -> PatchCollection:
    """Fill each shape by its value; shapes without one are light grey."""
    coloured = [c for c in shapes if values.get(c)]
    blank = [c for c in shapes if not values.get(c)]
    base = PatchCollection(
        [PathPatch(geometry_path(shapes[c])) for c in blank],
        facecolor=MISSING_COLOR,
        edgecolor=edge,
        linewidth=linewidth,
    )
    ax.add_collection(base)
    filled = PatchCollection(
        [PathPatch(geometry_path(shapes[c])) for c in coloured],
        cmap=cmap,
        norm=norm,
        edgecolor=edge,
        linewidth=linewidth,
    )
    filled.set_array(np.array([values[c] for c in coloured], dtype=float))
    ax.add_collection(filled)
    ax.autoscale_view()
    return filled


def draw_outlines(
    ax: Axes, shapes: Mapping[str, BaseGeometry], color: str = "#555555", linewidth: float = 0.5
):
    ax.add_collection(
        PatchCollection(
            [PathPatch(geometry_path(g)) for g in shapes.values()],
            facecolor="none",
            edgecolor=color,
            linewidth=linewidth,
        )
    )
    ax.autoscale_view()


def save(fig: Figure, path: str | Path) -> Path:
    """Write PNG or SVG, by the file's suffix."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"{path}: charts are written as .png or .svg")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=fmt, dpi=150, bbox_inches="tight")
    return path
