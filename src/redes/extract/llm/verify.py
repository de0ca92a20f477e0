"""An answer is a proposal, never a fact: what survives of it, merged with the trained
stages' output.

- An entity is kept when its name or a mention occurs in the chunk (words whole, after
  folding case, accents, quotes and runs of whitespace: ``redes.extract.normalize.fold``),
  with every occurrence as a mention; its type must be one of ``ENTITY_TYPES``. Where the
  trained stages found it (an occurrence on one of their mentions, or its name among theirs),
  it is their entity; where they read it as another type, theirs stands.
- A relation is kept when its type is known, its arguments are entities kept from the same
  answer (or known to the trained stages) of the types its signature allows, its evidence
  quote occurs in the chunk, and the sentence(s) holding the quote mention both arguments
  (any of their mentions, which include the trained stages' coreferent partial names, or a
  partial form of a person's name: ``redes.extract.coref``). Its year and detail are kept
  only when that sentence states them.
- A relation the trained stages found too, between the same entities in an overlapping
  sentence, is theirs, marked as proposed by both.

Everything dropped is counted by reason (``REASONS``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from redes.extract.coref import partial_forms
from redes.extract.llm.prompt import ARGUMENTS
from redes.extract.model import (
    ENTITY_TYPES,
    SYMMETRIC_RELATIONS,
    DocExtraction,
    ExtractedEntity,
    ExtractedRelation,
    Span,
    proposed_by,
)
from redes.extract.normalize import fold, key
from redes.extract.sentences import split_spans

# The confidence of a verified LLM relation: the model gives none that is calibrated.
CONFIDENCE = 0.5
MAX_NAME = 200
SHOWN = 100  # dropped items kept to be shown, per document
REASONS = {
    "malformed": "an item that is not an object of the schema",
    "entity_type": "an entity of an unknown type",
    "entity_not_in_text": "an entity none of whose names is in the text",
    "mention_not_in_text": "a mention that is not in the text (its entity kept)",
    "type_conflict": "an entity the trained stages read as another type",
    "inside_another_name": "an entity found only inside another entity's name",
    "relation_type": "a relation of an unknown type",
    "unknown_argument": "a relation whose subject or object is no entity found in the text",
    "argument_types": "a relation whose arguments are of the wrong types",
    "quote_not_in_text": "an evidence quote that is not in the text",
    "not_in_evidence": "a relation whose sentence names neither an argument nor a coreferent",
    "year_not_in_evidence": "a year the sentence does not give (the relation kept without it)",
    "detail_not_in_evidence": "a detail the sentence does not give (the relation kept without it)",
}


def _pattern(needle: str, whole_words: bool) -> re.Pattern[str] | None:
    words = fold(needle).strip(" \t\n.,;:\"'").split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)" if whole_words else body)


def find_all(
    folded: str, needle: str, start: int, end: int, whole_words: bool = True
) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``folded[start:end]`` (``folded`` is
    ``fold(text)``, of the same length as the text)."""
    if not needle or len(needle) > 2000:
        return []
    pat = _pattern(needle, whole_words)
    return [] if pat is None else [m.span() for m in pat.finditer(folded, start, end)]


def _longest(item: Any) -> int:
    if not isinstance(item, dict):
        return 0
    names = [item.get("name"), *(item.get("mentions") if isinstance(item.get("mentions"), list) else [])]
    return max((len(n) for n in names if isinstance(n, str)), default=0)


