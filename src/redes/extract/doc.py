"""The working state that pipeline stages share while they process one document.

Stages add ``Candidate`` mentions (with the rule that proposed them) and ``links``
(pairs of candidates that name the same entity: a name and its nickname, a long form
and its acronym, a full name and a partial reference). ``select`` keeps the best
non-overlapping candidates; ``assemble`` turns linked candidates into entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redes.extract.model import Span
from redes.extract.tokens import Tokens

# How much a rule's candidate is trusted when two overlap with the same length.
PRIORITY = {"lexicon": 5, "alias": 4, "pattern": 3, "name": 3, "partial": 2, "weak": 1}


@dataclass(slots=True, eq=False)
class Candidate:
    start: int
    end: int
    i: int  # first token
    j: int  # one past the last token
    type: str
    rule: str
    priority: int = 3
    key: str | None = None  # lexicon id when the gazetteer knows the entity
    name: str | None = None  # canonical name when known
    role: str = "name"  # name | nick | acronym | partial
    # Candidates that must win or lose together with this one (a nickname inside a name).
    nested_ok: bool = False
    alive: bool = True

    @property
    def length(self) -> int:
        return self.j - self.i


@dataclass(slots=True)
class Doc:
    text: str
    lang: str
    tokens: Tokens
    sentences: list[Span]
    candidates: list[Candidate] = field(default_factory=list)
    links: list[tuple[Candidate, Candidate]] = field(default_factory=list)
    # Per-document caches stages share (line tests and the like).
    cache: dict[str, dict] = field(default_factory=dict)
    # Token index -> the sentence it belongs to (filled lazily).
    _sent_of: list[int] | None = None

    def add(self, cand: Candidate) -> Candidate:
        self.candidates.append(cand)
        return cand

    def link(self, a: Candidate, b: Candidate) -> None:
        self.links.append((a, b))

    def span(self, i: int, j: int, type_: str, rule: str, **kw: object) -> Candidate:
        """A new candidate over tokens i..j-1 (not yet added)."""
        t = self.tokens
        return Candidate(t.starts[i], t.ends[j - 1], i, j, type_, rule, **kw)  # type: ignore[arg-type]

    def sentence_of(self, i: int) -> int:
        if self._sent_of is None:
            sent_of = [0] * len(self.tokens)
            s = 0
            sents = self.sentences
            for n, start in enumerate(self.tokens.starts):
                while s + 1 < len(sents) and sents[s].end <= start:
                    s += 1
                sent_of[n] = s
            self._sent_of = sent_of
        return self._sent_of[i]

    def live(self) -> list[Candidate]:
        return [c for c in self.candidates if c.alive]
