"""A list into the knowledge base: versions, delisting, provenance, one list one source,
and no matching by name to the entities of the documents (SQLite and PostgreSQL)."""

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from redes import kb
from redes.analyse.graph_build import build_graph
from redes.analyse.options import GraphFilters
from redes.cli import cli
from redes.kb.pipeline import apply_extractions, rebuild
from redes.sources import importing, lists
from redes.store.models import Claim, Document, Entity
from tests.kb.kbfixtures import Corpus, Doc

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sdn_2024-05-03.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def newer(tmp_path) -> Path:
    """The sample a month later: Antonio (20109) delisted, Elvis (20113) with an alias."""
    rows = [r for r in SAMPLE.read_text(encoding="utf-8").splitlines() if not r.startswith("20109,")]
    rows = [
        r.replace("Linked To: LOS CUINIS.", "a.k.a. 'El Elvis Nuevo'; Linked To: LOS CUINIS.")
        if r.startswith("20113,")
        else r
        for r in rows
    ]
    path = tmp_path / "sdn_2024-06-07.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def counts(store) -> tuple[int, int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count(Entity.id))),
            s.scalar(select(func.count(Claim.id))),
            s.scalar(select(func.count(Document.id))),
        )


def test_import_is_idempotent_and_cites_list_entries(store):
    stats, problems = importing.import_file(store, "ofac-sdn", SAMPLE)
    assert not problems and stats.entities == 10  # 9 parties (the vessel has no KB type) + OFAC
    before = counts(store)
    again, _ = importing.import_file(store, "ofac-sdn", SAMPLE)
    assert again.unchanged and counts(store) == before
    d = kb.dossier(store, "ofac-sdn-17674")
    assert d["sanctioned"]
    (entry,) = d["lists"]
    assert entry["programs"] == ["SDNTK", "ILLICIT-DRUGS-EO14059"] and entry["as_of"] == "2024-05-03"
    assert entry["aliases"] == ["Mencho"] and "1966-07-17" in entry["birth_dates"]
    (designated,) = d["relations"]["action_against"]
    assert designated["other"]["name"] == "U.S. Treasury OFAC"
    quotes = [ev["quote"] for ev in designated["evidence"]]
    assert quotes == ["OFAC SDN: SDNTK, ILLICIT-DRUGS-EO14059"]
    assert designated["evidence"][0]["document"]["publisher"] == "U.S. Treasury OFAC"
    cjng = kb.dossier(store, "ofac-sdn-17671")
    linked = {g["other"]["name"] for g in cjng["relations"]["linked_to"]}
    assert linked == {
        "Antonio OSEGUERA CERVANTES",
        "Julio Alberto CASTILLO RODRIGUEZ",
        "Elvis GONZALEZ VALENCIA",
    }


def test_a_newer_list_updates_what_changed_and_records_delisting(store, tmp_path):
    importing.import_file(store, "ofac-sdn", SAMPLE)
    stats, _ = importing.import_file(store, "ofac-sdn", newer(tmp_path))
    assert stats.documents_added == 1 and stats.delisted == 1  # Elvis's new entry
    elvis = kb.dossier(store, "ofac-sdn-20113")
    assert "El Elvis Nuevo" in elvis["lists"][0]["aliases"] and elvis["lists"][0]["as_of"] == "2024-06-07"
    antonio = kb.dossier(store, "ofac-sdn-20109")  # kept, with its history
    assert antonio["lists"][0]["delisted"] == "2024-06-07" and not antonio["sanctioned"]
    (ended,) = antonio["past"]["action_against"]
    assert ended["end"] == "2024-06-07"
    # The link the newer list dropped is gone; the delisted party's entry stays cited.
    assert "linked_to" not in antonio["relations"]


def test_the_list_is_one_source_however_many_entries_cite_it(store, tmp_path):
    importing.import_file(store, "ofac-sdn", SAMPLE)
    importing.import_file(store, "ofac-sdn", newer(tmp_path))
    with store.session() as s:
        groups = set(s.scalars(select(Document.source_group).where(Document.format == "sdn")))
    assert len(groups) == 1
    (claim,) = [
        c for c in kb.list_claims(store, predicate="action_against") if c["object"]["id"] == "ofac-sdn-20113"
    ]
    assert claim["corroboration"]["documents"] == 1  # two entries (two versions), one list


