"""Fast trigger lookup for relation extraction.

Python's ``re`` has no trie for alternations: a pattern of a hundred trigger words tries
every alternative at every position, about 100 µs per sentence per lexicon. A ``Cue``
derives from its regex fragments the word stems a match can start with ("leader" from
``(?:top |main )?leaders?``), and only runs the regex at words that start with one of
them. A sentence is checked for a lexicon with one set intersection against the first
letters of its words (``Words``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

_WORD = re.compile(r"\w+")
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


def _key(word: str) -> str:
    # Words and stems meet in buckets of their first three letters; a stem of one or two
    # letters ("en", "al") stands for that whole word.
    return word[:3]


class Words:
    """The lower-cased words of one text by bucket, built once per sentence and shared by
    every lexicon lookup on it."""

    __slots__ = ("index",)

    def __init__(self, text: str, lo: int = 0, hi: int | None = None):
        hi = len(text) if hi is None else hi
        segment = text[lo:hi]
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


class Cue:
    """A lexicon of trigger fragments, compiled once, matched only at promising words."""

    __slots__ = ("rx", "buckets", "keys", "any_word")

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
        self.rx = re.compile(regex)

    def present(self, words: Words) -> bool:
        """Whether a sentence may contain a match (a cheap over-estimate)."""
        return self.any_word or not self.keys.isdisjoint(words.index)

    def finditer(
        self, text: str, lo: int = 0, hi: int | None = None, words: Words | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches starting at word starts, like ``rx.finditer``. ``words``
        must index ``text`` (or at least ``text[lo:hi]``) when given."""
        hi = len(text) if hi is None else hi
        if self.any_word:
            yield from self.rx.finditer(text, lo, hi)
            return
        if words is None:
            words = Words(text, lo, hi)
        index = words.index
        hits = self.keys.intersection(index)
        if not hits:
            return
        positions = sorted(
            start
            for key in hits
            for start, w in index[key]
            if lo <= start < hi
            and (len(key) < 3 and w == key or len(key) == 3 and w.startswith(self.buckets[key]))
        )
        last, rx = lo, self.rx
        for p in positions:
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
