"""One document under analysis: its sentences as the rules read them, and what the rules have
said so far (relations, officials, the agencies that led the last actions)."""

from __future__ import annotations

from dataclasses import dataclass

from redes.extract import dates
from redes.extract.model import ExtractedEntity, ExtractedRelation, Span
from redes.extract.relations import lexicon as lex
from redes.extract.relations.fragments import CLOSE, OPEN, PLACEHOLDER, case_officer, state_title
from redes.extract.relations.sentences import RuleMention, RuleSentence, main_group, read

# Relation type -> (subject codes, object codes) it accepts.
SIGNATURE = {
    "leads": ("P", "G"),
    "member_of": ("P", "G"),
    "family": ("P", "P"),
    "part_of": ("G", "G"),
    "allied_with": ("G", "G"),
    "rival_of": ("G", "G"),
    "operates_in": ("G", "L"),
    "collusion": ("PS", "G"),
    "holds_position": ("P", "SLO"),
    "action_against": ("S", "PG"),
}


@dataclass(slots=True)
class Actors:
    """State bodies that led an action in an earlier sentence."""

    index: int
    paragraph: int
    actors: list
    details: set[str]


class Document:
    def __init__(self, text: str, spans: list[Span], entities: list[ExtractedEntity]):
        self.text = text
        self.spans = spans
        self.entities = entities
        self.out: list[ExtractedRelation] = []
        self.seen: set[tuple] = set()
        dated = dates.document_date(text)
        self.doc_year = dated.year if dated else None
        self.officials: set[str] = set()
        self._years: dict[int, list[tuple[int, int]]] = {}  # sentence index -> (offset, year)
        self.actors_by_detail: dict[str, Actors] = {}
        self.countries = _countries(entities)
        self.main_group = main_group(entities)
        self.sentences, self.titles = read(text, spans, entities, self.main_group)
        # People introduced by the title of a state office ("U.S. District Judge X", "la
        # fiscal X"): whatever an anaphor seems to say, they do not lead the group or belong
        # to it. Those who act on the case (judges, prosecutors, agents) are not its targets.
        self.titled_officials = {pid for pid, title in self.titles.items() if state_title(title)}
        self.case_officers = {pid for pid, title in self.titles.items() if case_officer(title)}
        self.position = {s.index: k for k, s in enumerate(self.sentences)}

    def is_official(self, local_id: str) -> bool:
        """Holds a position (``holds_position``) or was introduced by the title of a state office."""
        return local_id in self.officials or local_id in self.titled_officials

    def year(self, sent: RuleSentence, pos: int | None = None) -> int | None:
        """The year written nearest to ``pos`` (the middle of the sentence by default): the
        first of the closest, as ``dates.nearest_year`` says, from the sentence's years found
        once (rules ask for them at many positions)."""
        if pos is None:
            pos = len(sent.masked) // 2
        found = self._years.get(sent.index)
        if found is None:
            found = self._years[sent.index] = dates.years(sent.masked)
        best: tuple[int, int] | None = None
        for off, year in found:
            dist = abs(off - pos)
            if best is None or dist < best[0]:
                best = (dist, year)
        return best[1] if best else None

    def unmask(self, sent: RuleSentence, fragment: str) -> str:
        """A fragment of the masked sentence with the mentions' text put back."""
        return PLACEHOLDER.sub(
            lambda m: self.text[sent.mentions[int(m.group(2))].start : sent.mentions[int(m.group(2))].end],
            fragment,
        )

    def emit(
        self,
        rtype: str,
        subj: RuleMention,
        obj: RuleMention | None,
        sent: RuleSentence,
        rule: str,
        detail: str | None = None,
        year: int | None = None,
        value: str | None = None,
    ) -> bool:
        """Record a relation (or an attribute when ``obj`` is None) once per sentence; False
        when the types do not fit the relation or it was already said in this sentence."""
        if obj is not None:
            sig = SIGNATURE[rtype]
            if subj.code not in sig[0] or obj.code not in sig[1] or subj.ent is obj.ent:
                return False
            if subj.ent.local_id == obj.ent.local_id:
                return False
            if rtype in ("leads", "member_of") and subj.coref and self.is_official(subj.ent.local_id):
                # "...before Judge X. The defendant was a leader of G": an official becomes a
                # leader or member only where a sentence says so with the official's own name.
                return False
        key = (rtype, subj.ent.local_id, obj.ent.local_id if obj else value, sent.index)
        if key in self.seen:
            return False
        self.seen.add(key)
        self.out.append(
            ExtractedRelation(
                type=rtype,
                subject=subj.ent.local_id,
                object=obj.ent.local_id if obj else None,
                evidence=Span(sent.span.start, sent.span.end, sent.span.text),
                value=value,
                year=year,
                detail=detail,
                rule=rule,
            )
        )
        return True


def placeholder(sent: RuleSentence, m: RuleMention) -> tuple[int, int]:
    """Where a mention's placeholder stands in the masked sentence."""
    tag = f"{OPEN}{m.code}{sent.mentions.index(m)}{CLOSE}"
    start = sent.masked.find(tag)
    return start, start + len(tag)


def _countries(entities: list[ExtractedEntity]) -> dict[str, ExtractedEntity]:
    """Country key ("mexico") -> the document's place entity for it."""
    found: dict[str, ExtractedEntity] = {}
    for ent in entities:
        if ent.type != "place":
            continue
        names = (
            {ent.name.casefold()}
            | {m.text.casefold() for m in ent.mentions}
            | {a.casefold() for a in ent.aliases}
        )
        for key, variants in lex.COUNTRY_NAMES.items():
            if names & variants and key not in found:
                found[key] = ent
    return found
