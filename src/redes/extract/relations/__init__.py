"""Relation and attribute extraction: trigger lexicons and sentence patterns, English and Spanish.

How it works, per document:

1. ``sentences``: every entity mention is placed in its sentence. Generic references that
   the entity stage does not tag ("the cartel", "la organización", "its", "he") become
   pseudo-mentions of the group or person they most plausibly refer to. Each sentence that
   names something is *masked*: every mention becomes a placeholder such as
   ``\\ue000G3\\ue001`` (``TYPE_CODES``: P person, G criminal group, S state body,
   O organization, L place; ``PLACEHOLDER`` matches one), and a name followed by its alias
   collapses into one placeholder.
2. ``patterns``: sentence patterns over the masked text link placeholders through trigger
   words (``lexicon``, loaded from ``extract/lexicons/relation_triggers.json``): apposition
   ("P, líder del G"), possessives ("G's armed wing, G"), passive voice ("G, led by P"),
   coordination lists ("P1, P2 and P3 from S"). Positions (``holds_position``) are read
   for the whole document first, with ``positions`` (titles named by a country): who is an
   official decides who can be a target or a colluder.
3. Looser rules pair entities that share a sentence with a trigger, with guards for
   precision: ``groups`` (rival_of, allied_with), ``presence`` (operates_in), ``actions``
   (action_against, collusion).
4. ``attributes`` (founded, died, age, reward), ``nationality`` and ``identifiers`` (CURP, RFC)
   are read from the same sentences, and
   ``references`` resolves "son of the top leader" once every ``leads`` is known.

Only sentences with two mentions, or one mention and a trigger for an attribute, are
examined, and every regex is compiled once at import (``cues`` keeps the trigger lookups
fast). Every relation keeps its evidence sentence and the name of the rule that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass

from redes.extract.model import ExtractedEntity, ExtractedRelation, Span
from redes.extract.relations import (
    actions,
    attributes,
    groups,
    identifiers,
    nationality,
    patterns,
    positions,
    presence,
    references,
)
from redes.extract.relations.document import Actors, Document
from redes.extract.relations.fragments import PLACEHOLDER, TYPE_CODES
from redes.extract.relations.sentences import RuleMention, RuleSentence

__all__ = [
    "PLACEHOLDER",
    "TYPE_CODES",
    "RuleAnalysis",
    "RuleMention",
    "RuleSentence",
    "analyse",
    "find_relations",
]


@dataclass(slots=True)
class RuleAnalysis:
    """What the rules saw and said: every sentence that names something, with its mentions
    (anaphors such as "the cartel" or "he" included, marked ``coref``) and its masked text,
    and the relations the rules found. The learned relation stage reads both."""

    sentences: list[RuleSentence]
    relations: list[ExtractedRelation]
    officials: set[str]
    doc_year: int | None


def find_relations(
    text: str, sentences: list[Span], entities: list[ExtractedEntity], lang: str
) -> list[ExtractedRelation]:
    """Relations between ``entities`` and their attributes, each with its evidence sentence.

    ``sentences`` are spans of ``text``; entity mentions are spans of ``text`` too. Attribute
    facts (``model.ATTRIBUTE_TYPES``) have ``object`` None and ``value`` set.
    """
    return analyse(text, sentences, entities, lang).relations


def analyse(text: str, sentences: list[Span], entities: list[ExtractedEntity], lang: str) -> RuleAnalysis:
    """Run the rules and keep their view of the document (see ``RuleAnalysis``)."""
    if not entities or not sentences:
        return RuleAnalysis([], [], set(), None)
    doc = Document(text, sentences, entities)
    # Positions first: who is an official decides who can be a target or a colluder.
    matched: dict[int, set[tuple[int, int]]] = {}
    for sent in doc.sentences:
        patterns.apply(doc, sent, matched, patterns.ROLE_PATTERNS)
        positions.country_titles(doc, sent, {si for si, _ in matched.get(sent.index, ())})
    doc.officials = {r.subject for r in doc.out if r.type == "holds_position"}
    prev_actors: Actors | None = None
    for sent in doc.sentences:
        patterns.apply(doc, sent, matched, patterns.OTHER_PATTERNS)
        used = matched.get(sent.index, set())
        groups.group_pairs(doc, sent)
        presence.operates_in(doc, sent, used)
        actions.collusion(doc, sent)
        prev_actors = actions.action_against(doc, sent, used, prev_actors)
        attributes.attributes(doc, sent)
        nationality.nationality(doc, sent)
        identifiers.identifiers(doc, sent)
    references.leader_kin(doc)
    return RuleAnalysis(doc.sentences, doc.out, doc.officials, doc.doc_year)
