"""The CLI's human output reads as prose: money, dates and labels, no internal codes;
its JSON output keeps the stored values."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from redes.cli import cli


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory):
    from tests.web.conftest import build_store

    folder = tmp_path_factory.mktemp("human")
    store = build_store(folder)
    store.close()
    return str(folder / "web.db")


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_reward_is_money_in_text_and_raw_in_json(kb_db):
    text = run("claims", "--db", kb_db, "--predicate", "reward")
    assert "US$10,000,000" in text and "USD 10000000" not in text
    raw = json.loads(run("claims", "--db", kb_db, "--predicate", "reward", "--format", "json"))
    assert any(c["value"] == "USD 10000000" for c in raw)


def test_relation_names_are_words(kb_db):
    text = run("claims", "--db", kb_db, "--predicate", "member_of")
    assert "member of" in text and "member_of" not in text


def test_document_dates_and_word_counts_are_formatted(kb_db):
    text = run("docs", "--db", kb_db)
    raw = json.loads(run("docs", "--db", kb_db, "--format", "json"))
    dated = next(d for d in raw if d["published"] and len(d["published"]) == 10)
    assert dated["published"] not in text  # "2019-05-01" is shown as "May 1, 2019"
    from redes.i18n import formats

    assert formats.date(dated["published"]) in text


def test_graph_tables_name_entity_types_in_words(kb_db):
    text = run("graph", "centrality", "--db", kb_db, "--top", "5")
    assert "criminal group" in text and "criminal_group" not in text
