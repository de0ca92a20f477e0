"""One vocabulary of relation details (redes.kb.details): "líder" and "leader" make one
claim; details the vocabulary does not know are dropped, never shown raw."""

from sqlalchemy import select

from redes import kb
from redes.kb import details
from redes.kb.pipeline import apply_extractions
from redes.store.models import Claim
from tests.kb.kbfixtures import Corpus, Doc


def test_forms_in_either_language_map_to_english_keys():
    assert details.normalize("leads", "Líder") == "leader"
    assert details.normalize("leads", "leaders") == "leader"
    assert details.normalize("leads", "jefe") == "leader"
    assert details.normalize("leads", "fundador") == "founder"
    assert details.normalize("member_of", "Jefe de Plaza") == "plaza boss"
    assert details.normalize("member_of", "vinculadas a") == "linked to"
    assert details.normalize("family", "hijastro") == "stepson"
    assert details.normalize("family", "sobrinos") == "nephew"  # through KIN_DETAIL
    assert details.normalize("action_against", "extradited") == "extradited"


def test_unknown_details_are_dropped_and_free_details_kept():
    assert details.normalize("leads", "quien fue detenido en Zapopan el martes") is None
    assert details.normalize("holds_position", "Fiscal General") == "Fiscal General"
    assert details.normalize("reward", "U.S. Department of State") == "U.S. Department of State"


def test_labels_in_english_and_spanish():
    assert details.label("leads", "leader") == "leader"
    assert details.label("leads", "leader", "es") == "líder"
    assert details.label("member_of", "hitman", "es") == "sicario"
    assert details.label("holds_position", "Director", "es") == "Director"
    vocab = details.vocabulary()
    assert all(set(lbl) == {"en", "es"} for rel in vocab.values() for lbl in rel.values())


def test_one_fact_in_two_languages_is_one_claim(sqlite_store):
    corpus = Corpus(sqlite_store)
    for text, detail in (
        ("Aurelio Quintana Robles es el líder del Cártel del Valle Nuevo.", "líder"),
        ("Aurelio Quintana Robles is the leader of the Cártel del Valle Nuevo.", "leader"),
        ("Aurelio Quintana Robles, jefe del Cártel del Valle Nuevo, huyó.", "jefe del Cártel que huyó"),
    ):
        d = (
            Doc(text)
            .entity("a", "person", "Aurelio Quintana Robles")
            .entity("c", "criminal_group", "Cártel del Valle Nuevo")
        )
        corpus.add(d.rel("leads", "a", "c", text, detail=detail))
    apply_extractions(sqlite_store, corpus.results())
    with sqlite_store.session() as s:
        stored = [(c.detail, len(c.evidence)) for c in s.scalars(select(Claim).order_by(Claim.id))]
    # The raw clause is no detail: that claim has none.
    assert sorted(stored, key=str) == [("leader", 2), (None, 1)]


def test_demo_details_are_vocabulary_keys(demo_store):
    vocab = details.vocabulary()
    with demo_store.session() as s:
        rows = s.execute(select(Claim.predicate, Claim.detail).where(Claim.detail.is_not(None))).all()
    governed = [(p, d) for p, d in rows if details.governed(p)]
    assert governed and all(d in vocab[p] for p, d in governed)
    # El Mencho leads the CJNG once, whatever words the documents used for it.
    leads = kb.list_claims(demo_store, entity="El Mencho", predicate="leads")
    by_object: dict[str, set] = {}
    for c in leads:
        by_object.setdefault(c["object"]["name"], set()).add(c["detail"])
    assert all(not ({"líder", "leaders", "jefe"} & found) for found in by_object.values())
