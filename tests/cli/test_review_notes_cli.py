"""The CLI of bulk review, notes, investigations and hand-made entries (``redes review
reject --sentence``, ``redes note``, ``redes investigations``, ``redes add``), with the
user's role and scope."""

from __future__ import annotations

import json

from click.testing import CliRunner

from redes import kb
from redes.access import users as accounts
from redes.cli import cli
from tests.kb.test_bulk_review import sentence_corpus
from tests.kb.test_notes import two_collection_corpus


def run(*args, code=0):
    result = CliRunner().invoke(
        cli, [str(a) for a in args], env={"REDES_TOKEN": None}, catch_exceptions=False
    )
    assert result.exit_code == code, result.output
    return result.output


def _db(store) -> str:
    return str(store.engine.url.database)


def test_bulk_reject_by_sentence_and_undo_one(sqlite_store, monkeypatch):
    sentence_corpus(sqlite_store, monkeypatch)
    db = _db(sqlite_store)
    founded = sorted(kb.list_claims(sqlite_store, predicate="founded"), key=lambda c: c["value"])
    out = json.loads(
        run("review", "reject", founded[0]["key"][:12], "--sentence", "--db", db, "--format", "json")
    )
    assert [j["claim"] for j in out["judgements"]] == [c["key"] for c in founded]
    assert len(out["left"]) == 1
    run("review", "undo", out["judgements"][0]["judgement"], "--db", db)
    assert kb.claim(sqlite_store, founded[0]["key"])["status"] == "machine"
    out = run("review", "accept", "--all", "--predicate", "leads", "--db", db)
    assert out.count("accept") == 1
    run("review", "accept", "--db", db, code=2)  # neither keys nor --all


def test_notes_investigations_and_manual_entries(sqlite_store, monkeypatch):
    _corpus, ids = two_collection_corpus(sqlite_store, monkeypatch)
    db = _db(sqlite_store)
    with sqlite_store.session() as s:
        accounts.create_user(s, "vera", "viewer")
        accounts.create_user(s, "ed", "editor")
    run("note", "add", "entity", "CVN", "Watch <this>.", "--db", db, "--as", "ed")
    run("note", "add", "document", ids["secret_doc"], "Source note.", "--db", db)
    notes = json.loads(run("note", "list", "--db", db, "--as", "ed", "--format", "json"))
    assert [(n["author"], n["text"]) for n in notes] == [("ed", "Watch <this>.")]
    assert "Source note." in run("note", "list", "--on", "document", ids["secret_doc"], "--db", db)
    err = run("note", "list", "--on", "document", ids["secret_doc"], "--db", db, "--as", "ed", code=1)
    assert "no document" in err
    assert "editor role" in run("note", "add", "entity", "CVN", "x", "--db", db, "--as", "vera", code=1)

    inv = json.loads(
        run(
            "investigations",
            "create",
            "CVN",
            "CVN",
            "Aurelio Quintana Robles",
            "--view",
            "min_corroboration=2",
            "--db",
            db,
            "--as",
            "ed",
            "--format",
            "json",
        )
    )
    assert inv["network"].startswith("/network?min_corroboration=2&focus=cvn")
    assert "CVN" in run("investigations", "list", "--db", db, "--as", "vera")
    assert "editor role" in run("investigations", "delete", inv["id"], "--db", db, "--as", "vera", code=1)
    run("investigations", "delete", inv["id"], "--db", db, "--as", "ed")
    assert json.loads(run("investigations", "list", "--db", db, "--format", "json")) == []

    out = json.loads(
        run(
            "add",
            "relation",
            "Aurelio Quintana Robles",
            "family",
            "CVN",
            "--detail",
            "founder",
            "--doc",
            ids["public_doc"],
            "--span",
            "0-38",
            "--db",
            db,
            "--as",
            "ed",
            "--format",
            "json",
        )
    )
    assert out["status"] == "accepted"
    assert "not within document" in run(
        "add",
        "entity",
        "person",
        "Aurelio",
        "--doc",
        ids["public_doc"],
        "--span",
        "0-9999",
        "--db",
        db,
        code=1,
    )
    assert "may not write" in run(
        "add",
        "entity",
        "person",
        "Rosa Luna",
        "--url",
        "https://example.org/r",
        "--quote",
        "Rosa Luna spoke.",
        "--collection",
        "confidential",
        "--db",
        db,
        "--as",
        "ed",
        code=1,
    )
    history = run("review", "history", "--db", db)
    assert "added by hand" in history
