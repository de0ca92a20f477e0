"""The issue's acceptance check on the demo corpus: ``redes entity "El Mencho" --as-of
2027 --format json`` shows no current ``leads`` (it is under ``past``, ``current``
false, ended by his death), and ``--as-of 2020`` shows it current."""

import json

from click.testing import CliRunner

from redes.cli import cli


def _entity(store, *args):
    db = store.engine.url.database
    result = CliRunner().invoke(cli, ["entity", "El Mencho", "--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _cjng(groups):
    return [g for g in groups if g["other"]["id"] == "cjng"]


def test_as_of_2027_has_no_current_leads(demo_store):
    d = json.loads(_entity(demo_store, "--as-of", "2027", "--format", "json"))
    assert d["as_of"] == 2027
    assert "leads" not in d["relations"]
    (past,) = _cjng(d["past"]["leads"])
    assert past["current"] is False
    assert (past["end"], past["end_basis"], past["span"]) == ("2026", "death", "until 2026 (death)")


def test_as_of_2020_shows_the_leadership(demo_store):
    d = json.loads(_entity(demo_store, "--as-of", "2020", "--format", "json"))
    (line,) = _cjng(d["relations"]["leads"])
    assert line["current"] is True and "leads" not in d["past"]


def test_text_dossier_shows_the_span_and_a_bad_year_is_one_line(demo_store):
    out = _entity(demo_store)
    assert "Past relations (ended): leads" in out
    assert "leads Cártel de Jalisco Nueva Generación" in out and "· until 2026 (death)" in out
    bad = CliRunner().invoke(
        cli, ["entity", "El Mencho", "--db", demo_store.engine.url.database, "--as-of", "20"]
    )
    assert bad.exit_code == 2 and "--as-of" in bad.output
