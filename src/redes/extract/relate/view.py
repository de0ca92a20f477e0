"""A token view of one masked sentence, built once and shared by every candidate pair in it.

The rules mask each sentence ("⟦P0⟧, líder del ⟦G1⟧, fue detenido en ⟦L2⟧"): names become
placeholders with their entity type, so the words between two names are what is left.
Here that masked text becomes tokens (folded words, punctuation, placeholders as "<P>"),
with the lemma of every word, the trigger families that start at each token, and the
coordination list each placeholder belongs to ("A, B y C"), so that a relation stated once
for a list is read the same way for every member.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma

from redes.extract.normalize import fold
from redes.extract.relate.triggers import TRIGGERS
from redes.extract.relations.cues import Words

_TOKEN = re.compile(r"\ue000([A-Z])(\d+)\ue001|[^\W_]+|[^\w\s]")
_PLACEHOLDER = re.compile(r"\ue000([A-Z])(\d+)\ue001")
# Between two members of one coordination list.
_LIST_SEP = frozenset(
    {",", "and", "y", "e", "or", "o", "as", "well", "&", "the", "la", "el", "los", "las", "/"}
)
NEGATIONS = frozenset(
    "not never no neither nor nunca jamas ni sin without denied denies deny nego niega negaron".split()
)
# Articles, prepositions and generic nouns, skipped when looking for the word that carries
# the relation ("líder de la organización criminal ⟦G⟧": "lider").
FUNCTION_WORDS = frozenset(
    """the a an of in on at for to from by with and or as its his her their this that these those
    el la los las un una unos unas de del al a en por para con y e o u su sus este esta ese esa
    dicho dicha organization organisation organizacion group grupo cartel criminal delictivo
    delictiva drug trafficking narcotrafico celula cell""".split()
)
SPEECH = frozenset(
    """said says say told added stated according reported announced claimed alleged dijo dice dijeron
    afirmo senalo declaro informo indico explico aseguro segun anuncio detallo preciso""".split()
)


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    if not word.isalpha():
        return word
    return fold(simplemma.lemmatize(word, lang=lang))


@dataclass(slots=True)
class SentenceView:
    masked: str
    tokens: list[str]  # folded words, punctuation, "<P>"-style placeholders
    starts: list[int]  # offset of each token in the masked text
    lang: str
    mention_token: dict[int, int]  # mention index -> token index of its placeholder
    list_span: dict[int, tuple[int, int]]  # mention index -> (first, last) token of its list
    triggers: list[tuple[str, ...]] = field(default_factory=list)  # token index -> trigger families
    hits: list[tuple[int, str, str]] = field(default_factory=list)  # (token, family, words matched)

    def lemma(self, k: int) -> str:
        """The folded lemma of token k, lemmatised with its accents ("líderes" → "lider")."""
        start = self.starts[k]
        return lemma(self.masked[start : start + len(self.tokens[k])].lower(), self.lang)


def build(masked: str, words: Words, lang: str) -> SentenceView:
    """The view of a masked sentence; ``words`` indexes its words for the trigger lookup."""
    folded = fold(masked)
    spans = [m.span() for m in _TOKEN.finditer(masked)]
    starts = [start for start, _ in spans]
    tokens = [folded[start:end] for start, end in spans]
    # The few placeholders are tokens of their own (a placeholder has no word characters
    # around its markers to join): "<P>" at theirs.
    mention_token: dict[int, int] = {}
    for m in _PLACEHOLDER.finditer(masked):
        k = bisect_left(starts, m.start())
        mention_token[int(m.group(2))] = k
        tokens[k] = f"<{m.group(1)}>"
    triggers: list[tuple[str, ...]] = [()] * len(tokens)
    hits: list[tuple[int, str, str]] = []
    for start, family, matched in TRIGGERS.find(masked, words):
        k = bisect_right(starts, start) - 1
        if k >= 0 and family not in triggers[k]:
            triggers[k] += (family,)
            hits.append((k, family, matched))
    view = SentenceView(masked, tokens, starts, lang, mention_token, {}, triggers, hits)
    view.list_span = _lists(tokens, mention_token)
    return view


def _lists(tokens: list[str], mention_token: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Placeholders of one type joined only by commas, conjunctions and articles form a list."""
    order = sorted(mention_token.items(), key=lambda x: x[1])
    groups: list[list[tuple[int, int]]] = []
    for mi, tk in order:
        if groups:
            prev = groups[-1][-1][1]
            if 1 <= tk - prev - 1 <= 4 and tokens[prev] == tokens[tk]:
                if all(t in _LIST_SEP for t in tokens[prev + 1 : tk]):
                    groups[-1].append((mi, tk))
                    continue
        groups.append([(mi, tk)])
    return {mi: (g[0][1], g[-1][1]) for g in groups for mi, _ in g}
