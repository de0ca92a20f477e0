"""Territorial presence from operates_in claims and from events; contested states; maps."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from tests.events.samples import IRAPUATO, ged_row, write_ged

from redes.analyse.maps import contested_map, presence_small_multiples
from redes.analyse.territory import contested, place_state, presence
from redes.cli import cli
from redes.events import import_ucdp
from redes.events.actors import resolve_actor
from redes.store.models import Claim, Entity

CJNG = "Jalisco Cartel New Generation"


@pytest.mark.parametrize(
    "name, state",
    [
        ("Jalisco", "14"),
        ("Michoacán", "16"),
        ("Apatzingán", "16"),
        ("Apatzingan, Michoacán", "16"),
        ("Estado de México", "15"),
        ("La Paz", None),  # a municipality in Baja California Sur and in México
        ("La Paz, Baja California Sur", "03"),
        ("Chicago", None),
    ],
)
def test_place_state(name, state):
    assert place_state(name)[0] == state


@pytest.fixture
def kb(store, tmp_path):
    """A knowledge base with CJNG and Sinaloa claims, and a few events."""
    with store.session() as s:

        def entity(slug, type_, name):
            e = Entity(slug=slug, type=type_, name=name, key=name.lower())
            s.add(e)
            return e

        cjng = entity("cjng", "criminal_group", "Cártel de Jalisco Nueva Generación")
        sinaloa = entity("sinaloa-cartel", "criminal_group", "Cártel de Sinaloa")
        cuinis = entity("los-cuinis", "criminal_group", "Los Cuinis")
        places = {
            n: entity(f"place-{i}", "place", n)
            for i, n in enumerate(["Jalisco", "Apatzingán", "Guanajuato", "La Paz", "Chicago", "Zacatecas"])
        }
        s.flush()
        claims = [
            (cjng, "Jalisco", 2011, "machine"),
            (cjng, "Apatzingán", 2015, "accepted"),
            (cjng, "Guanajuato", 2018, "machine"),
            (cjng, "Zacatecas", 2019, "rejected"),  # a reviewer said no
            (cjng, "La Paz", 2019, "machine"),  # which La Paz?
            (cjng, "Chicago", 2020, "machine"),
            (cjng, "Jalisco", None, "machine"),  # no year
            (sinaloa, "Guanajuato", 2018, "machine"),
            (cuinis, "Jalisco", 2015, "machine"),
        ]
        for i, (subject, place, year, status) in enumerate(claims):
            s.add(
                Claim(
                    key=f"k{i}",
                    subject_id=subject.id,
                    predicate="operates_in",
                    object_id=places[place].id,
                    year=year,
                    status=status,
                )
            )
        s.add(
            Claim(key="other", subject_id=cjng.id, predicate="allied_with", object_id=sinaloa.id, year=2015)
        )
    irapuato = dict(point=IRAPUATO, adm_1="Guanajuato state", adm_2="Irapuato municipality")
    rows = [
        ged_row(1, CJNG, "Santa Rosa de Lima Cartel", year=2018, **irapuato),
        ged_row(2, CJNG, "Santa Rosa de Lima Cartel", year=2019, **irapuato),
        ged_row(3, CJNG, "Sinaloa Cartel", year=2019),  # Tijuana
        ged_row(4, "Sinaloa Cartel - Los Chapitos", "Sinaloa Cartel - Los Mayos", year=2019),
        ged_row(5, CJNG, "Civilians", year=2019, where_prec=6, adm_1="", adm_2=""),
        ged_row(6, "Government of Mexico", "Los Zetas", year=2019, **irapuato),
    ]
    import_ucdp(store, write_ged(tmp_path / "ged.csv", rows))
    return store


def test_presence_from_claims_and_events(kb):
    with kb.session() as s:
        p = presence(s, resolve_actor(s, "CJNG"), 2009, 2022)
    assert p.cells == {
        ("14", 2011): {"claims": 1, "events": 0},
        ("16", 2015): {"claims": 1, "events": 0},
        ("11", 2018): {"claims": 1, "events": 1},
        ("11", 2019): {"claims": 0, "events": 1},
        ("02", 2019): {"claims": 0, "events": 1},
    }
    assert p.excluded == {
        "claims without a year": 1,
        "claims whose place is municipality name found in several states": 1,
        "claims whose place is not a Mexican state or municipality": 1,
        "events without a state (adm_1 empty or unknown)": 1,
    }
    data = p.as_dict()
    assert [st["state"] for st in data["states"]] == ["Jalisco", "Michoacán", "Guanajuato", "Baja California"]


def test_presence_one_kind_of_evidence(kb):
    with kb.session() as s:
        match = resolve_actor(s, "Cártel de Jalisco Nueva Generación")
        claims = presence(s, match, 2009, 2022, evidence=("claims",))
        events = presence(s, match, 2009, 2022, evidence=("events",))
    assert all(c["events"] == 0 for c in claims.cells.values()) and len(claims.cells) == 3
    assert all(c["claims"] == 0 for c in events.cells.values()) and len(events.cells) == 3


def test_contested_states(kb):
    with kb.session() as s:
        c = contested(s, 2018, 2019)
    # Guanajuato: CJNG and CSRL (events), Sinaloa (claim), Los Zetas (event); the state's
    # forces are not a group. Baja California: CJNG and Sinaloa. The Sinaloa factions' war
    # in Tijuana is one group.
    assert c.states == {
        "11": {
            "Jalisco Cartel New Generation": {"claims": 1, "events": 2},
            "Santa Rosa de Lima Cartel": {"claims": 0, "events": 2},
            "Sinaloa Cartel": {"claims": 1, "events": 0},
            "Los Zetas": {"claims": 0, "events": 1},
        },
        "02": {
            "Jalisco Cartel New Generation": {"claims": 0, "events": 1},
            "Sinaloa Cartel": {"claims": 0, "events": 2},
        },
    }
    with kb.session() as s:
        assert set(contested(s, 2018, 2019, min_groups=3).states) == {"11"}
        assert contested(s, 2018, 2019, evidence=("claims",)).states == {
            "11": {
                "Jalisco Cartel New Generation": {"claims": 1, "events": 0},
                "Sinaloa Cartel": {"claims": 1, "events": 0},
            }
        }


def test_maps_are_written(kb, tmp_path):
    with kb.session() as s:
        p = presence(s, resolve_actor(s, "CJNG"), 2010, 2020)
        c = contested(s, 2018, 2019)
    assert presence_small_multiples(p, tmp_path / "p.png").read_bytes().startswith(b"\x89PNG")
    assert contested_map(c, tmp_path / "c.svg").read_bytes().startswith(b"<?xml")


def test_territory_cli(kb, db, tmp_path):
    run = CliRunner().invoke
    out = run(
        cli,
        [
            "territory",
            "presence",
            "--group",
            "CJNG",
            "--from",
            "2009",
            "--to",
            "2022",
            "--db",
            db,
            "--format",
            "json",
            "-o",
            str(tmp_path / "p.svg"),
        ],
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["states"][0] == {
        "state": "Jalisco",
        "code": "14",
        "first_year": 2011,
        "years": {"2011": {"claims": 1, "events": 0}},
    }
    assert (tmp_path / "p.svg").exists()
    text = run(cli, ["territory", "contested", "--from", "2018", "--to", "2019", "--db", db])
    assert text.exit_code == 0 and "Guanajuato" in text.output
    bad = run(
        cli, ["territory", "presence", "--group", "Nadie", "--from", "2009", "--to", "2022", "--db", db]
    )
    assert bad.exit_code == 2