class Merger:
    """One document: the trained stages' output (or nothing) and the answers for its chunks."""

    def __init__(self, text: str, base: DocExtraction, extractor: str, drops: Counter[str]):
        self.text = text
        self.folded = fold(text)
        self.out = base
        self.extractor = extractor
        self.drops = drops
        self.sentences = list(split_spans(text))
        self.by_id = {e.local_id: e for e in base.entities}
        self.taken: dict[int, str] = {}  # character -> entity local id, for every mention
        self.spans: dict[tuple[int, int], str] = {}  # mention (start, end) -> entity local id
        self.by_name: dict[tuple[str, str], str] = {}  # (type, name key) -> local id
        for e in base.entities:
            for m in e.mentions:
                self._take(m.start, m.end, e.local_id)
            for n in (e.name, *e.aliases, *(m.text for m in e.mentions)):
                self.by_name.setdefault((e.type, key(n)), e.local_id)
        self.entities_added = 0
        self.relations_added = 0
        self.confirmed = 0
        self._new = 0
        self._added: list[ExtractedRelation] = []
        self.dropped: list[dict[str, Any]] = []

    def _drop(self, reason: str, item: Any) -> None:
        """Count a drop, and keep the first ``SHOWN`` of them to be shown."""
        self.drops[reason] += 1
        if len(self.dropped) < SHOWN:
            self.dropped.append(
                {"reason": reason, "item": item if isinstance(item, (dict, str)) else repr(item)[:200]}
            )

    def _take(self, start: int, end: int, local_id: str) -> None:
        self.spans.setdefault((start, end), local_id)
        for k in range(start, end):
            self.taken.setdefault(k, local_id)

    def add_chunk(self, start: int, end: int, data: dict[str, Any]) -> None:
        names: dict[str, str] = {}  # name key -> local id, this answer's names
        # Longest names first: "Jalisco" is not found inside "Cártel de Jalisco Nueva Generación".
        for item in sorted(data.get("entities") or [], key=_longest, reverse=True):
            self._entity(item, start, end, names)
        for item in data.get("relations") or []:
            self._relation(item, start, end, names)

    def _entity(self, item: Any, start: int, end: int, names: dict[str, str]) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            self._drop("malformed", item)
            return
        etype = item.get("type")
        if etype not in ENTITY_TYPES:
            self._drop("entity_type", item)
            return
        mentions = item.get("mentions") if isinstance(item.get("mentions"), list) else []
        surfaces = list(dict.fromkeys(s.strip() for s in (item["name"], *mentions) if isinstance(s, str)))
        spans: list[tuple[int, int]] = []
        found: list[str] = []
        for n, surface in enumerate(surfaces):
            hits = find_all(self.folded, surface[:MAX_NAME], start, end) if surface else []
            if hits:
                spans += hits
                found.append(surface)
            elif n > 0:
                self._drop("mention_not_in_text", surface)
        if not spans:
            self._drop("entity_not_in_text", item)
            return
        # An occurrence that is exactly a known mention names that entity (or, of another
        # type, conflicts with it); one inside or across another name is not a mention.
        target, conflict, free = None, False, []
        for s, e in spans:
            owner = self.spans.get((s, e))
            if owner is not None:
                if self.by_id[owner].type == etype:
                    target = target or owner
                else:
                    conflict = True
            elif all(k not in self.taken for k in range(s, e)):
                free.append((s, e))
        if target is None and conflict:
            self._drop("type_conflict", item)
            return
        if target is None:
            target = next(
                (self.by_name[(etype, key(f))] for f in found if (etype, key(f)) in self.by_name), None
            )
        if target is None:
            if not free:
                self._drop("inside_another_name", item)
                return
            self._new += 1
            name = (
                item["name"].strip() if item["name"].strip() in found else self.text[free[0][0] : free[0][1]]
            )
            ent = ExtractedEntity(f"llm{self._new}", etype, name)
            self.out.entities.append(ent)
            self.by_id[ent.local_id] = ent
            target = ent.local_id
            self.entities_added += 1
        ent = self.by_id[target]
        for s, e in sorted(set(free)):
            if all(k not in self.taken for k in range(s, e)):
                ent.mentions.append(Span(s, e, self.text[s:e]))
                self._take(s, e, target)
        ent.mentions.sort(key=lambda m: m.start)
        for f in found:
            if key(f) != key(ent.name) and f not in ent.aliases:
                ent.aliases.append(f)
            self.by_name.setdefault((etype, key(f)), target)
        for n in (item["name"], *found):
            names.setdefault(key(n), target)

    def _argument(self, name: Any, names: dict[str, str]) -> str | None:
        if not isinstance(name, str):
            return None
        k = key(name)
        if k in names:
            return names[k]
        known = [lid for (t, nk), lid in self.by_name.items() if nk == k]
        return known[0] if len(set(known)) == 1 else None

    def _relation(self, item: Any, start: int, end: int, names: dict[str, str]) -> None:
        if not isinstance(item, dict):
            self._drop("malformed", item)
            return
        rtype = item.get("type")
        if rtype not in ARGUMENTS:  # the extracted types (not those only lists give)
            self._drop("relation_type", item)
            return
        subj, obj = self._argument(item.get("subject"), names), self._argument(item.get("object"), names)
        if subj is None or obj is None or subj == obj:
            self._drop("unknown_argument", item)
            return
        allowed = ARGUMENTS[rtype]
        if self.by_id[subj].type not in allowed[0] or self.by_id[obj].type not in allowed[1]:
            self._drop("argument_types", item)
            return
        quote = item.get("evidence")
        hits = find_all(self.folded, quote, start, end, whole_words=False) if isinstance(quote, str) else []
        if not hits:
            self._drop("quote_not_in_text", item)
            return
        # The first place the quote is written where its sentence(s) name both arguments.
        for qs, qe in hits:
            inside = [(s, e) for s, e in self.sentences if s < qe and e > qs]
            es, ee = (min(s for s, _ in inside), max(e for _, e in inside)) if inside else (qs, qe)
            if self._stated(subj, es, ee) and self._stated(obj, es, ee):
                break
        else:
            self._drop("not_in_evidence", item)
            return
        year = item.get("year")
        if year is not None and not (isinstance(year, int) and str(year) in self.text[es:ee]):
            self._drop("year_not_in_evidence", item)
            year = None
        detail = item.get("detail")
        if detail is not None and not (
            isinstance(detail, str) and detail.strip() and self._says(detail[:60], es, ee)
        ):
            self._drop("detail_not_in_evidence", item)
            detail = None
        self._merge(rtype, subj, obj, Span(es, ee, self.text[es:ee]), year, detail and detail.strip().lower())

    def _says(self, words: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` has every word of ``words``, long ones by their stem
        ("arrest" in "arrested", "sanctioned" in "sanctions")."""
        for w in fold(words).split():
            w = w.strip(".,;:\"'()")
            if not w:
                continue
            stem = w[: max(4, len(w) - 3)] if len(w) > 3 else w
            tail = r"\w*" if len(w) > 3 else ""
            if not re.search(rf"(?<!\w){re.escape(stem)}{tail}(?!\w)", self.folded[start:end]):
                return False
        return True

    def _stated(self, local_id: str, start: int, end: int) -> bool:
        ent = self.by_id[local_id]
        if any(m.start >= start and m.end <= end for m in ent.mentions):
            return True
        if ent.type != "person":
            return False
        for form in partial_forms(key(ent.name).split()):
            if find_all(self.folded, " ".join(form), start, end):
                return True
        return False

    def _merge(self, rtype: str, subj: str, obj: str, ev: Span, year: int | None, detail: str | None) -> None:
        pairs = {(subj, obj), (obj, subj)} if rtype in SYMMETRIC_RELATIONS else {(subj, obj)}
        for r in self.out.relations:
            if (
                r.type == rtype
                and (r.subject, r.object) in pairs
                and r.evidence.start < ev.end
                and ev.start < r.evidence.end
            ):
                if any(r is a for a in self._added):
                    return  # this model said it already (overlapping chunks, a repeat)
                names, confidence = proposed_by(r)
                if self.extractor not in names.split():
                    r.extractor = " ".join(sorted({*names.split(), self.extractor}))
                    r.confidence = max(c for c in (confidence, CONFIDENCE) if c is not None)
                    self.confirmed += 1
                return
        rel = ExtractedRelation(
            rtype,
            subj,
            obj,
            ev,
            year=year,
            detail=detail,
            rule="llm",
            extractor=self.extractor,
            confidence=CONFIDENCE,
        )
        self.out.relations.append(rel)
        self._added.append(rel)
        self.relations_added += 1

    def finish(self) -> DocExtraction:
        from redes.extract.spans import annotate

        annotate(self.text, self.out.entities, self._added)
        return self.out
