"""Sentences as the rules read them: mentions placed in their sentence, pseudo-mentions for
anaphors, and the masked text.

Every entity mention goes to its sentence (overlaps keep the earlier, longer mention).
Generic references the entity stage does not tag ("the cartel", "la organización", "its",
"he") become pseudo-mentions (``coref``) of the group or person they most plausibly refer
to. Then every mention becomes a placeholder such as ``\\ue000G3\\ue001`` (``TYPE_CODES``:
P person, G criminal group, S state body, O organization, L place), and a name followed by
its alias ("Name, “Alias,”", "Name (a) Alias") collapses into one placeholder.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from redes.extract.model import ExtractedEntity, Span
from redes.extract.relations import lexicon as lex
from redes.extract.relations.cues import Cue, Words
from redes.extract.relations.fragments import CLOSE, OPEN, ROLE, TITLE_LIST_BEFORE, TYPE_CODES, both, cue

_OPEN_QUOTES = "\"“‘'«"
_CLOSE_QUOTES = "\"”’'»"

_GLUE = re.compile(
    r"[\s,;:()\[\]\"“”‘’'«»]*(?:(?i:also known as|a\.k\.a\.?|aka|alias|known as|apodad[oa]|conocid[oa] como|"
    r"\(a\)|or|o|el|la)[\s,;:()\[\]\"“”‘’'«»]*)?"
)

# Anaphors are found from their noun ("cartel", "organización", "he"), then read around it.
_GROUP_ANAPHOR = cue(both(lex.GROUP_ANAPHOR), "(?i)" + "|".join(f"(?:{f})" for f in both(lex.GROUP_ANAPHOR)))
_GROUP_NOUNS = cue([r"cartel", r"c[áa]rtel", r"organi[sz]aci[óo]n", r"organi[sz]ation", r"group", r"grupo",
                     r"syndicate", r"enterprise", r"gang", r"its", r"their"])  # fmt: skip
_GROUP_ANAPHOR_CASED = re.compile(
    r"(?<![\w-])(?:[Tt]he|[Tt]his|[Tt]hat|[Ss]aid|[Ii]ts|[Tt]heir|[Ee]l|[Ee]ste|[Ee]se|[Dd]icho|[Dd]el|[Aa]l|[Ll]a|[Ee]sta|[Ee]sa|[Dd]icha|[Dd]e|[Aa])\b"
)
_DEMONSTRATIVE = re.compile(r"(?i:this|that|these|those|said|its|their|este|esta|ese|esa|dicho|dicha)\b")
# "the feared cartel boss X": a modifier, not a reference to a known cartel.
_MODIFIER_USE = re.compile(
    r"\s+(?i:leaders?|boss(?:es)?|kingpins?|members?|operatives?|lords?|traffickers?|violence|wars?)\b"
)
_POSSESSIVE = re.compile(r"(?i:its|their)\b")
_ANAPHOR_PREFIX = re.compile(r"(?i:de|a|del|al)\s+(?=\w)")
_DESCRIPTOR_GAP = re.compile(r"\s+(?:[a-záéíóúñ]+\s+){0,2}[\"“‘«]?|\s*[\"“‘«]")
_PERSON_ANAPHOR = cue(both(lex.PERSON_ANAPHOR), "(?i)" + "|".join(both(lex.PERSON_ANAPHOR)))
_PERSON_NOUNS = cue([r"he", r"him", r"his", r"himself", r"she", r"her", r"él", r"ella", r"defendant", r"suspect",
                      r"fugitive", r"kingpin", r"capo", r"detainee", r"drug lord", r"persona", r"sujeto",
                      r"delincuente", r"detenid[oa]", r"imputad[oa]", r"acusad[oa]"])  # fmt: skip
# "he", "él": a pronoun may mean anyone named just before; "the defendant", "el imputado"
# describe the person the report is about, never an official introduced by a title.
_PRONOUN = re.compile(r"(?i:he|him|his|himself|she|her|él|ella)")
_TITLE_ONLY = re.compile(ROLE)


def _around(nouns: Cue, anaphors: Cue, text: str, lo: int, hi: int, words: Words) -> list[re.Match[str]]:
    """Matches of ``anaphors`` that contain a word of ``nouns``, looking only near those words
    and only where an anaphor may start: at a word that starts with one of its stems, or at
    any offset of a sentence with a character that ``str.lower`` reads unlike a
    case-insensitive regex (``CASE_TRAPS``)."""
    found: dict[int, re.Match[str]] = {}
    opens: Sequence[int] = (
        range(lo, hi) if words.trapped else words.starts(anaphors)
    )
    rx = anaphors.rx
    for w in nouns.finditer(text, lo, hi, words):
        pos, end = max(lo, w.start() - 45), min(hi, w.end() + 40)
        for start in islice(opens, bisect_left(opens, pos), None):
            if start >= w.end():
                break
            m = rx.match(text, start, end)
            if m is not None and m.end() >= w.end() and start not in found:
                found[start] = m
    return [found[k] for k in sorted(found)]


@dataclass(slots=True)
class RuleMention:
    """One mention in a sentence: a named one, or an anaphor (``coref``) of the entity it
    refers to. ``start``/``end`` are offsets in the document text; ``code`` is the letter of
    the entity type (``TYPE_CODES``)."""

    start: int
    end: int
    ent: ExtractedEntity
    code: str
    coref: bool = False


@dataclass(slots=True)
class RuleSentence:
    """A sentence that names something: its mentions in text order and its masked text, in
    which placeholder ``i`` stands for ``mentions[i]``."""

    index: int
    span: Span
    mentions: list[RuleMention]  # placeholder i refers to mentions[i]
    masked: str
    codes: str
    paragraph: int
    prefixes: Words  # of the raw sentence, for the trigger prefilter
    words: Words  # of the masked text
    code_set: frozenset[str] = frozenset()


def main_group(entities: list[ExtractedEntity]) -> ExtractedEntity | None:
    """The group a document is about: what "the cartel" means when no group was named nearby."""
    groups = [e for e in entities if e.type == "criminal_group" and len(e.mentions) >= 2]
    return max(groups, key=lambda e: len(e.mentions), default=None)


def prefer_main(main: ExtractedEntity | None, ent: ExtractedEntity, demonstrative: bool) -> ExtractedEntity:
    """ "the organization" in a report about one cartel is that cartel, even when another
    group was named in passing; "this group" is the one just named."""
    if demonstrative or main is None or ent is main:
        return ent
    return main if len(main.mentions) >= 3 * max(1, len(ent.mentions)) else ent


def build(
    text: str, spans: list[Span], entities: list[ExtractedEntity], main: ExtractedEntity | None
) -> list[RuleSentence]:
    """The sentences of a document that name something, masked, with their anaphors."""
    return _Builder(text, spans, entities, main).build()


def read(
    text: str, spans: list[Span], entities: list[ExtractedEntity], main: ExtractedEntity | None
) -> tuple[list[RuleSentence], dict[str, str]]:
    """``build``, and the people introduced by a title anywhere in the document (local id ->
    the first title: "U.S. District Judge", "Assistant U.S. Attorneys", "la fiscal")."""
    builder = _Builder(text, spans, entities, main)
    return builder.build(), builder.titles


class _Builder:
    def __init__(
        self, text: str, spans: list[Span], entities: list[ExtractedEntity], main: ExtractedEntity | None
    ):
        self.text = text
        self.sentences = spans
        self.entities = entities
        self.main_group = main
        self.titles: dict[str, str] = {}  # person id -> the title first written before its name

    def _mentions(self) -> list[RuleMention]:
        spans = []
        for ent in self.entities:
            code = TYPE_CODES.get(ent.type)
            if code is None:
                continue
            for m in ent.mentions:
                if 0 <= m.start < m.end <= len(self.text):
                    spans.append(RuleMention(m.start, m.end, ent, code))
        spans.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[RuleMention] = []
        for mention in spans:
            if out and mention.start < out[-1].end:
                continue  # overlapping: the earlier, longer mention wins
            out.append(mention)
        return out

    def _paragraphs(self) -> list[int]:
        para, out, prev_end = 0, [], 0
        for s in self.sentences:
            if "\n\n" in self.text[prev_end : s.start] or "\n \n" in self.text[prev_end : s.start]:
                para += 1
            out.append(para)
            prev_end = s.end
        return out

    def build(self) -> list[RuleSentence]:
        mentions = self._mentions()
        paragraphs = self._paragraphs()
        built: list[RuleSentence] = []
        recent_groups: list[tuple[int, ExtractedEntity]] = []
        recent_persons: list[tuple[int, list[tuple[ExtractedEntity, bool]]]] = []
        group_counts: Counter[str] = Counter()
        by_id = {e.local_id: e for e in self.entities}
        k = 0
        for si, sent in enumerate(self.sentences):
            while k < len(mentions) and mentions[k].start < sent.start:
                k += 1
            inside: list[RuleMention] = []
            j = k
            while j < len(mentions) and mentions[j].end <= sent.end:
                inside.append(mentions[j])
                j += 1
            k = j
            if not inside:
                continue  # nothing named: nothing to relate, and no antecedent to update
            inside = self._drop_titles(inside)
            raw_words = Words(self.text, sent.start, sent.end)
            for m in inside:
                if m.code == "P" and m.ent.local_id not in self.titles:
                    title = self._title(m, sent, raw_words)
                    if title:
                        self.titles[m.ent.local_id] = title
            inside += self._anaphors(
                sent, inside, si, recent_groups, recent_persons, group_counts, by_id, raw_words
            )
            inside.sort(key=lambda m: m.start)
            for m in inside:
                if m.coref:
                    continue
                if m.code == "G":
                    recent_groups.append((si, m.ent))
                    group_counts[m.ent.local_id] += 1
            # Officials named with their title ("U.S. District Judge X") are rarely what a later
            # "he" refers to in these reports; the people the report is about are.
            persons = [(m.ent, m.ent.local_id in self.titles) for m in inside if m.code == "P"]
            persons.sort(key=lambda p: p[1])  # untitled first, in text order
            if persons:
                recent_persons.append((si, persons))
            if not inside:
                continue
            masked, merged = self._mask(sent, inside)
            codes = "".join(sorted({m.code for m in merged}))
            built.append(
                RuleSentence(
                    si,
                    sent,
                    merged,
                    masked,
                    codes,
                    paragraphs[si],
                    raw_words,
                    Words(masked),
                    frozenset(codes),
                )
            )
        return built

    def _drop_titles(self, inside: list[RuleMention]) -> list[RuleMention]:
        """A body or organization mention that is only a title before a name ("Assistant U.S.
        Attorneys Andrea Goldbarg") is read as the title it is, not as an entity."""
        out = []
        for i, m in enumerate(inside):
            nxt = inside[i + 1] if i + 1 < len(inside) else None
            if (
                m.code in "SO"
                and nxt is not None
                and nxt.code == "P"
                and not self.text[m.end : nxt.start].strip()
                and _TITLE_ONLY.fullmatch(self.text, m.start, m.end)
            ):
                continue
            out.append(m)
        return out

    def _title(self, m: RuleMention, sent: Span, words: Words) -> str | None:
        """The title written right before a person's name, or before a list of names that
        ends with it ("Assistant U.S. Attorneys Ana Ruiz and ⟦P⟧", names the entity stage
        missed included)."""
        t = TITLE_LIST_BEFORE.search(self.text, max(sent.start, m.start - 120), m.start, words)
        return " ".join(t.group("d").split()) if t else None

    def _anaphors(
        self,
        sent: Span,
        inside: list[RuleMention],
        si: int,
        recent_groups: list[tuple[int, ExtractedEntity]],
        recent_persons: list[tuple[int, list[tuple[ExtractedEntity, bool]]]],
        group_counts: Counter[str],
        by_id: dict[str, ExtractedEntity],
        words: Words,
    ) -> list[RuleMention]:
        """Pseudo-mentions for "the cartel", "its", "la organización", "he" in this sentence."""
        text = self.text
        found: list[RuleMention] = []

        def free(a: int, b: int) -> bool:
            return all(b <= m.start or a >= m.end for m in inside)

        for m in _around(_GROUP_NOUNS, _GROUP_ANAPHOR, text, sent.start, sent.end, words):
            a, b = m.start(), m.end()
            if not _GROUP_ANAPHOR_CASED.match(text, a) or not free(a, b):
                continue
            if text[b - 2 : b] in ("’s", "'s"):
                b -= 2
            prefix = _ANAPHOR_PREFIX.match(text, a, b)
            if prefix:
                a = prefix.end()  # keep "del", "de" in the text: "líder del ⟦G⟧"
            following = min((x for x in inside if x.start >= b), key=lambda x: x.start, default=None)
            if (
                following is not None
                and following.code == "G"
                and _DESCRIPTOR_GAP.fullmatch(text, b, following.start)
            ):
                continue  # "la organización delictiva “Los X”": a descriptor, not a reference
            ent = None
            before = [x for x in inside if x.code == "G" and x.end <= a]
            nearest = max((x for x in inside if x.end <= a), key=lambda x: x.end, default=None)
            possessive = _POSSESSIVE.match(text, a) is not None
            if possessive and nearest is not None and nearest.code in "SOP":
                continue  # "the DEA and its agents": its refers to the nearer non-group
            demonstrative = _DEMONSTRATIVE.match(text, a) is not None
            if len(text[a:b].split()) > 2 and _MODIFIER_USE.match(text, b):
                continue
            later = [x for x in inside if x.code == "G" and x.start >= b]
            if before:
                ent = prefer_main(self.main_group, before[-1].ent, demonstrative)
            elif recent_groups and si - recent_groups[-1][0] <= 6:
                ent = prefer_main(self.main_group, recent_groups[-1][1], demonstrative)
            elif later and possessive:
                ent = later[0].ent  # "Since its founding, G has grown"
            elif self.main_group is not None:
                ent = self.main_group
            if ent is not None:
                found.append(RuleMention(a, b, ent, "G", coref=True))
        for m in _around(_PERSON_NOUNS, _PERSON_ANAPHOR, text, sent.start, sent.end, words):
            a, b = m.start(), m.end()
            if not free(a, b):
                continue
            # "the defendant", "el imputado" is never the judge or the prosecutor named before
            # it ("...before Judge X. The defendant was a leader of G"); a pronoun may be, in
            # its own sentence ("Judge X said he..."). Across sentences, only people never
            # introduced by a title are antecedents: these reports are about the accused.
            pronoun = _PRONOUN.fullmatch(text, a, b) is not None
            before_p = [
                x
                for x in inside
                if x.code == "P" and x.end <= a and (pronoun or x.ent.local_id not in self.titles)
            ]
            if before_p:
                ent = before_p[-1].ent
            elif recent_persons and si - recent_persons[-1][0] <= 2:
                untitled = [
                    ps[0][0]
                    for sj, ps in recent_persons[-3:]
                    if si - sj <= 3 and not ps[0][1] and (pronoun or ps[0][0].local_id not in self.titles)
                ]
                if not untitled:
                    continue
                ent = untitled[-1]
            else:
                continue
            found.append(RuleMention(a, b, ent, "P", coref=True))
        return found

    def _mask(self, sent: Span, inside: list[RuleMention]) -> tuple[str, list[RuleMention]]:
        text, parts = self.text, []
        merged: list[RuleMention] = []
        pos, i, n = sent.start, 0, len(inside)
        while i < n:
            m = inside[i]
            start, end = m.start, m.end
            coref = m.coref
            parens = 0
            while (
                i + 1 < n and inside[i + 1].ent is m.ent and _GLUE.fullmatch(text, end, inside[i + 1].start)
            ):
                glue = text[end : inside[i + 1].start]
                parens += glue.count("(") - glue.count(")")
                i += 1
                end = inside[i].end
                coref = coref and inside[i].coref
            quoted = False
            while start > pos and text[start - 1] in _OPEN_QUOTES:
                start -= 1
                quoted = True
            trail = ""
            stop = end
            # Closing quotes, but not the apostrophe of a possessive ("Sinaloa’s", "Torres’ son").
            while stop < sent.end and text[stop] in _CLOSE_QUOTES:
                if text[stop] in "’'" and not quoted and (text[stop + 1 : stop + 2] in ("s", " ", "")):
                    break
                stop += 1
            if (
                stop == end
                and text.startswith(",", end)
                and end + 1 < sent.end
                and text[end + 1] in _CLOSE_QUOTES
            ):
                stop, trail = end + 2, ","
            while parens > 0 and text.startswith(")", stop):
                stop += 1
                parens -= 1
            parts.append(text[pos:start])
            parts.append(f"{OPEN}{m.code}{len(merged)}{CLOSE}{trail}")
            merged.append(RuleMention(start, stop, m.ent, m.code, coref))
            pos = stop
            i += 1
        parts.append(text[pos : sent.end])
        return "".join(parts), merged

    # -- output ----------------------------------------------------------------------------------
