"""``redes ingest --mapping``: a table's rows as entities and claims, through a
followthemoney mapping; the worked example of docs/ingest.md."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from redes.cli import cli
from redes.ingest import mapping
from redes.store import open_store
from redes.store.models import Claim, Entity, Evidence

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_the_documented_example_maps_rows_to_entities_and_claims(tmp_path):
    db = tmp_path / "r.db"
    result = run(
        "ingest",
        EXAMPLES / "membership.csv",
        "--db",
        db,
        "--no-extract",
        "--mapping",
        EXAMPLES / "membership-mapping.yml",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    mapped = json.loads(result.output)["mapping"]
    assert mapped["rows"] == 3 and mapped["entities"] == 4 and mapped["claims"] == 3
    store = open_store(db)
    with store.session() as s:
        kinds = {e.name: e.type for e in s.scalars(select(Entity))}
        assert kinds == {
            "Ana Torres": "person",
            "Luis Gómez": "person",
            "Marta Ríos": "person",
            "Grupo Delta": "criminal_group",
        }
        predicates = sorted(c.predicate for c in s.scalars(select(Claim)))
        assert predicates == ["leads", "member_of", "member_of"]
        quotes = sorted(e.quote for e in s.scalars(select(Evidence)))
        assert quotes[0].startswith("2: Ana Torres | Grupo Delta")  # the row, with its number
    store.close()
    # Ingesting again with the mapping adds no entity.
    again = json.loads(
        run(
            "ingest",
            EXAMPLES / "membership.csv",
            "--db",
            db,
            "--no-extract",
            "--mapping",
            EXAMPLES / "membership-mapping.yml",
            "--format",
            "json",
        ).output
    )
    assert again["mapping"]["entities"] == 0


def test_a_table_without_the_mapped_columns_is_skipped(sqlite_store, tmp_path):
    from redes.ingest.pipeline import ingest

    (tmp_path / "otra.csv").write_text("fecha,monto\n2021-01-01,100\n", encoding="utf-8")
    ids = [r.document_id for r in ingest(sqlite_store, [tmp_path / "otra.csv"], extract=False).results]
    report = mapping.apply(sqlite_store, mapping.load(EXAMPLES / "membership-mapping.yml"), ids)
    assert report.rows == 0 and "no column grupo, nombre, rol" in report.skipped[0]


def test_a_bad_mapping_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("entities:\n  x:\n    schema: NoSuchSchema\n", encoding="utf-8")
    with pytest.raises(mapping.MappingError, match="invalid mapping"):
        mapping.load(bad)
    (tmp_path / "t.csv").write_text("a\n1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path / "t.csv"), "--db", str(tmp_path / "r.db"), "--mapping", str(bad)]
    )
    assert result.exit_code == 1 and "invalid mapping" in result.output