def test_list_entities_survive_a_rebuild_and_are_never_resolved_by_name(sqlite_store, monkeypatch):
    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    corpus = Corpus(sqlite_store).install(monkeypatch)
    text = "Elvis Gonzalez Valencia leads the CARTEL DE JALISCO NUEVA GENERACION, a report said."
    corpus.add(
        Doc(text)
        .entity("a", "person", "Elvis Gonzalez Valencia")
        .entity("b", "criminal_group", "CARTEL DE JALISCO NUEVA GENERACION")
        .rel("leads", "a", "b", text)
    )
    # Resolution alone (no judgements, no reviewed matches): the document's names make
    # entities of their own, however exactly they spell a listed party.
    apply_extractions(sqlite_store, corpus.results(), reapply=False)
    with sqlite_store.session() as s:
        named = s.scalars(
            select(Entity).where(Entity.name.in_(["Elvis Gonzalez Valencia", "Elvis GONZALEZ VALENCIA"]))
        )
        assert sorted(e.source or "" for e in named) == ["", "ofac-sdn"]
        doc_elvis = s.scalar(select(Entity).where(Entity.source.is_(None), Entity.type == "person"))
        assert not lists.is_list_entity(s, doc_elvis.id)
        assert lists.is_list_entity(s, s.scalar(select(Entity.id).where(Entity.slug == "ofac-sdn-17671")))
        before = s.scalar(select(func.count(Claim.id)).where(Claim.origin == "list"))
    rebuild(sqlite_store)
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count(Claim.id)).where(Claim.origin == "list")) == before == 16
    assert kb.dossier(sqlite_store, "ofac-sdn-17674")["lists"][0]["as_of"] == "2024-05-03"
    # The network leaves list-only entities and list links out unless asked.
    default = build_graph(sqlite_store, GraphFilters())
    assert not any(v["name"].startswith("ofac-sdn") for v in default.vs)
    with_lists = build_graph(sqlite_store, GraphFilters(lists=True))
    assert any(v["name"] == "ofac-sdn-20110" for v in with_lists.vs)


def test_cli_import_reports_bad_rows_with_their_number(tmp_path):
    bad = tmp_path / "sdn_2024-05-03.csv"
    bad.write_text(SAMPLE.read_text(encoding="utf-8") + "oops,\n", encoding="utf-8")
    db = tmp_path / "r.db"
    result = run("sources", "import", "ofac-sdn", bad, "--db", db, "--format", "json")
    assert result.exit_code == 1
    out = json.loads(result.output)
    assert out["skipped"] == 1 and out["problems"] == ["row 11: 2 columns, expected 12"]
    assert out["entities"] == 10
    again = run("sources", "import", "ofac-sdn", SAMPLE, "--db", db)
    assert again.exit_code == 0 and "nothing changed" not in again.output  # another file
    same = run("sources", "import", "ofac-sdn", SAMPLE, "--db", db)
    assert "nothing changed" in same.output


def test_an_ftm_stream_goes_the_same_way(sqlite_store, tmp_path):
    rows = [
        {"id": "os-ana", "schema": "Person", "properties": {"name": ["Ana Ruiz"], "topics": ["sanction"]}},
        {"id": "os-acme", "schema": "Company", "properties": {"name": ["Acme SA"], "program": ["MX-UIF"]}},
        {"id": "os-own", "schema": "Ownership", "properties": {"owner": ["os-ana"], "asset": ["os-acme"]}},
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = run(
        "sources", "import", "ftm", path, "--name", "uif", "--date", "2024-06-01", "--db", tmp_path / "r.db"
    )
    assert result.exit_code == 0, result.output
    from redes.store import open_store

    store = open_store(tmp_path / "r.db")
    ana = kb.dossier(store, "uif-os-ana")
    (owns,) = ana["relations"]["linked_to"]
    assert owns["other"]["name"] == "Acme SA" and owns["detail"] == "owns"
    assert ana["sanctioned"] and ana["lists"][0]["as_of"] == "2024-06-01"
    assert "action_against" not in kb.dossier(store, "uif-os-acme")["relations"]  # not a sanction
    store.close()


def test_an_ingest_after_an_import_extracts_no_list_entry(sqlite_store, tmp_path):
    from redes.ingest.pipeline import ingest
    from redes.ingest.resume import unfinished
    from redes.store.models import Mention

    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    assert unfinished(sqlite_store) == []

    def in_entries() -> int:
        with sqlite_store.session() as s:
            return s.scalar(
                select(func.count(Mention.id))
                .join(Document, Document.id == Mention.document_id)
                .where(Document.format == "sdn")
            )

    before = in_entries()
    note = tmp_path / "note.txt"
    note.write_text("El Mencho leads the CJNG, officials said on Monday.", encoding="utf-8")
    assert ingest(sqlite_store, [note]).ok
    assert unfinished(sqlite_store) == [] and in_entries() == before == 19
