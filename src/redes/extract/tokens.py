"""Word tokens with offsets, computed once per document and shared by every stage.

A token is a run of letters and digits; hyphens, dots and apostrophes separate tokens,
so "Oseguera-Cervantes", "U.S." and "O’Neill" give two tokens each and matching never
depends on how a name was hyphenated or dotted. ``gap(i)`` is the text before token i.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redes.extract.normalize import fold

_WORD = re.compile(r"[^\W_]+")


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
    spans = [m.span() for m in _WORD.finditer(folded)]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    toks = Tokens(text, folded, starts, ends, [folded[s:e] for s, e in spans])
    toks.index = {s: i for i, s in enumerate(starts)}
    toks.caps = [text[s].isupper() for s in starts]
    return toks
