"""Mexican states and municipalities: INEGI names, codes and polygons (shipped in the package).

Two ways to put an event in a municipality, both offered because they disagree:

- ``ged``: the source's own admin names (GED ``adm_1``/``adm_2``), matched to INEGI's
  gazetteer by name within the state;
- ``pip``: point-in-polygon of the event's coordinates against INEGI's municipality
  polygons, repaired with shapely ``make_valid``.

Neither may credit a municipality with an event that the source placed only to a state
or the country (GED ``where_prec`` >= 4): such events sit at a state centroid, and the
municipality around the centroid (Dolores Hidalgo for Guanajuato) is an artefact.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from redes.extract.normalize import key as name_key

MUNICIPALITY = 2
STATE = 1
COUNTRY = 0

# A point off the coast within this distance (degrees, ~25 km) goes to the nearest polygon.
NEAREST_MAX_DISTANCE = 0.25


def _data(name: str):
    return resources.files("redes") / "data" / "geo" / name


@dataclass(frozen=True)
class State:
    code: str  # CVE_ENT, two digits
    name: str  # short common name: "Michoacán", "Veracruz", "Coahuila"
    official: str  # INEGI's NOM_ENT: "Michoacán de Ocampo"
    abbr: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Municipality:
    code: str  # CVEGEO, five digits
    state_code: str
    name: str
    lat: float  # a point inside the polygon
    lon: float

    @property
    def label(self) -> str:
        return f"{self.name}, {states()[self.state_code].name}"


@lru_cache(maxsize=1)
def states() -> dict[str, State]:
    text = _data("mx_states_gazetteer.csv").read_text(encoding="utf-8")
    return {
        r["CVE_ENT"]: State(
            r["CVE_ENT"],
            r["state_name"],
            r["NOM_ENT"],
            r["state_abbr"],
            float(r["lat_centroid"]),
            float(r["lon_centroid"]),
        )
        for r in csv.DictReader(io.StringIO(text))
    }


@lru_cache(maxsize=1)
def municipalities() -> dict[str, Municipality]:
    text = _data("mx_municipios_gazetteer.csv").read_text(encoding="utf-8")
    return {
        r["CVEGEO"]: Municipality(
            r["CVEGEO"], r["CVE_ENT"], r["NOM_MUN"], float(r["lat_inside"]), float(r["lon_inside"])
        )
        for r in csv.DictReader(io.StringIO(text))
    }


# Names the sources use for states that INEGI spells otherwise.
_STATE_ALIASES = {
    "distrito federal": "09",
    "df": "09",
    "cdmx": "09",
    "mexico city": "09",
    "estado de mexico": "15",
    "state of mexico": "15",
    "edomex": "15",
}


@lru_cache(maxsize=1)
def _state_index() -> dict[str, str]:
    index = dict(_STATE_ALIASES)
    for s in states().values():
        for name in (s.name, s.official, s.abbr):
            index.setdefault(name_key(name), s.code)
    return index


_STATE_SUFFIX = re.compile(r"\s+(state|estado)$")


@lru_cache(maxsize=1024)
def state_code(name: str | None) -> str | None:
    """INEGI code for a state name as GED (``"Michoacán state"``), ACLED or a person writes it."""
    if not name:
        return None
    key = _STATE_SUFFIX.sub("", name_key(name))
    return _state_index().get(key)


@lru_cache(maxsize=1)
def _municipality_index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for m in municipalities().values():
        index.setdefault(m.state_code, {})[name_key(m.name)] = m.code
    return index


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, list[str]]:
    """Name key -> every municipality code that has that name (some names repeat)."""
    index: dict[str, list[str]] = {}
    for m in municipalities().values():
        index.setdefault(name_key(m.name), []).append(m.code)
    return index


# GED writes "Tijuana municipality", with a few misspellings ("municpality", "muncipality").
_MUNI_SUFFIX = re.compile(r"\s+mu[a-z]*ty$")


@lru_cache(maxsize=8192)
def municipality_code(state: str | None, name: str | None) -> str | None:
    """INEGI code of a municipality named by the source, within its state.

    Exact match first, then one name's words all within the other's, when only one
    municipality of the state fits (GED's "Silao" is INEGI's "Silao de la Victoria",
    GED's "Santa María Coronango" is INEGI's "Coronango"), then a close spelling
    (rapidfuzz ratio 90 or better).
    """
    if not state or not name:
        return None
    names = _municipality_index().get(state, {})
    key = _MUNI_SUFFIX.sub("", name_key(name))
    if not key:
        return None
    if key in names:
        return names[key]
    words = set(key.split())
    nested = [code for k, code in names.items() if words <= set(k.split()) or set(k.split()) <= words]
    if len(nested) == 1:
        return nested[0]
    from rapidfuzz import fuzz, process

    best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=90)
    return names[best[0]] if best else None


def _read_geojson(name: str) -> dict:
    with gzip.open(_data(name).open("rb"), "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def state_shapes() -> dict[str, BaseGeometry]:
    """State polygons by CVE_ENT, repaired: quantisation left ring self-intersections."""
    features = _read_geojson("mx_states.geojson.gz")["features"]
    return {f["properties"]["CVE_ENT"]: shapely.make_valid(shape(f["geometry"])) for f in features}


@lru_cache(maxsize=1)
def municipality_shapes() -> dict[str, BaseGeometry]:
    features = _read_geojson("mx_municipios.geojson.gz")["features"]
    return {f["properties"]["CVEGEO"]: shapely.make_valid(shape(f["geometry"])) for f in features}


class PointLocator:
    """Point-in-polygon against the municipality polygons, vectorised with an STR tree."""

    def __init__(self) -> None:
        shapes = municipality_shapes()
        self.codes = np.array(list(shapes))
        self.tree = shapely.STRtree(list(shapes.values()))

    def locate(self, lons: list[float | None], lats: list[float | None]) -> list[str | None]:
        """The CVEGEO containing each point (None for a missing point or one far offshore)."""
        out: list[str | None] = [None] * len(lons)
        idx = [i for i, (x, y) in enumerate(zip(lons, lats, strict=True)) if x is not None and y is not None]
        if not idx:
            return out
        points = shapely.points([lons[i] for i in idx], [lats[i] for i in idx])
        pairs = self.tree.query(points, predicate="intersects")
        found = np.full(len(idx), -1)
        # A point on a shared border intersects two polygons: keep the first, deterministically.
        for p, g in zip(pairs[0][::-1], pairs[1][::-1], strict=True):
            found[p] = g
        missing = np.nonzero(found < 0)[0]
        if len(missing):
            near = self.tree.query_nearest(
                points[missing], max_distance=NEAREST_MAX_DISTANCE, all_matches=False
            )
            for p, g in zip(near[0], near[1], strict=True):
                found[missing[p]] = g
        for j, i in enumerate(idx):
            if found[j] >= 0:
                out[i] = str(self.codes[found[j]])
        return out


@lru_cache(maxsize=1)
def locator() -> PointLocator:
    return PointLocator()


def ged_geo_level(where_prec: int | None, adm_1: str | None) -> int | None:
    """GED where_prec -> the finest admin level the event is known to.

    1 exact, 2 near a place, 3 a municipality: municipality. 4 a state (placed at its
    centroid): state. 5 part of the country or between states: state when GED still
    names one, else country. 6 country. 7 international waters: none.
    """
    if where_prec is None:
        return None
    if where_prec <= 3:
        return MUNICIPALITY
    if where_prec == 4:
        return STATE
    if where_prec == 5:
        return STATE if adm_1 else COUNTRY
    if where_prec == 6:
        return COUNTRY
    return None


def acled_geo_level(geo_precision: int | None) -> int | None:
    """ACLED geo_precision: 1 the town, 2 near a town or part of a region, 3 a larger
    region (placed at its capital), which is a state for Mexico."""
    if geo_precision is None:
        return None
    return MUNICIPALITY if geo_precision <= 2 else STATE
