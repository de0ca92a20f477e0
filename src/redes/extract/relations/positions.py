"""Positions named by a country: "Mexican Secretary of Defense X", "President X".

The positions stated with their office ("the governor of Sonora, X") are sentence patterns
(``patterns``); these run after them, for the people no pattern placed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from redes.extract.relations import lexicon as lex
from redes.extract.relations.fragments import CLOSE, HON, OPEN, ROLE, TITLE_BEFORE, clean_role, cue
from redes.extract.relations.sentences import RuleMention, RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

# "U.S." inside a title: "U.S. Attorney", "U.S. District Judge" are district offices.
COUNTRY_ABBREV = re.compile(r"(?i:U\.S\.?|US|USA|EE\.?\s?UU\.?|E\.U\.A\.?|EUA)")
_LOCAL_US_TITLE = re.compile(r"(?i:attorneys?|judges?|marshals?)\s*$")
_COUNTRY_WORDS = [re.escape(k) for k in sorted(lex.COUNTRY_ADJECTIVE, key=len, reverse=True)]
_COUNTRY_ADJ = cue(
    _COUNTRY_WORDS,
    r"(?<![\w.])(?P<c>(?i:" + "|".join(_COUNTRY_WORDS) + r"))\s+(?P<d>" + ROLE + r")\s+" + HON + r"$",
)


def country_titles(doc: Document, sent: RuleSentence, placed: set[int]) -> None:
    """ "Colombian Minister of Defense X", "President X": a position in a country."""
    masked = sent.masked
    for i, m in enumerate(sent.mentions):
        if m.code != "P" or m.coref or i in placed:
            continue
        start = masked.find(f"{OPEN}P{i}{CLOSE}")
        left_lo = max(0, start - 120)
        c = _COUNTRY_ADJ.search(masked, left_lo, start, sent.words)
        country = None
        if c:
            country = lex.COUNTRY_ADJECTIVE[c.group("c").casefold()]
            detail = c.group("d")
            if COUNTRY_ABBREV.fullmatch(c.group("c")) and _LOCAL_US_TITLE.search(detail):
                continue  # "U.S. Attorney", "U.S. District Judge": a district office, not the country
        else:
            t = TITLE_BEFORE.search(masked, left_lo, start, sent.words)
            if not t or not re.match(r"(?i)president[ae]?\b|presidenta\b", t.group("d").split()[-1]):
                continue
            detail = t.group("d")
            names = {m.ent.name} | {x.text for x in m.ent.mentions} | set(m.ent.aliases)
            for key, surnames in lex.HEADS_OF_STATE.items():
                if any(s in n for s in surnames for n in names):
                    country = key
                    break
        place = doc.countries.get(country) if country else None
        if place is None:
            continue
        doc.emit(
            "holds_position",
            m,
            RuleMention(0, 0, place, "L"),
            sent,
            "country-title",
            clean_role(detail),
            doc.year(sent, start),
        )
