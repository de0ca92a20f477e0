"""The learned entity stage: its features, the merge with the rule candidates, pickling, and
the shipped model. Every text here is invented."""

from __future__ import annotations

import pickle

import pytest

from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.models import DIR, TAGGER_FILE, load_tagger
from redes.extract.pipeline import Pipeline
from redes.extract.tagger import EntityTagger, features, merge, spans, tagged_tokens
from tests.extract.helpers import by_mention, mentions, run

RULES = Pipeline.rules_only()


def _doc(text: str, lang: str = "es") -> Doc:
    return RULES.doc(text, lang)


def _index(doc: Doc, word: str) -> int:
    return next(k for k in range(len(doc.tokens)) if doc.tokens.surface(k) == word)


def _marginals(table: dict[tuple[str, int], float]):
    """A model's marginals from a table; unlisted (label, position) pairs get 0 (1 for O)."""

    def marginal(label: str, pos: int) -> float:
        if (label, pos) in table:
            return table[(label, pos)]
        others = sum(p for (lab, k), p in table.items() if k == pos)
        return max(0.0, 1.0 - others) if label == "O" else 0.0

    return marginal


def _labels(doc: Doc, *extra: tuple[str, str]) -> list[str]:
    """The labels of a model that agrees with the rules' selection, plus ``extra`` spans
    (surface, type) it proposes on its own."""
    from redes.extract.tagger import _selection

    labels = ["O"] * len(doc.tokens)
    for k, c in _selection([c for c in doc.candidates if c.alive and c.type != "none"]).items():
        labels[k] = ("B-" if k == c.i else "I-") + c.type
    for surface, type_ in extra:
        start = doc.text.index(surface)
        i = doc.tokens.at(start)
        j = i
        while j < len(doc.tokens) and doc.tokens.ends[j] <= start + len(surface):
            j += 1
        labels[i:j] = [f"B-{type_}"] + [f"I-{type_}"] * (j - i - 1)
    return labels


def _confident(labels: list[str]):
    """Marginals that give every token its label with certainty."""
    return _marginals({(lab, k): 1.0 for k, lab in enumerate(labels)})


# Features


def test_features_describe_the_word_its_neighbours_and_the_rules():
    doc = _doc("Ayer la Guardia Nacional detuvo a Ramiro Soto Velasco en Tepic, Nayarit.")
    feats = features(doc)
    assert len(feats) == len(doc.tokens)
    g = feats[_index(doc, "Guardia")]
    assert {"b", "lang=es", "w=guardia", "sh=Xx", "s3=dia", "w-1=la", "w+1=nacional"} <= set(g)
    assert "r=B-state_body" in g and "rr=B-lexicon" in g and "r=key" in g
    assert "gz=B-state_body" in g
    assert "r=I-state_body" in feats[_index(doc, "Nacional")]
    # The rule stages' person and the gazetteer's places are features too.
    assert "r=B-person" in feats[_index(doc, "Ramiro")]
    tepic = set(feats[_index(doc, "Tepic")])
    assert "gz=B-place" in tepic and "gb=sp" in tepic and "ga=," in tepic


def test_run_time_features_are_the_training_features_the_model_knows():
    doc = _doc("El gobierno de Colima y la Fiscalía General del Estado de Jalisco firmaron.")
    full = features(doc)
    vocab = frozenset({"b", "w=colima", "r=B-state_body", "gb=sp"})
    known = features(doc, vocab, {})
    assert [[f for f in token if f in vocab] for token in full] == known
    only = tagged_tokens(doc)
    assert features(doc, tokens=only) == [full[k] for k in only]


def test_the_tagger_labels_only_tokens_near_names_heads_and_candidates():
    doc = _doc("Dijo que no había nada más que decir sobre eso, y luego habló la fiscalía de Colima.")
    tagged = {doc.tokens.surface(k) for k in tagged_tokens(doc)}
    assert {"la", "fiscalía", "de", "Colima"} <= tagged
    assert not tagged & {"nada", "decir", "sobre", "eso"}


def test_bio_labels_decode_to_spans():
    labels = ["O", "B-person", "I-person", "O", "I-place", "B-place", "I-person"]
    assert spans(labels) == [(1, 3, "person"), (4, 5, "place"), (5, 6, "place"), (6, 7, "person")]


