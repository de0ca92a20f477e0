"""Exports load in the tools they are for: FtM entities in followthemoney's model,
GraphML and GEXF in networkx and igraph, CSV with Gephi's node and edge columns."""

import csv
import io
import json

import igraph
import networkx as nx
import pytest
from followthemoney import model

from redes import kb
from redes.export.ftm import write_ftm
from redes.export.graph import knowledge_graph, write_gexf, write_graphml
from redes.export.tables import write_csv
from redes.kb import review
from tests.kb.kbfixtures import cartel_corpus


@pytest.fixture
def halcon(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    return sqlite_store


def _ftm(store):
    out = io.StringIO()
    write_ftm(store, out)
    # cleaned=False: followthemoney re-validates every value against the schema.
    return [model.get_proxy(json.loads(line), cleaned=False) for line in out.getvalue().splitlines()]


def test_ftm_entities_load_and_carry_their_sources(halcon):
    entities = _ftm(halcon)
    by_id = {e.id: e for e in entities}
    assert len(by_id) == len(entities)
    schemata = {e.schema.name for e in entities}
    assert {
        "Document",
        "Person",
        "Organization",
        "PublicBody",
        "Address",
        "Membership",
        "Family",
        "UnknownLink",
        "Event",
    } <= schemata

    halcon_id = "redes-aurelio-quintana-robles"
    person = by_id[halcon_id]
    assert "El Halcón" in person.get("alias")
    assert person.get("deathDate") == ["2026-02-22"]
    cvn = by_id["redes-cartel-del-valle-nuevo"]
    assert sorted(cvn.get("incorporationDate")) == ["2009", "2011"]
    assert cvn.get("topics") == ["crime"]

    (leads,) = [e for e in entities if e.schema.name == "Membership"]
    assert leads.get("member") == [halcon_id] and leads.get("role") == ["leader"]
    proofs = leads.get("proof")
    assert len(proofs) == 3 and all(by_id[p].schema.name == "Document" for p in proofs)
    assert sorted(leads.get("publisher")) == ["Ministry of Security", "Reuters", "reuters"]
    # Every reference points at an exported entity.
    for e in entities:
        for prop, value in e.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, (e.schema.name, prop.name, value)

    (wife,) = [e for e in entities if e.schema.name == "Family" and e.get("relationship") == ["wife"]]
    assert wife.get("person") == [halcon_id]
    assert by_id[wife.get("relative")[0]].caption == "Marisol Treviño Luna"


def test_rejected_claims_are_not_exported(halcon):
    (leads,) = kb.list_claims(halcon, predicate="leads")
    review.reject(halcon, leads["key"])
    assert not [e for e in _ftm(halcon) if e.schema.name == "Membership"]
    assert not [k for *_, k in knowledge_graph(halcon).edges(keys=True) if k == leads["key"]]


def test_graphml_loads_in_networkx_and_igraph(halcon, tmp_path):
    path = tmp_path / "kb.graphml"
    with path.open("wb") as f:
        write_graphml(halcon, f)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.nodes["aurelio-quintana-robles"]["label"] == "Aurelio Quintana Robles"
    assert g.nodes["cartel-del-valle-nuevo"]["founded"] == "2009; 2011"
    edges = [d for _, _, d in g.edges(data=True) if d["predicate"] == "leads"]
    assert edges[0]["documents"] == 3 and edges[0]["weight"] == 3.0
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    assert "operates_in" in ig.es["predicate"]


def test_gexf_loads_in_networkx(halcon, tmp_path):
    path = tmp_path / "kb.gexf"
    with path.open("wb") as f:
        write_gexf(halcon, f)
    g = nx.read_gexf(path)
    assert g.nodes["jalisco"]["type"] == "place"
    assert {d["label"] for *_, d in g.edges(data=True)} == {"leads", "family", "operates_in"}


def test_csv_tables_have_gephi_columns(halcon, tmp_path):
    paths = write_csv(halcon, tmp_path / "csv")
    tables = {p.stem: list(csv.DictReader(p.open(encoding="utf-8"))) for p in paths}
    ids = {r["Id"] for r in tables["entities"]}
    assert all(r["Source"] in ids and r["Target"] in ids for r in tables["relations"])
    assert {r["Type"] for r in tables["relations"]} == {"Directed", "Undirected"}
    assert sorted(r["value"] for r in tables["attributes"] if r["predicate"] == "founded") == ["2009", "2011"]
    quotes = [r["quote"] for r in tables["evidence"]]
    assert "Aurelio Quintana Robles leads the CVN." in quotes
    # Which extractor proposed each quote, and how sure it was (an LLM's are checked apart).
    assert list(tables["evidence"][0])[-2:] == ["extractor", "confidence"]
    assert {(r["extractor"], r["confidence"]) for r in tables["evidence"]} == {("rules", "")}


def test_positions_export_as_an_occupancy_of_a_position(sqlite_store):
    from redes.kb.pipeline import apply_extractions
    from tests.kb.kbfixtures import Corpus, Doc

    corpus = Corpus(sqlite_store)
    t = "Marisol Treviño Luna was mayor of Tapalpa in 2018 and then secretary of the Ministry of Security."
    d = Doc(t).entity("m", "person", "Marisol Treviño Luna").entity("t", "place", "Tapalpa")
    d.entity("s", "state_body", "Ministry of Security")
    d.rel("holds_position", "m", "t", t, detail="mayor", year=2018)
    corpus.add(d.rel("holds_position", "m", "s", t, detail="secretary"))
    apply_extractions(sqlite_store, corpus.results())
    entities = _ftm(sqlite_store)
    by_id = {e.id: e for e in entities}
    posts = {e.caption: e for e in entities if e.schema.name == "Position"}
    assert posts["mayor, Tapalpa"].get("subnationalArea") == ["Tapalpa"]
    assert by_id[posts["secretary, Ministry of Security"].get("organization")[0]].schema.name == "PublicBody"
    (mayor,) = [e for e in entities if e.schema.name == "Occupancy" and e.get("date") == ["2018"]]
    assert mayor.get("post") == [posts["mayor, Tapalpa"].id]
    assert by_id[mayor.get("holder")[0]].caption == "Marisol Treviño Luna"
