"""What extraction produces for one document: the contract between the pipeline stages,
the store (``redes.kb``) and the ``redes extract`` command.

Offsets are character offsets into the document text that was passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("person", "criminal_group", "state_body", "organization", "place")

RELATION_TYPES = (
    "leads",
    "member_of",
    "family",
    "part_of",
    "allied_with",
    "rival_of",
    "operates_in",
    "collusion",
    "holds_position",
    "action_against",
    # A tie a structured list draws between two of its parties (OFAC's "Linked To",
    # an FtM Ownership: detail "owns"); never extracted from text (``redes.sources``).
    "linked_to",
)
SYMMETRIC_RELATIONS = frozenset({"family", "allied_with", "rival_of"})

# Facts about one entity whose value is a literal (the first four single-valued: where
# contradictions matter).
ATTRIBUTE_TYPES = (
    "founded",  # value: year the group was founded
    "died",  # value: date or year of death; detail: killed, died, ...
    "age",  # value: age in years, as of the document's date or ``year``
    "reward",  # value: amount with currency, e.g. "USD 15000000"; detail: who offers it
    "nationality",  # value: ISO 3166-1 country code, e.g. "mx" (a person may have two)
    "identifier",  # value: an identity or tax number; detail: its kind ("CURP", "RFC")
)


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class ExtractedEntity:
    """One real-world entity as found in one document."""

    local_id: str
    type: str
    name: str
    mentions: list[Span] = field(default_factory=list)
    # Other names the document gives it (nicknames, acronyms, full and partial names).
    aliases: list[str] = field(default_factory=list)
    # Lexicon id when a curated lexicon knows the entity (e.g. "cjng"); a hint for resolution.
    key: str | None = None


@dataclass(slots=True)
class ExtractedRelation:
    """A relation between two entities, or an attribute of one (``object`` is None and
    ``value`` holds the literal), with the sentence that states it."""

    type: str
    subject: str  # local_id
    object: str | None
    evidence: Span
    value: str | None = None
    year: int | None = None
    detail: str | None = None
    # Name of the rule that produced it, to explain and debug.
    rule: str | None = None
    # When it held, as the sentence says (``redes.extract.spans``): partial ISO dates
    # ("2014", "2014-03", "2014-03-05"), and how it ended without a date: "unknown"
    # ("former leader": before the document's date) or "death" ("until his death").
    start: str | None = None
    end: str | None = None
    end_cue: str | None = None
    # Who proposed it when not the trained stages ("llm:MODEL", or "model llm:MODEL" when
    # both did), and with what confidence; see ``proposed_by``.
    extractor: str | None = None
    confidence: float | None = None


@dataclass(slots=True)
class DocExtraction:
    lang: str
    entities: list[ExtractedEntity] = field(default_factory=list)
    relations: list[ExtractedRelation] = field(default_factory=list)


def proposed_by(relation: ExtractedRelation) -> tuple[str, float | None]:
    """The extractors that proposed ``relation`` (space-separated, sorted: "rules",
    "model", "llm:MODEL") and its confidence: the relation classifier's probability (its
    rule reads "classifier:KIND:P"), none for a rule."""
    if relation.extractor:
        return relation.extractor, relation.confidence
    rule = relation.rule or ""
    if rule.startswith("classifier:"):
        try:
            return "model", float(rule.rsplit(":", 1)[1])
        except ValueError:
            return "model", None
    return "rules", None
