"""Word tokens with offsets, computed once per document and shared by every stage.

A token is a run of letters and digits; hyphens, dots and apostrophes separate tokens,
so "Oseguera-Cervantes", "U.S." and "O’Neill" give two tokens each and matching never
depends on how a name was hyphenated or dotted. ``gap(i)`` is the text before token i.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from redes.extract.normalize import fold

# A word, captured: splitting on it gives the gaps and the words in turn.
_WORD_SPLIT = re.compile(r"([^\W_]+)")
# The same words in ASCII text (most texts once folded), found faster.
_ASCII_WORD_SPLIT = re.compile(r"([A-Za-z0-9]+)")


@dataclass(slots=True)
class Tokens:
    text: str
    folded: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # folded
    # Start offset -> token index, to map a character span back to tokens.
    index: dict[int, int] = field(default_factory=dict)
    caps: list[bool] = field(default_factory=list)  # token starts with a capital
    _runs: list[tuple[int, int]] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    def surface(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def gap(self, i: int) -> str:
        """Characters between token i-1 and token i (from the start of text for i == 0)."""
        return self.text[self.ends[i - 1] if i else 0 : self.starts[i]]

    def is_cap(self, i: int) -> bool:
        return self.caps[i]

    def is_upper(self, i: int) -> bool:
        s = self.surface(i)
        return len(s) > 1 and s.isupper()

    def span_text(self, i: int, j: int) -> str:
        """Text from token i to token j-1 inclusive."""
        return self.text[self.starts[i] : self.ends[j - 1]]

    def at(self, offset: int) -> int | None:
        return self.index.get(offset)


def tokenize(text: str) -> Tokens:
    folded = fold(text)
    # One pass in C: the gaps and words in turn (gap, word, ..., gap); the offsets are the
    # running sums of their lengths.
    parts = (_ASCII_WORD_SPLIT if folded.isascii() else _WORD_SPLIT).split(folded)
    words = parts[1::2]
    n = len(words)
    offsets = list(accumulate(map(len, parts[:-1])))
    starts = offsets[0::2]
    toks = Tokens(text, folded, starts, offsets[1::2], words)
    toks.index = dict(zip(starts, range(n), strict=True))
    toks.caps = list(map(str.isupper, map(text.__getitem__, starts)))
    return toks
