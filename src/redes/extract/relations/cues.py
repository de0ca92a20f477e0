"""Fast trigger lookup for relation extraction.

Python's ``re`` has no trie for alternations: a pattern of a hundred trigger words tries
every alternative at every position, about 100 µs per sentence per lexicon. A ``Cue``
derives from its regex fragments the word stems a match can start with ("leader" from
``(?:top |main )?leaders?``), and only runs the regex at words that start with one of
them. A sentence is checked for a lexicon with one set intersection against the first
letters of its words (``Words``), which also keep where each lexicon's stems start words,
since the rules look a sentence up many times; ``Lexicons`` looks several up in one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

_WORD = re.compile(r"\w+")
# Characters a case-insensitive regex treats unlike ``str.lower`` ("ı" and "ſ" match "i" and
# "s", "İ" lower-cases to two characters): a text with one of them is left to the regex
# wherever a lookup of lower-cased text stands in for it exactly.
CASE_TRAPS = re.compile("[İıſ]")
MAX_STEM = 10


def _group_end(f: str, i: int) -> int:
    """Index just after the group opening at ``f[i] == "("``."""
    depth, k, in_class = 0, i, False
    while k < len(f):
        c = f[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return len(f)


def _split_alternatives(f: str) -> list[str]:
    out, depth, start, k, in_class = [], 0, 0, 0, False
    while k < len(f):
        c = f[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(f[start:k])
            start = k + 1
        k += 1
    out.append(f[start:])
    return out


def _group_body(f: str, end: int) -> str:
    if f.startswith("(?P<"):
        return f[f.index(">") + 1 : end - 1]
    if f.startswith("(?"):
        return f[f.index(":") + 1 : end - 1]
    return f[1 : end - 1]


def stems(fragment: str, _depth: int = 0) -> set[str]:
    """Lower-case word stems a match of ``fragment`` can start with; "" means any word."""
    f = fragment
    if _depth > 12:
        return {""}
    while f.startswith(("(?<!", "(?<=", "(?!", "(?=")):
        f = f[_group_end(f, 0) :]
    if f.startswith("("):
        end = _group_end(f, 0)
        body = _group_body(f, end)
        quant = f[end : end + 1]
        rest = f[end + 1 :] if quant in "?*+" and quant else f[end:]
        found: set[str] = set()
        for alt in _split_alternatives(body):
            found |= stems(alt + rest, _depth + 1)
        if quant in ("?", "*") and quant:
            found |= stems(rest, _depth + 1)
        return found
    word = []
    k = 0
    while k < len(f):
        c = f[k]
        if c == "\\" and k + 1 < len(f) and not f[k + 1].isalnum():
            c, k = f[k + 1], k + 1
        elif not (c.isalnum() or c in " -'’."):
            break
        word.append(c)
        k += 1
    literal = "".join(word)
    if k < len(f) and f[k] == "[" and literal and not literal.endswith(" "):
        # "l[íi]der": expand a small class of letters to keep the stem specific
        close = f.find("]", k)
        letters = f[k + 1 : close]
        if close > k and 0 < len(letters) <= 4 and letters.isalpha():
            quant = f[close + 1 : close + 2]
            rest = f[close + 2 :] if quant in ("?", "*", "+") and quant else f[close + 1 :]
            found = set()
            for letter in letters:
                found |= stems(re.escape(literal) + letter + rest, _depth + 1)
            if quant in ("?", "*") and quant:
                found |= stems(re.escape(literal) + rest, _depth + 1)
            return found
    if k < len(f) and f[k] in "?*{" and literal:
        literal = literal[:-1]  # "leaders?": the last letter is optional
    head = re.match(r"\w+", literal.lower())
    if head:
        return {head.group()[:MAX_STEM]}
    if not literal and (k >= len(f) or f[k] in "[.\\"):
        return {""}  # starts with a character class: any word may start it
    return set()  # starts with punctuation or a placeholder: not found at word starts


_LEADING_CLASS = re.compile(r"\[([^\]\\^-]{1,4})\](?![?*+{])")


def spellings(fragments: list[str]) -> list[str]:
    """The fragments, one that opens with a class of a few letters ("[óo]rden") written out
    once per letter ("órden", "orden"): as it is, such a fragment has no stems, so a ``Cue``
    would run its regex all along every sentence. For the stems only: the regex keeps the
    fragments as they are."""
    out = []
    for f in fragments:
        m = _LEADING_CLASS.match(f)
        if m and m.group(1).isalpha():
            out += [letter + f[m.end() :] for letter in m.group(1)]
        else:
            out.append(f)
    return out


def _key(word: str) -> str:
    # Words and stems meet in buckets of their first three letters; a stem of one or two
    # letters ("en", "al") stands for that whole word.
    return word[:3]


class Words:
    """The lower-cased words of one text by bucket, built once per sentence and shared by
    every lexicon lookup on it. ``trapped``: the text has a ``CASE_TRAPS`` character."""

    __slots__ = ("index", "trapped", "_starts")

    def __init__(self, text: str, lo: int = 0, hi: int | None = None):
        hi = len(text) if hi is None else hi
        segment = text[lo:hi]
        # With a case trap the index may miss where the regex matches: lookups through these
        # words then stand aside (``Cue.present`` says yes, ``Cue.finditer`` runs the regex).
        self.trapped = CASE_TRAPS.search(segment) is not None
        lowered = segment.lower()
        index: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        if len(lowered) == len(segment):  # lower() kept every offset (almost always)
            for m in _WORD.finditer(lowered):
                w = m.group()
                index[w[:3]].append((m.start() + lo, w))
        else:
            for m in _WORD.finditer(text, lo, hi):
                w = m.group().lower()
                index[w[:3]].append((m.start(), w))
        self.index = index
        self._starts: dict[frozenset[str], list[int]] = {}

    def starts(self, cue: Cue) -> list[int]:
        """Sorted offsets of the words that start with a stem of ``cue``: where a match may
        start. Found once per set of stems: a sentence is looked up many times."""
        got = self._starts.get(cue.stems)
        if got is None:
            index, buckets = self.index, cue.buckets
            got = [
                start
                for key in cue.keys.intersection(index)
                for start, w in index[key]
                if len(key) < 3 or w.startswith(buckets[key])
            ]
            got.sort()
            self._starts[cue.stems] = got
        return got


class Cue:
    """A lexicon of trigger fragments, compiled once, matched only at promising words."""

    __slots__ = ("rx", "buckets", "keys", "any_word", "stems")

    def __init__(self, fragments: list[str], regex: str, extra_stems: tuple[str, ...] = ()):
        found: set[str] = set(extra_stems)
        for frag in fragments:
            found |= stems(frag)
        self.any_word = "" in found
        buckets: dict[str, list[str]] = {}
        for stem in sorted(found - {""}):
            buckets.setdefault(_key(stem), []).append(stem)
        self.buckets = {k: tuple(v) for k, v in buckets.items()}
        self.keys = frozenset(self.buckets)
        self.stems = frozenset(found - {""})
        self.rx = re.compile(regex)

    def present(self, words: Words) -> bool:
        """Whether a sentence may contain a match (a cheap over-estimate)."""
        return self.any_word or words.trapped or not self.keys.isdisjoint(words.index)

    def finditer(
        self, text: str, lo: int = 0, hi: int | None = None, words: Words | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches starting at word starts, like ``rx.finditer``. ``words``
        must index ``text`` (or at least ``text[lo:hi]``) when given."""
        hi = len(text) if hi is None else hi
        if words is None and not self.any_word:
            words = Words(text, lo, hi)
        if self.any_word or words.trapped:
            yield from self.rx.finditer(text, lo, hi)
            return
        positions = words.starts(self)
        last, rx = lo, self.rx
        for p in islice(positions, bisect_left(positions, lo), None):
            if p >= hi:
                return
            if p < last:
                continue
            m = rx.match(text, p, hi)
            if m:
                last = m.end()
                yield m

    def search(
        self, text: str, lo: int = 0, hi: int | None = None, words: Words | None = None
    ) -> re.Match[str] | None:
        """The leftmost match; with a ``$``-anchored regex, one that ends at ``hi``."""
        return next(self.finditer(text, lo, hi, words), None)


class Lexicons:
    """Several lexicons looked up together on one sentence: every match of each, in text
    order. Each lexicon finds its starts through the sentence's ``Words`` (``Words.starts``,
    kept per lexicon), so the rules' repeated lookups of one sentence cost one scan each."""

    __slots__ = ("cues",)

    def __init__(self, cues: dict[str, Cue]):
        self.cues = cues

    def present(self, words: Words) -> bool:
        """Whether any of the lexicons is ``Cue.present``."""
        return any(cue.present(words) for cue in self.cues.values())

    def matches(self, text: str, words: Words) -> list[tuple[int, int, str]]:
        """(start, end, lexicon) of every match, in text order: what ``Cue.finditer`` finds
        for each lexicon, non-overlapping within a lexicon."""
        return sorted(
            (m.start(), m.end(), name) for name, cue in self.cues.items() for m in cue.finditer(text, 0, None, words)
        )
