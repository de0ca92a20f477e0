"""The foundation commands through the CLI: exit statuses, JSON output, summaries."""

import json

import pytest
from click.testing import CliRunner

from redes import __version__
from redes.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_error_exits_2():
    assert run("ingest").exit_code == 2
    assert run("search", "x", "--format", "yaml").exit_code == 2


def test_ingest_summary_and_exit_statuses(tmp_path):
    db = tmp_path / "r.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Los Zetas operan en Tamaulipas.", encoding="utf-8")
    ok = run("ingest", docs, "--db", db, "--no-extract")
    assert ok.exit_code == 0
    assert "ingested 1" in ok.output and "failed 0" in ok.output
    again = run("ingest", docs, "--db", db, "--no-extract", "--format", "json")
    assert again.exit_code == 0
    assert json.loads(again.output)["counts"] == {"ingested": 0, "duplicate": 1, "failed": 0, "ignored": 0}
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    bad = run("ingest", docs, tmp_path / "nope", "--db", db, "--no-extract")
    assert bad.exit_code == 1
    assert "broken.pdf" in bad.output and "no such file or directory" in bad.output


def test_search_and_docs_json(tmp_path):
    db = tmp_path / "r.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "CJNG report\n\nEl Cártel de Jalisco Nueva Generación opera en Michoacán.", encoding="utf-8"
    )
    run("ingest", docs, "--db", db, "--no-extract")
    found = json.loads(run("search", "Nueva Generacion", "--db", db, "--format", "json").output)
    assert found["count"] == 1
    assert "**Nueva** **Generación**" in found["results"][0]["snippet"]
    listed = json.loads(run("docs", "--db", db, "--format", "json").output)
    assert listed[0]["title"] == "CJNG report" and listed[0]["language"] == "es" and listed[0]["words"] == 11
    text = run("search", "michoacan", "--db", db).output
    assert "a.txt" in text


def test_rich_markup_in_documents_prints_verbatim(tmp_path):
    db = tmp_path / "r.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "m.txt").write_text("[bold red]Título[/] con corchetes\n\ntexto del cártel", encoding="utf-8")
    run("ingest", docs, "--db", db, "--no-extract")
    assert "[bold red]Título[/]" in run("docs", "--db", db).output


def test_unreachable_database_is_a_clear_error(tmp_path):
    result = run("docs", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1 and "cannot open database" in result.output


def _one_document(tmp_path):
    db = tmp_path / "r.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Informe\n\nEl Cártel de Jalisco Nueva Generación opera en Michoacán y Jalisco.", encoding="utf-8"
    )
    assert run("ingest", docs, "--db", db, "--no-extract").exit_code == 0
    return db


def test_a_missing_database_is_an_error_not_a_new_empty_one(tmp_path):
    typo = tmp_path / "redes.bd"
    for args in (("docs",), ("search", "cartel"), ("entity", "El Mencho"), ("graph", "centrality")):
        result = run(*args, "--db", typo)
        assert result.exit_code == 1, (args, result.output)
        assert f"no database at {typo}" in result.output
    assert not typo.exists()


def test_search_exits_1_when_nothing_matches_and_takes_minus_words(tmp_path):
    db = _one_document(tmp_path)
    assert run("search", "zzzz", "--db", db).exit_code == 1
    nothing = run("search", "zzzz", "--db", db, "--format", "json")
    assert nothing.exit_code == 1 and json.loads(nothing.output)["count"] == 0
    # "-michoacan" is a word to exclude, not an option; several words make one query.
    assert run("search", "Jalisco", "-michoacan", "--db", db).exit_code == 1
    both = run("search", "Jalisco", "Michoacán", "--db", db, "--format", "json")
    assert both.exit_code == 0 and json.loads(both.output)["query"] == "Jalisco Michoacán"
    assert run("search", "Jalisco", "-h", "--db", db).output.startswith("Usage:")  # -h is still help
    typo = run("search", "--limt", "3", "cartel", "--db", db)
    assert typo.exit_code == 2 and "No such option '--limt'" in typo.output


def test_tables_sent_to_a_pipe_are_not_cut_at_80_columns(tmp_path, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    db = tmp_path / "r.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    title = "Informe anual sobre la presencia del CJNG en Michoacán y Jalisco"  # 64 characters
    (docs / "a.txt").write_text(f"{title}\n\nEl cártel opera en Michoacán.", encoding="utf-8")
    run("ingest", docs, "--db", db, "--no-extract")
    out = run("docs", "--db", db).output
    assert title in out  # on one line, not folded
    assert max(len(line) for line in out.splitlines()) > 80


@pytest.mark.postgres
def test_a_command_closes_its_connections_when_it_ends(pg_url):
    """Many commands run in one process (a script, a test walk) hold no server slots:
    each command's store is closed with it, not when the process ends."""
    from sqlalchemy import text

    from redes.store import open_store

    open_store(pg_url).close()  # the schema
    for _ in range(30):
        assert run("claims", "--db", pg_url, "--limit", "3", "--format", "json").exit_code == 0
    watcher = open_store(pg_url, upgrade=False)
    try:
        with watcher.engine.connect() as conn:
            others = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
    finally:
        watcher.close()
    assert others == 0
