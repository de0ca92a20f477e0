"""A person's nationality as a text states it: "Mexican national X", "X, a Colombian
citizen", "Guatemalan nationals X and Y", "el ciudadano mexicano X", "X, de nacionalidad
hondureña". The value is the country's ISO 3166-1 code ("mx"), as sanctions lists give
nationalities, so that cross-referencing (``redes.resolve.xref``) can compare them. Only
these explicit forms count: "the Mexican X" may be a place of birth or of work."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from redes.extract.normalize import FOLD_TABLE, fold
from redes.extract.relations.fragments import SEP
from redes.extract.relations.sentences import RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

_DATA = Path(__file__).resolve().parents[1] / "lexicons" / "demonyms.json"
_PERSON = r"\ue000p(\d+)\ue001"
_PEOPLE = rf"(?P<people>{_PERSON}(?:{SEP}{_PERSON})*)"


def _folding_to(word: str) -> str:
    """A regex for the text that ``fold`` turns into ``word``: each letter stands for every
    character that folds to it."""
    classes = ([c, *(chr(cp) for cp, to in FOLD_TABLE.items() if to == c)] for c in word)
    return "".join("[" + "".join(map(re.escape, chars)) + "]" for chars in classes)


# Every form of ``_patterns`` holds one of these words: a sentence without any is neither
# folded nor read (the demonym alternation would be tried at every position).
_FORM_WORDS = re.compile("|".join(map(_folding_to, ("national", "citizen", "ciudadan", "nacionalidad"))))


@cache
def demonyms() -> dict[str, str]:
    """Folded demonym ("mexicano") -> ISO country code ("mx")."""
    with _DATA.open(encoding="utf-8") as f:
        return {fold(k): v for k, v in json.load(f)["table"].items()}


@cache
def _patterns() -> list[re.Pattern[str]]:
    words = "|".join(re.escape(w) for w in sorted(demonyms(), key=len, reverse=True))
    # A plural adds "s" or "es" ("nationals", "mexicanos", "hondureños", "españoles").
    d = rf"(?P<d>{words})(?:e?s)?"
    return [
        # "Mexican national(s) X (and Y)", "the U.S. citizen X"
        re.compile(rf"(?<![\w.])(?:{d})\s+(?:nationals?|citizens?)\s+(?:\w+\s+){{0,2}}?{_PEOPLE}"),
        # "X, a Mexican national", "X, 36, a Colombian citizen"
        re.compile(rf"{_PEOPLE},\s*(?:\d{{1,2}},\s*)?(?:an?|the)\s+(?:\d{{1,2}}-year-old\s+)?{d}\s+(?:national|citizen)\b"),
        # "el ciudadano mexicano X", "los ciudadanos colombianos X y Z"
        re.compile(rf"(?<!\w)ciudadan[oa]s?\s+{d}\s+(?:de\s+nombre\s+)?{_PEOPLE}"),
        # "X, ciudadano mexicano", "X, de nacionalidad hondureña", "X (de nacionalidad china)"
        re.compile(rf"{_PEOPLE}\s*(?:,|\()\s*(?:\d{{1,2}}\s*(?:años)?,\s*)?(?:ciudadan[oa]\s+|de\s+nacionalidad\s+){d}(?!\w)"),
    ]


def nationality(doc: Document, sent: RuleSentence) -> None:
    """Emit a ``nationality`` attribute (value: the country code) for each person a
    sentence gives a nationality to in one of the explicit forms."""
    if not _FORM_WORDS.search(sent.masked):
        return
    folded = fold(sent.masked)
    if "\ue000p" not in folded:
        return
    for pattern in _patterns():
        for hit in pattern.finditer(folded):
            code = demonyms().get(hit.group("d"))
            if code is None:
                continue
            for n in re.findall(_PERSON, hit.group("people")):
                m = sent.mentions[int(n)]
                if m.code == "P" and not m.coref:
                    doc.emit("nationality", m, None, sent, "nationality", None, None, code)
