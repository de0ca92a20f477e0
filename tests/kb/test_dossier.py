"""Entity lookup, dossiers and timelines."""

import pytest

from redes import kb
from tests.kb.kbfixtures import cartel_corpus


@pytest.fixture
def halcon(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    return sqlite_store


@pytest.mark.parametrize(
    "query",
    ["El Halcón", "el halcon", "AURELIO QUINTANA ROBLES", "Aurelio Ruben Quintana Robles", "Halcon"],
)
def test_lookup_ignores_case_and_accents_and_knows_aliases(halcon, query):
    assert kb.dossier(halcon, query)["id"] == "aurelio-quintana-robles"


def test_lookup_of_an_ambiguous_name_lists_the_candidates(halcon):
    with pytest.raises(kb.LookupFailed) as err:
        kb.dossier(halcon, "Los Caracoles")
    assert err.value.candidates == []
    assert kb.dossier(halcon, "ministry")["name"] == "Ministry of Security"  # a word of one name
    # "El" is a word of both father's and son's nicknames.
    with pytest.raises(kb.LookupFailed) as err:
        kb.dossier(halcon, "el")
    names = {c["name"] for c in err.value.candidates}
    assert {"Aurelio Quintana Robles", "El Halconcito"} <= names


def test_dossier_holds_every_part(halcon):
    d = kb.dossier(halcon, "El Halcón")
    assert (d["name"], d["type"]) == ("Aurelio Quintana Robles", "person")
    aliases = {a["name"]: a["count"] for a in d["aliases"]}
    assert aliases["El Halcón"] == 4
    assert aliases["Aurelio Rubén Quintana Robles"] == 1

    family = {(c["other"]["name"], c["detail"], c["direction"]) for c in d["relations"]["family"]}
    assert family == {("Marisol Treviño Luna", "wife", "in"), ("El Halconcito", "son", "in")}
    # He was killed in 2026: his leadership is past, ended by his death.
    assert "leads" not in d["relations"]
    (leads,) = d["past"]["leads"]
    assert (leads["current"], leads["span"]) == (False, "until 2026-02-22 (death)")
    assert leads["corroboration"]["documents"] == 3
    assert leads["citations"] == [1, 2, 3]

    rewards = d["attributes"]["reward"]
    assert sorted(r["value"] for r in rewards) == ["USD 10000000", "USD 15000000"]
    (died,) = d["attributes"]["died"]
    assert (died["years"], died["detail"], died["claims"][0]["date"]) == (
        ["2026-02-22"],
        "killed",
        "2026-02-22",
    )
    assert died["evidence"][0]["quote"].endswith("in a military operation in Tapalpa.")
    assert died["evidence"][0]["document"]["publisher"] == "Presidencia"

    # Sources are numbered by publication date; every citation points into the list.
    assert [s["file_name"] for s in d["sources"]] == ["a.txt", "b.txt", "d.txt", "e.txt"]
    assert {n for c in d["timeline"] for n in c["citations"]} <= {s["n"] for s in d["sources"]}
    assert d["timeline"] == sorted(d["timeline"], key=lambda c: c["when"])
    assert d["timeline"][-1]["predicate"] == "died"


def test_group_dossier_has_places_with_years_and_its_conflict(halcon):
    d = kb.dossier(halcon, "cartel del valle nuevo")
    assert d["type"] == "criminal_group"
    (place,) = d["places"]
    assert (place["place"]["name"], place["years"]) == ("Jalisco", [2015])
    assert sorted(c["value"] for c in d["attributes"]["founded"]) == ["2009", "2011"]
    assert [c["kind"] for c in d["contradictions"]] == ["founded"]
    assert [t["when"] for t in d["timeline"]] == ["2009", "2011", "2015"]


def test_timeline_orders_dated_claims(halcon):
    whens = [c["when"] for c in kb.timeline(halcon, "El Halcón")]
    assert whens == sorted(whens) and whens[-1] == "2026-02-22"


def test_a_dossier_line_groups_claims_that_differ_only_in_year_or_nuance(sqlite_store):
    from redes.kb.pipeline import apply_extractions
    from tests.kb.kbfixtures import Corpus, Doc

    corpus = Corpus(sqlite_store)
    for text, year, detail, publisher in (
        ("In 2009 Ramiro Peña Solís founded the CVN.", 2009, "founder", "A"),
        ("Since 2014 Ramiro Peña Solís has headed the CVN.", 2014, "head", "B"),
        ("Ramiro Peña Solís leads the CVN.", None, None, "B"),
    ):
        d = (
            Doc(text, publisher=publisher)
            .entity("n", "person", "Ramiro Peña Solís")
            .entity("g", "criminal_group", "CVN")
        )
        corpus.add(d.rel("leads", "n", "g", text, year=year, detail=detail))
    apply_extractions(sqlite_store, corpus.results())
    d = kb.dossier(sqlite_store, "Ramiro Peña Solís")
    (line,) = d["relations"]["leads"]
    assert len(line["claims"]) == 3
    # "head" is a "leader" in the details vocabulary (kb.details)
    assert (line["years"], line["details"]) == (["2009", "2014"], ["founder", "leader"])
    assert line["corroboration"]["documents"] == 3 and line["corroboration"]["publishers"] == 2
    from redes.kb.render import phrase

    assert phrase(line) == "leads CVN [founder, leader] (2009, 2014)"
