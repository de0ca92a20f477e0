"""Summaries on hand-made events: sides, coalitions, factions, precision and exclusions."""

from __future__ import annotations

import pytest

from redes.events import import_ucdp
from redes.events.actors import resolve_actor
from redes.events.summaries import Filters, summarize
from tests.events.samples import GUANAJUATO_CENTROID, IRAPUATO, ged_row, write_ged

CJNG = "Jalisco Cartel New Generation"


@pytest.fixture
def events(store, tmp_path):
    rows = [
        ged_row(1, CJNG, "Sinaloa Cartel", year=2018, best=3),
        ged_row(2, "Sinaloa Cartel", CJNG, year=2019, best=4),  # CJNG on side b
        ged_row(3, CJNG, "Gulf Cartel, Los Zetas", year=2019, best=10),  # coalition
        ged_row(4, f"{CJNG}, Sangre Nueva Zeta", "Los Zetas", year=2019, best=1),  # CJNG in a coalition
        ged_row(
            5,
            CJNG,
            "Santa Rosa de Lima Cartel",
            year=2019,
            point=GUANAJUATO_CENTROID,
            where_prec=4,
            adm_1="Guanajuato state",
            adm_2="",
        ),
        ged_row(
            6,
            CJNG,
            "Santa Rosa de Lima Cartel",
            year=2019,
            point=IRAPUATO,
            where_prec=2,
            adm_1="Guanajuato state",
            adm_2="Irapuato municipality",
        ),
        ged_row(7, "Sinaloa Cartel - Los Chapitos", "Sinaloa Cartel - Los Mayos", year=2023, best=2),
        ged_row(8, CJNG, "Civilians", year=2020, type_of_violence=3, where_prec=6, adm_1="", adm_2=""),
        ged_row(9, "Government of Mexico", CJNG, year=2010, type_of_violence=1),
    ]
    import_ucdp(store, write_ged(tmp_path / "ged.csv", rows))
    return store


def run(store, actor, by, **kw):
    method = kw.pop("method", "ged")
    factions = kw.pop("factions", False)
    with store.session() as s:
        return summarize(s, resolve_actor(s, actor), by, Filters(**kw), method=method, factions=factions)


def rows(summary):
    return {r.key: r.events for r in summary.rows}


def test_either_side_and_coalitions(events):
    s = run(events, "CJNG", "opponent", start=2011, end=2019)
    assert rows(s) == {"Sinaloa Cartel": 2, "Los Zetas": 2, "Gulf Cartel": 1, "Santa Rosa de Lima Cartel": 2}
    assert s.events == 6  # the coalition event counts once in the total
    assert {r.key: r.deaths for r in s.rows}["Los Zetas"] == 11
    assert {r.key: r.code for r in s.rows}["Los Zetas"] == "los-zetas"


def test_years_violence_and_names(events):
    assert rows(run(events, "Cártel de Jalisco Nueva Generación", "year")) == {
        "2010": 1,
        "2018": 1,
        "2019": 5,
        "2020": 1,
    }
    assert rows(run(events, "cjng", "year", violence=(1, 3))) == {"2010": 1, "2020": 1}


def test_a_group_includes_its_factions(events):
    s = run(events, "Sinaloa Cartel", "opponent", start=2023, end=2023)
    assert rows(s) == {"Sinaloa Cartel": 1}  # the Chapitos and the Mayos fight each other
    split = run(events, "Sinaloa Cartel", "opponent", start=2023, end=2023, factions=True)
    assert rows(split) == {"Sinaloa Cartel - Los Chapitos": 1, "Sinaloa Cartel - Los Mayos": 1}
    assert rows(run(events, "Los Chapitos", "opponent")) == {"Sinaloa Cartel": 1}
    assert rows(run(events, "Los Chapitos", "opponent", factions=True)) == {"Sinaloa Cartel - Los Mayos": 1}


def test_state_level_events_never_reach_a_municipality(events):
    for method in ("ged", "pip"):
        s = run(events, "CJNG", "municipality", start=2019, end=2019, method=method)
        assert rows(s) == {"Tijuana, Baja California": 3, "Irapuato, Guanajuato": 1}
        assert s.excluded == {"located only to a state or the country (where_prec >= 4)": 1}
        assert not any("Dolores Hidalgo" in r.key for r in s.rows)


def test_states_and_their_exclusions(events):
    s = run(events, "CJNG", "state", start=2011)
    assert rows(s) == {"Baja California": 4, "Guanajuato": 2}
    assert {r.key: r.code for r in s.rows}["Guanajuato"] == "11"
    assert s.excluded == {"no state in the source (adm_1 empty)": 1}
    pip = run(events, "CJNG", "state", start=2011, method="pip")
    assert rows(pip) == rows(s)
    assert pip.excluded == {"located only to the country (where_prec 5-7, no state)": 1}


def test_min_precision_says_what_it_left_out(events):
    s = run(events, "CJNG", "year", start=2019, end=2019, min_precision=1)
    assert rows(s) == {"2019": 3}
    assert s.excluded == {"where_prec above 1 (--min-precision)": 2}


def test_unknown_actor_matches_nothing(events):
    with events.session() as s:
        assert not resolve_actor(s, "Los Desconocidos").found
