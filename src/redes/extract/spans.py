"""When a relation held, as its sentence says: "since 2014", "from 2010 to 2012", "entre
2010 y 2012", "hasta 2019", "until his death", "former leader", "exlíder", "then-leader".

Cue words live in ``lexicons/time_spans.json`` (English and Spanish, matched in either
language: documents mix them). Dates are partial ISO strings ("2014", "2014-03",
"2014-03-05"), so their precision travels with them. A "former" cue gives an end without
a date (``end_cue`` "unknown"): the relation ended at some time before the document.
The relation's ``year`` is left as it was (the evaluation scores it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from redes.extract.dates import DateMatch, find_dates
from redes.extract.model import ExtractedEntity, ExtractedRelation

_LEXICON = Path(__file__).resolve().parent / "lexicons" / "time_spans.json"

# Relations that hold for a while. Family ties and enforcement actions have no tenure.
SPANNED = frozenset(
    {"leads", "member_of", "holds_position", "part_of", "allied_with", "rival_of", "operates_in", "collusion"}
)
# Relations a "former" cue ends: roles a person holds.
ROLES = frozenset({"leads", "member_of", "holds_position"})
# How far (characters) a "former" cue may stand from the person it describes.
NEAR = 60
# Text allowed between a person and a "former" cue after it: "X, a former leader",
# "X, who was the former head", "X, quien fuera líder".
_APPOSITION = re.compile(
    r"(?i)^[\s,(]*(?:(?:who|quien|que)\s+)?(?:(?:was|is|has been|became|served as|as|fue|era|es|"
    r"ha sido|como)\s+)?(?:(?:a|an|the|un|una|el|la)\s+)?$"
)

# Text allowed between a "former" cue and the person after it: "former leader X",
# "former leader of the G, X", "exlíder del G, alias El X".
_BEFORE_NAME = re.compile(
    r"(?i)^\s*(?:(?:of|in|at|for|de|del|en)\s+[^,;:.!?()]{1,50}?)?[\s,]*(?:(?:alias|a\.k\.a\.|aka)\s+)?$"
)


@dataclass(frozen=True, slots=True)
class TimeSpan:
    start: str | None = None
    end: str | None = None
    # How the text ends the relation without (or besides) a date: "unknown" ("former")
    # or "death" ("until his death").
    end_cue: str | None = None


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int  # where the cue and its dates stand in the text
    end: int
    span: TimeSpan


def _alt(fragments: list[str]) -> str:
    return "(?:" + "|".join(sorted(fragments, key=len, reverse=True)) + ")"


def _both(table: dict) -> list:
    return [x for lang in ("en", "es") for x in table.get(lang, [])]


@cache
def _patterns() -> dict[str, object]:
    with open(_LEXICON, encoding="utf-8") as fh:
        lex = json.load(fh)
    lead = _alt(_both(lex["DATE_LEAD"]))
    role = _alt(_both(lex["ROLE"]))

    def before_date(words: list[str]) -> re.Pattern:
        # Anchored at the end: the cue stands right before a date.
        return re.compile(rf"(?i)\b{_alt(words)}\s+(?:{lead}\s+)?$")

    return {
        "start": before_date(_both(lex["START"])),
        "end": before_date(_both(lex["END"])),
        "ranges": [
            (before_date([opening]), re.compile(rf"(?i)^\s+{joining}\s+(?:{lead}\s+)?$"))
            for opening, joining in _both(lex["RANGE"])
        ],
        "dash": re.compile(rf"^{lex['RANGE_DASH']}$"),
        "death": re.compile(rf"(?i)\b{_alt(_both(lex['DEATH']))}\b"),
        "former": re.compile(
            rf"(?i)(?:\b{_alt(_both(lex['FORMER']))}\s+(?:[\w.'’&-]+\s+){{0,2}}?"
            rf"|\b{_alt(_both(lex['FORMER_PREFIX']))}){role}\b"
        ),
    }


def _iso(d: DateMatch) -> str | None:
    return d.iso() if d.year else None


def date_cues(text: str, lo: int = 0, hi: int | None = None) -> list[_Cue]:
    """Spans stated with dates in ``text[lo:hi]``, in text order."""
    hi = len(text) if hi is None else hi
    p = _patterns()
    found = [d for d in find_dates(text, lo, hi) if d.year]
    out: list[_Cue] = []
    used: set[int] = set()
    for i, d in enumerate(found):
        if i in used:
            continue
        before = text[max(lo, d.start - 40) : d.start]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None:
            between = text[d.end : nxt.start]
            ranged = [
                m
                for opening, joined in p["ranges"]
                if (m := opening.search(before)) and joined.match(between)
            ]
            if ranged or (p["dash"].match(between) and nxt.year > d.year):
                cue_start = d.start - len(before) + min(m.start() for m in ranged) if ranged else d.start
                out.append(_Cue(cue_start, nxt.end, TimeSpan(_iso(d), _iso(nxt))))
                used.add(i + 1)
                continue
        if m := p["start"].search(before):
            out.append(_Cue(d.start - len(before) + m.start(), d.end, TimeSpan(start=_iso(d))))
        elif m := p["end"].search(before):
            death = p["death"].search(text, max(lo, d.start - 60), d.start)
            out.append(_Cue(d.start - len(before) + m.start(), d.end, TimeSpan(end=_iso(d))))
            if death:
                out[-1] = _Cue(out[-1].start, d.end, TimeSpan(end=_iso(d), end_cue="death"))
    for m in p["death"].finditer(text, lo, hi):
        if not any(c.start <= m.start() < c.end or m.end() <= c.start <= m.end() + 12 for c in out):
            tail = [d for d in found if m.end() <= d.start <= m.end() + 12]
            end = _iso(tail[0]) if tail else None
            out.append(_Cue(m.start(), tail[0].end if tail else m.end(), TimeSpan(end=end, end_cue="death")))
    out.sort(key=lambda c: c.start)
    return out


def former_cues(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Where "former <role>" (and its kin) is written in ``text[lo:hi]``."""
    hi = len(text) if hi is None else hi
    return [(m.start(), m.end()) for m in _patterns()["former"].finditer(text, lo, hi)]