# Merging the model's spans with the rule candidates


def test_a_rule_candidate_the_model_agrees_with_is_kept_with_its_identity():
    doc = _doc("La Guardia Nacional llegó a Tepic.")
    labels = ["O"] * len(doc.tokens)
    g = _index(doc, "Guardia")
    labels[g], labels[g + 1] = "B-state_body", "I-state_body"
    labels[_index(doc, "Tepic")] = "B-place"
    merge(doc, labels, _confident(labels))
    gn = next(c for c in doc.live() if doc.text[c.start : c.end] == "Guardia Nacional")
    assert gn.key == "national-guard-mexico" and gn.rule == "lexicon"
    assert not doc.cache["tagger"]["added"] and not doc.cache["tagger"]["withdrawn"]


def test_a_rule_candidate_the_model_finds_very_unlikely_is_withdrawn():
    doc = _doc("Llegaron a Tepic ayer.")
    tepic = next(c for c in doc.candidates if c.type == "place")
    labels = ["O"] * len(doc.tokens)
    merge(doc, labels, _marginals({("B-place", tepic.i): 0.001}))
    assert not tepic.alive
    assert doc.cache["tagger"]["withdrawn"] == [tepic]


def test_a_confident_span_the_rules_missed_is_added():
    doc = _doc("Según Mirador Norteño, la violencia bajó en Tepic.")
    labels = _labels(doc, ("Mirador Norteño", "organization"))
    merge(doc, labels, _confident(labels))
    added = doc.cache["tagger"]["added"]
    assert [(doc.text[c.start : c.end], c.type, c.rule) for c in added] == [
        ("Mirador Norteño", "organization", "tagger")
    ]


def test_a_longer_span_reshapes_the_rule_candidate_and_keeps_its_links():
    doc = _doc("Detuvieron al jefe del cártel de Santa Rita de Lima ayer.")
    group = next(c for c in doc.candidates if c.type == "criminal_group")
    assert doc.text[group.start : group.end] == "cártel de Santa Rita"  # the rules stop short
    other = Candidate(0, 0, 0, 0, "criminal_group", "test", 3, role="acronym")
    doc.link(group, other)
    labels = _labels(doc, ("cártel de Santa Rita de Lima", "criminal_group"))
    merge(doc, labels, _confident(labels))
    assert group.alive and doc.text[group.start : group.end] == "cártel de Santa Rita de Lima"
    assert (group, other) in doc.links
    # The places the longer name swallows give way.
    assert not any(c.alive and c.type == "place" for c in doc.candidates)


def test_a_span_is_not_added_across_a_list_or_over_lower_case_words_only():
    doc = _doc("Vinieron Pedro, Pablo y el ejército.")
    labels = _labels(doc, ("Pedro, Pablo", "person"), ("ejército", "state_body"))
    merge(doc, labels, _confident(labels))
    assert not doc.cache["tagger"]["added"]


def test_an_added_nickname_is_tied_to_the_name_before_it():
    doc = _doc("Detuvieron a Ramiro Soto Velasco y a su socio, el Chato Pérez.")
    labels = _labels(doc, ("el Chato", "person"))
    merge(doc, labels, _confident(labels))
    assert not [c for c in doc.cache["tagger"]["added"] if c.alive]  # no name right before it
    doc = _doc("Detuvieron a Ramiro Soto Velasco, el Chato, en Tepic.")
    labels = _labels(doc, ("el Chato", "person"))
    merge(doc, labels, _confident(labels))
    (nick,) = doc.cache["tagger"]["added"]
    assert nick.alive and nick.role == "nick"
    assert any(b is nick and doc.text[a.start : a.end] == "Ramiro Soto Velasco" for a, b in doc.links)


def test_an_added_surname_that_two_people_share_is_left_out():
    doc = _doc("Hablaron Ramiro Soto Velasco y Ana Soto Ruiz. Después Soto se fue.")
    k = max(k for k in range(len(doc.tokens)) if doc.tokens.surface(k) == "Soto")
    labels = _labels(doc)
    labels[k] = "B-person"
    merge(doc, labels, _confident(labels))
    (soto,) = doc.cache["tagger"]["added"]
    assert not soto.alive
    doc = _doc("Hablaron Ramiro Soto Velasco y Ana Ruiz. Después Soto se fue.")
    labels = _labels(doc)
    labels[max(k for k in range(len(doc.tokens)) if doc.tokens.surface(k) == "Soto")] = "B-person"
    merge(doc, labels, _confident(labels))
    (soto,) = doc.cache["tagger"]["added"]
    assert soto.alive and any(b is soto for _, b in doc.links)


