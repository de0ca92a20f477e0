"""Trigger families for relation features: the rules' trigger lexicons, found in a masked
sentence with the same fast word-start lookup (``Cue``) the rules use.

A family hit is a feature, never a decision: "líder" between a person and a group is
evidence for ``leads`` that the classifier weighs with everything else.
"""

from __future__ import annotations

import re

from redes.extract.relations import lexicon as lex
from redes.extract.relations.cues import Cue, Words, spellings


def _alt(fragments: list[str]) -> str:
    body = "|".join(sorted(fragments, key=len, reverse=True))
    return rf"(?<![\w\-])(?i:{body})(?![\w\-])"


def _both(table: dict[str, list[str]]) -> list[str]:
    return table["en"] + table["es"]


def _families() -> list[tuple[str, list[str]]]:
    fams = [
        ("lead", _both(lex.LEAD)),
        ("leadv", _both(lex.LEAD_VERB)),
        ("leadp", _both(lex.LEAD_PASSIVE)),
        ("member", _both(lex.MEMBER)),
        ("memberv", _both(lex.MEMBER_VERB)),
        ("kin", _both(lex.KIN)),
        ("part", _both(lex.PART)),
        ("split", _both(lex.SPLIT_VERB)),
        ("ally", _both(lex.ALLY)),
        ("rival", _both(lex.RIVAL)),
        ("presence", _both(lex.PRESENCE)),
        ("locative", _both(lex.LOCATIVE)),
        ("collude", _both(lex.COLLUDE)),
        ("role", _both(lex.ROLE)),
        ("negation", _both(lex.NEGATION)),
    ]
    fams += [(f"act-{detail}", frags) for detail, frags in lex.ACTION.items()]
    return fams


class TriggerIndex:
    """Every family's word stems in one table, so that a sentence is scanned once for all
    families: each word is looked up by its first letters, and a family's regex is tried
    only where one of its stems starts a word."""

    def __init__(self, families: list[tuple[str, list[str]]]):
        self.by_key: dict[str, list[tuple[str, str, re.Pattern[str]]]] = {}
        # Families with a fragment that opens with a class of letters ("[óo]rden"): their
        # matches are the regex's own (non-overlapping), found at the words that start with
        # a stem of the fragments written out (``spellings``) rather than by a scan of the
        # whole sentence.
        self.anywhere: list[tuple[str, Cue]] = []
        self.keyed: list[tuple[str, re.Pattern[str]]] = []
        self._cache: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
        for name, frags in families:
            cue = Cue(frags, _alt(frags))
            if cue.any_word:
                self.anywhere.append((name, Cue(spellings(frags), _alt(frags))))
                continue
            self.keyed.append((name, cue.rx))
            for key, stems in cue.buckets.items():
                for stem in stems:
                    self.by_key.setdefault(key, []).append((stem, name, cue.rx))

    def _families_of(self, key: str, w: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """The families whose regex may match at a word, from its stems (cached per word)."""
        got = self._cache.get(w)
        if got is None:
            seen: dict[str, re.Pattern[str]] = {}
            for stem, name, rx in self.by_key.get(key, ()):
                if name not in seen and (w == stem if len(stem) < 3 else w.startswith(stem)):
                    seen[name] = rx
            got = tuple(seen.items())
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[w] = got
        return got

    def find(self, text: str, words: Words) -> list[tuple[int, str, str]]:
        """(offset, family, matched text) of every trigger in ``text`` (indexed by ``words``)."""
        out: list[tuple[int, str, str]] = []
        if words.trapped:
            # A text where the regex and a lookup of lower-cased words may disagree ("ı", "ſ")
            # is scanned whole, family by family.
            for name, rx in self.keyed:
                out += [(m.start(), name, m.group()) for m in rx.finditer(text)]
        else:
            index, cache = words.index, self._cache
            for key in self.by_key.keys() & index.keys():
                for start, w in index[key]:
                    fams = cache.get(w)
                    for name, rx in fams if fams is not None else self._families_of(key, w):
                        m = rx.match(text, start)
                        if m:
                            out.append((start, name, m.group()))
        for name, cue in self.anywhere:
            out += [(m.start(), name, m.group()) for m in cue.finditer(text, 0, None, words)]
        out.sort()
        return out


TRIGGERS = TriggerIndex(_families())
KIN_DETAIL = lex.KIN_DETAIL
