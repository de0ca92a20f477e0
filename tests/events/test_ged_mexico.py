"""The shipped GED 24.1 Mexico table: redes's counts against counts made straight from the CSV.

The reference counts use only the csv module and UCDP's own naming conventions
(coalition members separated by commas, factions written "Group - Faction"), so they
check the importer, the actor mapping and the summaries end to end.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter

import pytest

from redes.events import load_demo
from redes.events.actors import resolve_actor
from redes.events.demo import demo_path
from redes.events.summaries import Filters, summarize
from redes.store import open_store
from tests.conftest import SHARED

CJNG = "Jalisco Cartel New Generation"


@pytest.fixture(scope="module")
def raw() -> list[dict[str, str]]:
    with gzip.open(demo_path(), "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def ged(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("ged") / "ged.db")
    report = load_demo(store)
    assert (report.imported, report.bad_count) == (18957, 0)
    yield store
    store.close()


def members(side: str) -> list[str]:
    return [m.strip() for m in side.split(",")]


def group(member: str) -> str:
    return member.split(" - ")[0]


def matched(raw, actor: str, start=None, end=None):
    """(row, opponent groups) for every event where either side contains ``actor``."""
    for r in raw:
        year = int(r["year"])
        if (start and year < start) or (end and year > end):
            continue
        a = {group(m) for m in members(r["side_a"])}
        b = {group(m) for m in members(r["side_b"])}
        if actor in a or actor in b:
            opponents = (b if actor in a else set()) | (a if actor in b else set())
            yield r, opponents


def state(adm_1: str) -> str | None:
    name = adm_1.removesuffix(" state")
    return {"Distrito Federal": "Ciudad de México", "": None}.get(name, name)


def summary(store, actor, by, **kw):
    method = kw.pop("method", "ged")
    with store.session() as s:
        return summarize(s, resolve_actor(s, actor), by, Filters(**kw), method=method)


def as_counts(s) -> dict[str, tuple[int, int]]:
    return {r.key: (r.events, r.deaths) for r in s.rows}


def test_issue_figures_cjng_by_opponent_2011_2019(ged, raw):
    s = summary(ged, "CJNG", "opponent", start=2011, end=2019)
    counts = {r.key: r.events for r in s.rows}
    assert counts["Sinaloa Cartel"] == 741
    assert counts["Los Zetas"] == 347
    assert counts["Santa Rosa de Lima Cartel"] == 223
    sides = Counter(
        r["side_b"] if CJNG in r["side_a"] else r["side_a"] for r, _ in matched(raw, CJNG, 2011, 2019)
    )
    assert (sides["Los Zetas"], sides["Gulf Cartel, Los Zetas"]) == (343, 4)
    assert s.events == 1731


def every_group(raw) -> list[str]:
    return sorted({group(m) for r in raw for side in ("side_a", "side_b") for m in members(r[side])})


def test_every_group_by_year_opponent_and_state_matches_the_csv(ged, raw):
    for actor in every_group(raw):
        by_year: Counter = Counter()
        by_opponent: Counter = Counter()
        by_state: Counter = Counter()
        deaths: Counter = Counter()
        for r, opponents in matched(raw, actor):
            best = int(r["best"])
            by_year[r["year"]] += 1
            deaths["year", r["year"]] += best
            for o in opponents:
                by_opponent[o] += 1
                deaths["opponent", o] += best
            if state(r["adm_1"]):
                by_state[state(r["adm_1"])] += 1
                deaths["state", state(r["adm_1"])] += best
        for by, expected in (("year", by_year), ("opponent", by_opponent), ("state", by_state)):
            got = as_counts(summary(ged, actor, by))
            want = {k: (n, deaths[by, k]) for k, n in expected.items()}
            assert got == want, (actor, by)


def test_cjng_years_and_states_2011_2019(ged, raw):
    years = Counter(r["year"] for r, _ in matched(raw, CJNG, 2011, 2019))
    got = {r.key: r.events for r in summary(ged, "CJNG", "year", start=2011, end=2019).rows}
    assert got == dict(years)
    assert (got["2011"], got["2019"]) == (24, 719)
    states = {r.key: r.events for r in summary(ged, "CJNG", "state", start=2011, end=2019).rows}
    assert (states["Baja California"], states["Guanajuato"], states["Veracruz"]) == (569, 250, 189)
    assert len(states) == 24


def test_violence_types_and_precision(ged, raw):
    for types in ((1,), (2,), (3,), (1, 3)):
        want = Counter(
            r["year"] for r, _ in matched(raw, "Sinaloa Cartel") if int(r["type_of_violence"]) in types
        )
        got = {r.key: r.events for r in summary(ged, "Sinaloa Cartel", "year", violence=types).rows}
        assert got == dict(want)
    want = Counter(r["year"] for r, _ in matched(raw, "Gulf Cartel") if int(r["where_prec"]) <= 2)
    s = summary(ged, "Gulf Cartel", "year", min_precision=2)
    assert {r.key: r.events for r in s.rows} == dict(want)
    assert sum(s.excluded.values()) == sum(1 for _ in matched(raw, "Gulf Cartel")) - sum(want.values())


def test_municipalities_from_ged_names(ged, raw):
    s = summary(ged, "CJNG", "municipality", start=2011, end=2019)
    got = {r.key.split(", ")[0]: r.events for r in s.rows}
    names = Counter(
        r["adm_2"].removesuffix(" municipality")
        for r, _ in matched(raw, CJNG, 2011, 2019)
        if int(r["where_prec"]) <= 3 and r["adm_2"]
    )
    for town in ("Tijuana", "Uruapan", "Irapuato", "Guadalajara", "La Paz", "Los Cabos", "Morelia"):
        assert got[town] == names[town], town
    coarse = sum(1 for r, _ in matched(raw, CJNG, 2011, 2019) if int(r["where_prec"]) >= 4)
    assert s.excluded["located only to a state or the country (where_prec >= 4)"] == coarse == 213
    assert sum(r.events for r in s.rows) + sum(s.excluded.values()) == s.events
    assert not any(k.startswith("Dolores Hidalgo") for k in got)


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not present")
def test_point_in_polygon_matches_the_shared_join_and_drops_the_centroid_artefact(ged, raw):
    with gzip.open(
        SHARED / "data" / "ucdp_ged_mexico_v24_1_municipio_join.csv.gz", "rt", encoding="utf-8"
    ) as fh:
        join = {r["id"]: r for r in csv.DictReader(fh)}
    events = [r for r, _ in matched(raw, CJNG, 2011, 2019)]
    naive = Counter(join[r["id"]]["NOM_MUN_pip"] for r in events)
    assert naive["Dolores Hidalgo Cuna de la Independencia Nacional"] == 36  # the article's artefact
    careful = Counter(join[r["id"]]["CVEGEO_pip"] for r in events if int(r["where_prec"]) <= 3)
    s = summary(ged, "CJNG", "municipality", start=2011, end=2019, method="pip")
    assert {r.code: r.events for r in s.rows} == dict(careful)
    assert not any(r.key.startswith("Dolores Hidalgo") for r in s.rows)
    assert [(r.key, r.events) for r in s.rows if r.events >= 30] == [
        ("Tijuana, Baja California", 526),
        ("Uruapan, Michoacán", 53),
        ("Irapuato, Guanajuato", 35),
        ("Los Cabos, Baja California Sur", 33),
        ("Guadalajara, Jalisco", 32),
        ("Morelia, Michoacán", 31),
        ("La Paz, Baja California Sur", 30),
    ]