def test_rule_candidates_outrank_nothing_the_model_never_proposed():
    # Low-priority rule candidates the model is unsure about (not very unlikely) stay.
    doc = _doc("Llegaron a Tepic ayer.")
    tepic = next(c for c in doc.candidates if c.type == "place")
    labels = ["O"] * len(doc.tokens)
    merge(doc, labels, _marginals({("B-place", tepic.i): 0.3}))
    assert tepic.alive and tepic.priority == PRIORITY["lexicon"]


# The stage as a pipeline component


def _tiny_model() -> bytes:
    from redes.train.corpus import AnnotatedDoc
    from redes.train.entities import train_tagger

    gold = {"entities": [{"type": "person", "mentions": ["Ramiro Soto"]}]}
    docs = [
        AnnotatedDoc(f"d{n}.txt", "dev", f"Ayer Ramiro Soto habló {n} veces.", "es", gold) for n in range(3)
    ]
    return train_tagger(docs, {"max_iterations": 20})


def test_the_tagger_pickles_as_its_model_bytes():
    tagger = EntityTagger(_tiny_model())
    doc = _doc("Ayer Ramiro Soto habló.")
    tagger(doc)  # opens the model
    state = tagger.__getstate__()
    assert set(state) == {"model"}
    copy = pickle.loads(pickle.dumps(tagger))
    assert copy.model == tagger.model and copy._tagger is None
    again = _doc("Ayer Ramiro Soto habló.")
    copy(again)
    assert [c.alive for c in again.candidates] == [c.alive for c in doc.candidates]


def test_a_pipeline_with_a_tagger_pickles():
    pipe = Pipeline(tagger=EntityTagger(_tiny_model()), relation_model=None)
    restored = pickle.loads(pickle.dumps(pipe))
    assert isinstance(restored.tagger, EntityTagger)
    assert restored("Ayer Ramiro Soto habló.", "es").entities


# The shipped model


def test_the_shipped_model_loads_and_the_default_pipeline_uses_it():
    assert (DIR / TAGGER_FILE).is_file()
    tagger = load_tagger()
    assert isinstance(tagger, EntityTagger)
    assert isinstance(Pipeline().tagger, EntityTagger)


def test_the_shipped_model_tags_a_spanish_sentence():
    text = (
        "La fiscalía de Oaxaca informó que elementos de la Guardia Nacional detuvieron en "
        "Juchitán a Ramiro Soto Velasco, alias “el Pelón”, presunto operador del Cártel de "
        "Jalisco Nueva Generación."
    )
    doc = Pipeline(relations=False).doc(text, "es")
    assert "tagger" in doc.cache  # the tagger ran
    ex = run(text, "es")
    assert "fiscalía de Oaxaca" in mentions(ex, "state_body")
    assert by_mention(ex, "Guardia Nacional").key == "national-guard-mexico"
    assert by_mention(ex, "Ramiro Soto Velasco") is by_mention(ex, "el Pelón")
    assert by_mention(ex, "Cártel de Jalisco Nueva Generación").key == "cjng"
    assert "Oaxaca" not in mentions(ex, "place")  # inside the body's name


@pytest.mark.parametrize("lang", ["en", "es"])
def test_empty_and_tiny_documents(lang):
    tagger = load_tagger()
    for text in ("", "   ", "ok", "Sí."):
        doc = Pipeline(tagger=None, relation_model=None, relations=False).doc(text, lang)
        tagger(doc)


def test_bio_spans_end_at_an_o_and_at_a_change_of_type():
    labels = ["O", "I-person", "I-person", "O", "O", "B-place", "I-person", "B-place", "I-place"]
    assert spans(labels) == [(1, 3, "person"), (5, 6, "place"), (6, 7, "person"), (7, 9, "place")]
    assert spans(["O", "O"]) == [] and spans([]) == []
