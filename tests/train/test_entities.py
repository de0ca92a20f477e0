"""Training the entity tagger: gold mentions projected onto tokens, and deterministic
training, on invented documents (no annotated corpus needed)."""

from __future__ import annotations

import hashlib

from redes.extract.doc import Doc
from redes.extract.pipeline import Pipeline
from redes.extract.tagger import EntityTagger, features, tagged_tokens
from redes.extract.tokens import tokenize
from redes.train.corpus import AnnotatedDoc
from redes.train.entities import mention_spans, project, sequences, train_tagger


def _labelled(text: str, labels: list[str]) -> list[tuple[str, str]]:
    toks = tokenize(text)
    return [(toks.surface(k), lab) for k, lab in enumerate(labels) if lab != "O"]


def test_projection_labels_every_occurrence_with_bio_tags():
    text = "Ramiro Soto Velasco habló. Después Soto Velasco negó todo en Tepic, Nayarit."
    gold = [
        {"type": "person", "mentions": ["Ramiro Soto Velasco", "Soto Velasco"]},
        {"type": "place", "mentions": ["Tepic"]},
        {"type": "place", "mentions": ["Nayarit"]},
    ]
    assert _labelled(text, project(text, gold)) == [
        ("Ramiro", "B-person"),
        ("Soto", "I-person"),
        ("Velasco", "I-person"),
        ("Soto", "B-person"),
        ("Velasco", "I-person"),
        ("Tepic", "B-place"),
        ("Nayarit", "B-place"),
    ]


def test_projection_prefers_the_longest_mention_and_respects_case_and_word_bounds():
    text = "El Cártel de Colima opera en Colima; los colimenses y la COLIMA Fest no cuentan."
    gold = [
        {"type": "criminal_group", "mentions": ["Cártel de Colima"]},
        {"type": "place", "mentions": ["Colima"]},
    ]
    labels = project(text, gold)
    assert _labelled(text, labels) == [
        ("Cártel", "B-criminal_group"),
        ("de", "I-criminal_group"),
        ("Colima", "I-criminal_group"),
        ("Colima", "B-place"),
    ]
    toks = tokenize(text)
    assert mention_spans(text, toks, [("Colima", "place"), ("Cártel de Colima", "criminal_group")]) == [
        (1, 4, "criminal_group"),
        (6, 7, "place"),
    ]


def test_projection_handles_punctuated_and_quoted_mentions():
    text = "Detuvieron a José “N”, alias “el Flaco”, y a agentes de la U.S. Border Patrol."
    gold = [
        {"type": "person", "mentions": ["José “N”", "el Flaco"]},
        {"type": "state_body", "mentions": ["U.S. Border Patrol"]},
    ]
    assert _labelled(text, project(text, gold)) == [
        ("José", "B-person"),
        ("N", "I-person"),
        ("el", "B-person"),
        ("Flaco", "I-person"),
        ("U", "B-state_body"),
        ("S", "I-state_body"),
        ("Border", "I-state_body"),
        ("Patrol", "I-state_body"),
    ]


def _corpus() -> list[AnnotatedDoc]:
    texts = [
        (
            "es",
            "La fiscalía de Colima detuvo a Ramiro Soto Velasco, alias “el Flaco”, en Tepic.",
            [
                {"type": "state_body", "mentions": ["fiscalía de Colima"]},
                {"type": "person", "mentions": ["Ramiro Soto Velasco", "el Flaco"]},
                {"type": "place", "mentions": ["Tepic"]},
            ],
        ),
        (
            "es",
            "Elementos de la Guardia Nacional capturaron en Colima a dos integrantes de Los Linces.",
            [
                {"type": "state_body", "mentions": ["Guardia Nacional"]},
                {"type": "place", "mentions": ["Colima"]},
                {"type": "criminal_group", "mentions": ["Los Linces"]},
            ],
        ),
        (
            "en",
            "The Ohio Department of Public Safety said Ana Ruiz Soto led the Linces cell in Toledo.",
            [
                {"type": "state_body", "mentions": ["Ohio Department of Public Safety"]},
                {"type": "person", "mentions": ["Ana Ruiz Soto"]},
                {"type": "criminal_group", "mentions": ["Linces"]},
                {"type": "place", "mentions": ["Toledo"]},
            ],
        ),
    ]
    return [
        AnnotatedDoc(f"doc{n}.txt", "dev", text, lang, {"entities": ents}, fold=n % 2)
        for n, (lang, text, ents) in enumerate(texts)
    ]


def test_training_sequences_use_the_run_time_features_of_the_tagged_tokens():
    docs = _corpus()
    seqs = sequences(docs)
    assert len(seqs) == len(docs)
    for d, (xseq, yseq) in zip(sorted(docs, key=lambda d: (d.set, d.name)), seqs, strict=True):
        doc: Doc = Pipeline.rules_only().doc(d.text)
        tokens = tagged_tokens(doc)
        assert xseq == features(doc, tokens=tokens)
        labels = project(d.text, d.gold["entities"], doc.tokens)
        assert yseq == [labels[k] for k in tokens]
        assert set(labels) - {"O"} <= set(yseq)  # every gold token is in the tagged sequence


def test_training_is_deterministic_and_the_model_tags():
    docs = _corpus()
    first = train_tagger(docs)
    second = train_tagger(list(reversed(docs)))  # the order given does not matter
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    tagger = EntityTagger(first)
    doc = Pipeline(tagger=None, relation_model=None, relations=False).doc(
        "La fiscalía de Colima detuvo a Ana Ruiz Soto en Tepic.", "es"
    )
    labels = tagger.tag(doc)
    assert len(labels) == len(doc.tokens)
    assert set(labels) <= {"O"} | {
        f"{p}-{t}" for p in "BI" for t in ("person", "state_body", "place", "criminal_group")
    }
    tagger(doc)
    assert "tagger" in doc.cache
