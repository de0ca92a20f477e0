"""The learned entity stage: a linear-chain CRF (CRFsuite) over the document's tokens.

``features`` (``tagger/features.py``) describes each token by strings (its folded form,
shape and affixes, the word lists it belongs to, its neighbours, the punctuation around
it, headings, the lexicon matches over it and the candidates the rule stages proposed:
stacking, the model learns when to trust each rule), at training time
(``redes.train.entities``) and at run time alike.

The labels are BIO tags over the five entity types. ``EntityTagger`` tags a ``Doc`` after
the rule stages and ``merge`` (``tagger/merge.py``) reconciles the model with the rules: a
rule candidate the model finds very unlikely is withdrawn, or reshaped or retyped into the
span the model predicts over its tokens; a span the model is confident about that no rule
proposed is added with the rule ``tagger``. Candidates it keeps keep their lexicon ids and
their links (nicknames, acronyms, partial names); a person the tagger adds is tied to the
name it is a nickname or a partial form of. ``doc.cache["tagger"]`` records what was
withdrawn, added and reshaped.
"""

from __future__ import annotations

from typing import Any

from redes.extract.doc import Doc
from redes.extract.tagger.features import LABELS, _selection, features, spans, tagged_tokens
from redes.extract.tagger.merge import ADD, DROP, DROP_LEXICON, HOLD, RESHAPE, merge, span_probability

__all__ = [
    "ADD",
    "DROP",
    "DROP_LEXICON",
    "HOLD",
    "LABELS",
    "RESHAPE",
    "EntityTagger",
    "_selection",
    "features",
    "merge",
    "span_probability",
    "spans",
    "tagged_tokens",
]


class EntityTagger:
    """The CRF entity stage (``Pipeline.tagger``): holds the model's bytes, opens it lazily,
    and pickles as the bytes alone (pipelines travel to worker processes)."""

    def __init__(self, model: bytes) -> None:
        self.model = bytes(model)
        self._tagger: Any = None
        self._labels: frozenset[str] = frozenset()
        self._vocab: frozenset[str] = frozenset()
        self._words: dict[str, tuple[tuple[str, ...], ...]] = {}
        self._pos: dict[int, int] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model"])  # type: ignore[misc]

    def _open(self) -> Any:
        if self._tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self.model)
            self._labels = frozenset(tagger.labels())
            # The feature strings that carry a weight: the others change nothing, so they are
            # never built.
            info = tagger.info()
            self._vocab = frozenset(a for (a, _label), w in info.state_features.items() if w)
            self._tagger = tagger
        return self._tagger

    def tag(self, doc: Doc) -> list[str]:
        """The most likely label of every token (the model left set on ``doc``'s sequence)."""
        tagger = self._open()
        tokens = tagged_tokens(doc)
        labels = ["O"] * len(doc.tokens)
        self._pos = dict(zip(tokens, range(len(tokens)), strict=True))
        if not tokens:
            return labels
        # A plain list: an ItemSequence would be converted the same way, then copied.
        tagger.set(features(doc, self._vocab, self._words, tokens, encode=True))
        for k, label in zip(tokens, tagger.tag(), strict=True):
            labels[k] = label
        return labels

    def __call__(self, doc: Doc) -> None:
        labels = self.tag(doc)
        if labels:
            merge(doc, labels, self._marginal)

    def _marginal(self, label: str, pos: int) -> float:
        x = self._pos.get(pos)
        if x is None:
            return 1.0 if label == "O" else 0.0
        if label not in self._labels:
            return 0.0
        return self._tagger.marginal(label, x)