def _describes(
    text: str, cue: tuple[int, int], person: list[tuple[int, int]], others: list[tuple[int, int]]
) -> bool:
    """Whether a "former" cue describes the person mentioned at ``person``: right after it
    ("former leader X", "former leader of G, X") or in apposition before it ("X, a
    former leader"), with no other person in between."""
    start, end = cue
    for ms, me in person:
        if ms >= end and ms - end <= NEAR and _BEFORE_NAME.match(text[end:ms]):
            if not any(end <= os < ms for os, _ in others):
                return True
        if me <= start and start - me <= NEAR and _APPOSITION.match(text[me:start]):
            return True
    return False


def annotate(text: str, entities: list[ExtractedEntity], relations: list[ExtractedRelation]) -> None:
    """Set ``start``, ``end`` and ``end_cue`` of the relations whose sentence says when
    they held (in place)."""
    mentions = {e.local_id: [(m.start, m.end) for m in e.mentions] for e in entities}
    people = [(m.start, m.end, e.local_id) for e in entities if e.type == "person" for m in e.mentions]
    by_sentence: dict[tuple[int, int], tuple[list[_Cue], list[tuple[int, int]]]] = {}
    for r in relations:
        if r.type not in SPANNED or r.object is None:
            continue
        ev = r.evidence
        key = (ev.start, ev.end)
        if key not in by_sentence:
            by_sentence[key] = (date_cues(text, ev.start, ev.end), former_cues(text, ev.start, ev.end))
        dated, former = by_sentence[key]
        here = [
            (s, e)
            for lid in (r.subject, r.object)
            for s, e in mentions.get(lid, [])
            if ev.start <= s < ev.end
        ]
        if dated and here:
            centre = sum(s for s, _ in here) / len(here)
            cue = min(dated, key=lambda c: min(abs(c.start - centre), abs(c.end - centre)))
            r.start, r.end, r.end_cue = cue.span.start, cue.span.end, cue.span.end_cue
            if cue.span.end_cue == "death" and r.type not in ROLES:
                r.end_cue = None
        if former and r.type in ROLES and r.end is None and r.end_cue is None:
            person = [(s, e) for s, e in mentions.get(r.subject, []) if ev.start <= s < ev.end]
            others = [(s, e) for s, e, lid in people if lid != r.subject and ev.start <= s < ev.end]
            if any(_describes(text, cue, person, others) for cue in former):
                r.end_cue = "unknown"
