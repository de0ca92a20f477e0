"""The knowledge-base commands: entity, contradictions, claims, review, export, rebuild."""

import json

import pytest
from click.testing import CliRunner

from redes import kb
from redes.cli import cli
from tests.kb.kbfixtures import Doc, cartel_corpus


@pytest.fixture
def db(sqlite_store, monkeypatch, tmp_path):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    evil = 'Los <script>alert(1)</script> lead the CVN. <img src=x onerror=alert(1)> said "[1]" *bold*.'
    d = Doc(evil, publisher="<u>Evil</u> Media")
    d.entity("x", "criminal_group", "Los <script>alert(1)</script>").entity("g", "criminal_group", "CVN")
    corpus.add(d.rel("allied_with", "x", "g", evil), "evil<blink>.txt")
    kb.update(sqlite_store, corpus.ids)
    return str(tmp_path / "test.db")


def run(*args, code=0):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def test_entity_json_has_id_name_type_aliases(db):
    out = json.loads(run("entity", "el halcon", "--db", db, "--format", "json").output)
    assert out["id"] == "aurelio-quintana-robles"
    assert (out["name"], out["type"]) == ("Aurelio Quintana Robles", "person")
    assert {"El Halcón", "Aurelio Rubén Quintana Robles"} <= {a["name"] for a in out["aliases"]}


def test_entity_text_dossier(db):
    out = run("entity", "El Halcón", "--db", db).output
    assert out.startswith("Aurelio Quintana Robles\nperson · id aurelio-quintana-robles")
    # He was killed: his leadership is listed as past, with its span.
    assert "Past relations (ended): leads" in out
    assert (
        "leads Cártel del Valle Nuevo · until 2026-02-22 (death) — 3 documents, 2 publishers, "
        "2021-06-01 to 2025-03-07 [1][2][3]" in out
    )
    assert "Marisol Treviño Luna (wife)" in out and "El Halconcito (son)" in out
    assert "killed 2026-02-22" in out and "reward US$15,000,000 offered by Ministry of Security" in out
    assert "[4] e.txt — Presidencia — 2026-02-23" in out


def test_ambiguous_or_unknown_names_exit_1_with_candidates(db):
    result = run("entity", "el", "--db", db, code=1)
    assert "ambiguous" in result.output and "el-halconcito" in result.output
    assert "matches no entity" in run("entity", "Los Caracoles", "--db", db, code=1).output


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_ingested_text_is_escaped(db, fmt, tmp_path):
    out_file = tmp_path / f"dossier.{fmt}"
    run("entity", "CVN", "--db", db, "--format", fmt, "-o", str(out_file))
    page = out_file.read_text(encoding="utf-8")
    assert "alert(1)" in page  # the text is there...
    for raw in ("<script>", "<img", "<u>", "<blink>"):
        assert raw not in page  # ...but never as markup
    assert "&lt;script&gt;" in page


def test_contradictions_command_finds_the_founding_conflict(db):
    out = run("contradictions", "--db", db).output
    assert "Cártel del Valle Nuevo: founding year 2009 vs 2011" in out
    assert "“The CVN was founded in 2009.”" in out
    data = json.loads(run("contradictions", "--db", db, "--format", "json", "--kind", "founded").output)
    assert [s["value"] for s in data[0]["sides"]] == ["2009", "2011"]


def test_review_round_trip(db):
    claims = json.loads(run("claims", "--db", db, "--predicate", "founded", "--format", "json").output)
    key = next(c["key"] for c in claims if c["value"] == "2011")
    assert "judgement 1: reject" in run("review", "reject", key[:8], "--db", db, "--note", "typo").output
    shown = run("review", "show", key[:8], "--db", db).output
    assert "[rejected]" in shown and "b.txt" in shown
    queue = json.loads(run("review", "list", "--db", db, "--format", "json").output)
    assert key not in {c["key"] for c in queue}
    run("review", "merge", "El Halcón", "El Halconcito", "--db", db)
    run("review", "split", "El Halcón", "El Halconcito", "--db", db)
    run("review", "rename", "el-halconcito", "Rubén Quintana Treviño", "--db", db)
    run("review", "alias-add", "Rubén Quintana Treviño", "Halconcito", "--db", db)
    run("review", "alias-remove", "Rubén Quintana Treviño", "Halconcito", "--db", db)
    assert run("contradictions", "--db", db).output.strip() == "no contradictions found"
    history = json.loads(run("review", "history", "--db", db, "--format", "json").output)
    assert [j["kind"] for j in history] == ["alias-remove", "alias-add", "rename", "split", "merge", "reject"]
    # Refusals and usage errors.
    assert run("review", "accept", "zz", "--db", db, code=1).output.startswith("Error:")
    run("review", "merge", "--db", db, code=2)


def test_rebuild_command_keeps_judgements(db):
    claims = json.loads(run("claims", "--db", db, "--predicate", "leads", "--format", "json").output)
    run("review", "reject", claims[0]["key"], "--db", db)
    out = json.loads(run("rebuild", "--db", db, "--format", "json").output)
    assert out["documents"] == 5 and out["judgements_applied"] == 1
    claims = json.loads(run("claims", "--db", db, "--predicate", "leads", "--format", "json").output)
    assert claims[0]["status"] == "rejected"


def test_export_commands(db, tmp_path):
    lines = run("export", "ftm", "--db", db).output.splitlines()
    assert all(json.loads(line)["schema"] for line in lines)
    run("export", "graphml", "--db", db, "-o", str(tmp_path / "g.graphml"))
    assert (tmp_path / "g.graphml").read_bytes().startswith(b"<?xml")
    run("export", "csv", "--db", db, code=2)
    run("export", "csv", "--db", db, "-o", str(tmp_path / "tables"))
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "attributes.csv",
        "entities.csv",
        "evidence.csv",
        "relations.csv",
    ]
