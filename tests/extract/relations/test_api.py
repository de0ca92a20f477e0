"""The public API of ``redes.extract.relations``, which the learned relation stage reads."""

from __future__ import annotations

from redes.extract.model import ExtractedRelation
from redes.extract.relations import (
    PLACEHOLDER,
    TYPE_CODES,
    RuleAnalysis,
    RuleMention,
    RuleSentence,
    analyse,
    find_relations,
)
from redes.extract.sentences import split

from .helpers import analysis, entities

TEXT = "March 3, 2024\n\nThe Sierra Cartel, led by Marco Ruiz, operates in Sonora. Nothing else."
SPECS = {"mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel", "son": "L:Sonora"}


def test_analyse_keeps_the_sentences_and_the_relations() -> None:
    a = analysis(TEXT, SPECS)
    assert isinstance(a, RuleAnalysis)
    assert a.doc_year == 2024
    (sent,) = a.sentences
    assert isinstance(sent, RuleSentence)
    for attr in (
        "index",
        "span",
        "mentions",
        "masked",
        "codes",
        "paragraph",
        "prefixes",
        "words",
        "code_set",
    ):
        assert hasattr(sent, attr), attr
    assert all(isinstance(m, RuleMention) for m in sent.mentions)
    m = sent.mentions[0]
    start = TEXT.index("Sierra Cartel")
    assert (m.start, m.end, m.ent.local_id, m.code, m.coref) == (start, start + 13, "sc", "G", False)
    assert sent.masked.startswith("The \ue000G0\ue001, led by \ue000P1\ue001")
    for code, i in PLACEHOLDER.findall(sent.masked):
        assert sent.mentions[int(i)].code == code
    assert set(TYPE_CODES) == {"person", "criminal_group", "state_body", "organization", "place"}
    for rel in a.relations:
        assert isinstance(rel, ExtractedRelation)
        assert rel.rule
        assert (rel.evidence.start, rel.evidence.end) == (sent.span.start, sent.span.end)


def test_find_relations_is_the_relations_of_analyse() -> None:
    ents = entities(TEXT, SPECS)
    assert find_relations(TEXT, split(TEXT), ents, "en") == analyse(TEXT, split(TEXT), ents, "en").relations


def test_no_entities_no_relations() -> None:
    assert find_relations("Nothing to see.", split("Nothing to see."), [], "en") == []
    empty = analyse("Nothing to see.", split("Nothing to see."), [], "en")
    assert (empty.sentences, empty.relations, empty.officials, empty.doc_year) == ([], [], set(), None)
