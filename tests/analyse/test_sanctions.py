"""The two questions of documents and lists together: designated brokers, and companies
a list links to a group the documents name."""

from datetime import date

from followthemoney import model
from tests.kb.kbfixtures import Corpus, Doc

from redes.analyse.graph_build import build_graph
from redes.analyse.options import GraphFilters
from redes.analyse.sanctions import designated_brokers, linked_companies
from redes.kb import review
from redes.kb.pipeline import apply_extractions
from redes.sources.importing import OFAC, import_list


def _party(ent: int, schema: str, name: str, program: str = "SDNTK"):
    p = model.make_entity(schema)
    p.id = f"ofac-sdn-{ent}"
    p.add("name", name)
    p.add("program", program)
    p.add("topics", "sanction")
    return p


def _link(a, b):
    link = model.make_entity("UnknownLink")
    link.id = f"{a.id}-link-{b.id}"
    link.add("subject", a.id)
    link.add("object", b.id)
    return link


def _world(store, monkeypatch):
    broker = _party(1, "Person", "Rafael QUINTERO SOLIS")
    company = _party(2, "Company", "ACME SERVICIOS, S.A. DE C.V.")
    group = _party(3, "Organization", "CARTEL DEL RIO AZUL")
    parties = [broker, company, group, _link(company, group)]
    import_list(store, OFAC, parties, date(2024, 5, 3), "sdn.csv", b"one")
    corpus = Corpus(store).install(monkeypatch)
    text = (
        "Ana Ruiz, Bea Soto and Carla Vega work together. Dora Lima, Eva Mora and Fina Paz work together. "
        "Rafael Quintero Solis colludes with Ana Ruiz and with Dora Lima. "
        "Acme Servicios launders money for the Cartel del Rio Azul."
    )
    doc = Doc(text)
    names = [
        "Ana Ruiz",
        "Bea Soto",
        "Carla Vega",
        "Dora Lima",
        "Eva Mora",
        "Fina Paz",
        "Rafael Quintero Solis",
    ]
    for i, name in enumerate(names):
        doc.entity(f"p{i}", "person", name)
    doc.entity("co", "organization", "Acme Servicios").entity("g", "criminal_group", "Cartel del Rio Azul")
    for a, b in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (6, 0), (6, 3)]:
        doc.rel("collusion", f"p{a}", f"p{b}", text)
    corpus.add(doc)
    apply_extractions(store, corpus.results())
    # Reviewed cross-references: each document entity is the listed party (unless the
    # cross-referencing accepted the match already: a very strong one).
    for keep, other in [
        ("rafael-quintero-solis", "ofac-sdn-1"),
        ("acme-servicios", "ofac-sdn-2"),
        ("cartel-del-rio-azul", "ofac-sdn-3"),
    ]:
        try:
            review.merge(store, keep, other)
        except LookupError:
            pass


def test_a_designated_broker_between_two_communities(sqlite_store, monkeypatch):
    _world(sqlite_store, monkeypatch)
    g = build_graph(sqlite_store, GraphFilters())
    found = designated_brokers(sqlite_store, g)
    assert [(r["name"], r["lists"]) for r in found["brokers"]] == [
        ("Rafael Quintero Solis", ["OFAC SDN: SDNTK"])
    ]


def test_a_company_of_the_documents_linked_by_the_list_to_a_group_they_name(sqlite_store, monkeypatch):
    _world(sqlite_store, monkeypatch)
    (row,) = linked_companies(sqlite_store)
    assert (row["company"]["name"], row["group"]["name"]) == ("Acme Servicios", "Cartel del Rio Azul")
    assert row["evidence"][0]["quote"] == "Linked to: CARTEL DEL RIO AZUL"
