"""Relation rules on hand-written sentences: entities are given (the entity stage is tested
elsewhere), each as the strings that mention it, and every occurrence is placed in the text.

The sentences are invented; names of people and groups are made up unless they are public
figures used as general knowledge (heads of state)."""

from __future__ import annotations

import re

from redes.extract.model import ExtractedEntity, ExtractedRelation, Span
from redes.extract.relations import RuleAnalysis, analyse
from redes.extract.sentences import split

TYPES = {"P": "person", "G": "criminal_group", "S": "state_body", "O": "organization", "L": "place"}
SYMMETRIC = ("family", "allied_with", "rival_of")


def entities(text: str, specs: dict[str, str]) -> list[ExtractedEntity]:
    """``specs``: id -> "T:mention|other mention" with T one of P G S O L."""
    built = []
    for eid, spec in specs.items():
        code, names = spec.split(":", 1)
        spans = []
        for name in names.split("|"):
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                spans.append(Span(m.start(), m.end(), name))
        built.append(ExtractedEntity(eid, TYPES[code], names.split("|")[0], spans, names.split("|")))
    return built


def analysis(text: str, specs: dict[str, str], lang: str = "en") -> RuleAnalysis:
    return analyse(text, split(text), entities(text, specs), lang)


def run(text: str, specs: dict[str, str], lang: str = "en") -> list[ExtractedRelation]:
    return analysis(text, specs, lang).relations


def key(rtype: str, s: str, o: str) -> tuple[str, str, str]:
    if rtype in SYMMETRIC and o < s:
        s, o = o, s
    return (rtype, s, o)


def triples(rels: list[ExtractedRelation]) -> set[tuple[str, str, str]]:
    return {key(r.type, r.subject, r.object) for r in rels if r.object is not None}


def one(rels: list[ExtractedRelation], rtype: str, subject: str, obj: str | None) -> ExtractedRelation:
    found = [r for r in rels if r.type == rtype and r.subject == subject and r.object == obj]
    assert found, f"no {rtype} {subject} -> {obj} in {triples(rels)}"
    return found[0]


def check(case: tuple) -> None:
    """``case``: (id, lang, text, entities, expected triples, triples that must not appear)."""
    _, lang, text, specs, expected, forbidden = case
    found = triples(run(text, specs, lang))
    missing = {key(*t) for t in expected} - found
    assert not missing, f"missing {missing} in {found}"
    spurious = {key(*t) for t in forbidden} & found
    assert not spurious, f"spurious {spurious}"
