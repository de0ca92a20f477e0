"""``redes events`` on the command line: exit statuses, formats, files written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from redes.cli import cli
from tests.events.samples import ged_row, write_ged

CJNG = "Jalisco Cartel New Generation"


@pytest.fixture
def db(tmp_path):
    path = write_ged(
        tmp_path / "ged.csv",
        [
            ged_row(1, CJNG, "Sinaloa Cartel", year=2018, best=3),
            ged_row(2, CJNG, "Gulf Cartel, Los Zetas", year=2019, best=5),
        ],
    )
    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(cli, ["events", "import", "ucdp", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_import_reports_bad_rows_with_status_1(tmp_path):
    path = write_ged(
        tmp_path / "g.csv", [ged_row(1, CJNG, "Los Zetas"), ged_row(2, CJNG, "Los Zetas", year="x")]
    )
    db = str(tmp_path / "t.db")
    result = invoke("events", "import", "ucdp", str(path), "--db", db, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert (report["imported"], report["bad"]) == (1, 1)
    assert report["bad_rows"] == [{"line": 3, "reason": "year is not a number: 'x'"}]
    again = invoke("events", "import", "ucdp", str(path), "--db", db, "--format", "json")
    assert json.loads(again.output)["already_imported"] == 1


def test_import_usage_and_file_errors(tmp_path):
    db = str(tmp_path / "t.db")
    assert invoke("events", "import", "ucdp", "--db", db).exit_code == 2  # neither FILE nor --demo
    missing = invoke("events", "import", "ucdp", str(tmp_path / "none.csv"), "--db", db)
    assert missing.exit_code == 1 and "cannot read" in missing.output
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    wrong = invoke("events", "import", "acled", str(tmp_path / "x.csv"), "--db", db)
    assert wrong.exit_code == 1 and "lacks required columns" in wrong.output


def test_summary_json(db):
    result = invoke(
        "events", "summary", "--actor", "CJNG", "--by", "opponent", "--db", db, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["actor"] == CJNG and data["by"] == "opponent"
    assert data["rows"] == [
        {"key": "Gulf Cartel", "events": 1, "deaths": 5, "code": "gulf-cartel"},
        {"key": "Los Zetas", "events": 1, "deaths": 5, "code": "los-zetas"},
        {"key": "Sinaloa Cartel", "events": 1, "deaths": 3, "code": "sinaloa-cartel"},
    ]
    assert data["excluded"] == {}


def test_summary_text_and_csv(db):
    text = invoke(
        "events", "summary", "--actor", "Cártel de Jalisco Nueva Generación", "--by", "year", "--db", db
    )
    assert text.exit_code == 0 and "2019" in text.output and "2 events, 8 deaths" in text.output
    out = invoke("events", "summary", "--actor", "cjng", "--by", "state", "--db", db, "--format", "csv")
    assert list(csv.reader(io.StringIO(out.output))) == [
        ["state", "events", "deaths", "code"],
        ["Baja California", "2", "8", "02"],
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--actor", "Los Desconocidos"],
        ["--actor", "CJNG", "--violence", "4"],
        ["--actor", "CJNG", "--from", "2020", "--to", "2010"],
        ["--actor", "CJNG", "--by", "galaxy"],
    ],
)
def test_summary_usage_errors_exit_2(db, args):
    assert invoke("events", "summary", *args, "--db", db).exit_code == 2


@pytest.mark.parametrize("kind", ["years", "opponents", "states", "municipalities"])
@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_charts(db, tmp_path, kind, suffix, magic):
    out = tmp_path / f"{kind}{suffix}"
    result = invoke("events", "chart", kind, "--actor", "CJNG", "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


def test_chart_refuses_other_formats(db, tmp_path):
    assert (
        invoke(
            "events", "chart", "years", "--actor", "CJNG", "-o", str(tmp_path / "x.pdf"), "--db", db
        ).exit_code
        == 2
    )


def test_actors_lists_groups_and_factions(db):
    data = json.loads(invoke("events", "actors", "--db", db, "--format", "json").output)
    by_name = {r["name"]: r for r in data}
    assert by_name[CJNG]["events"] == 2 and by_name[CJNG]["group_slug"] == "cjng"
    assert by_name["Los Zetas"]["faction_of"] is None
