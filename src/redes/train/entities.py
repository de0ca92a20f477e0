"""Training the entity tagger (``redes.extract.tagger``) on annotated documents.

The gold annotations list, per entity, the surface forms of its mentions but not where
they are. ``project`` finds them: every occurrence of every mention string, case-sensitive
and bounded by non-word characters, becomes a span of tokens of the entity's type; where
two occurrences overlap the longer wins (so "Sinaloa" inside "Cártel de Sinaloa" stays part
of the group). The spans become BIO labels over ``redes.extract.tokens.tokenize(text)``.

``train_tagger`` runs the rule stages over each document, computes the tagger's features
with the very function the tagger uses at run time, and trains a CRF with fixed
parameters: the same documents give the same model bytes on every run.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from typing import Any

from redes.extract.tokens import Tokens, tokenize
from redes.train.corpus import AnnotatedDoc

# L-BFGS with elastic-net regularisation; L1 and the minimum feature frequency keep the
# model small. Fixed: training is deterministic for the same data.
PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.minfreq": 1,
    "feature.possible_transitions": True,
}


def mention_spans(text: str, toks: Tokens, mentions: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Token spans (i, j, type) of every occurrence of each (mention, type), longest first on
    overlap, in text order."""
    found: list[tuple[int, int, str]] = []
    for surface, type_ in sorted(set(mentions)):
        if not surface.strip():
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            i, j = _token_range(toks, m.start(), m.end())
            if i < j:
                found.append((i, j, type_))
    found.sort(key=lambda s: (-(s[1] - s[0]), s[0], s[2]))
    taken: set[int] = set()
    out: list[tuple[int, int, str]] = []
    for i, j, t in found:
        if any(k in taken for k in range(i, j)):
            continue
        taken.update(range(i, j))
        out.append((i, j, t))
    return sorted(out)


def _token_range(toks: Tokens, start: int, end: int) -> tuple[int, int]:
    """The tokens that lie inside text[start:end]."""
    from bisect import bisect_left, bisect_right

    i = bisect_left(toks.starts, start)
    j = bisect_right(toks.ends, end)
    return i, j


def project(text: str, entities: list[dict[str, Any]], toks: Tokens | None = None) -> list[str]:
    """BIO labels of ``tokenize(text)`` from gold entities (``{"type", "mentions"}``)."""
    toks = toks if toks is not None else tokenize(text)
    labels = ["O"] * len(toks)
    pairs = [(m, e["type"]) for e in entities for m in e.get("mentions", ())]
    for i, j, t in mention_spans(text, toks, pairs):
        labels[i] = f"B-{t}"
        for k in range(i + 1, j):
            labels[k] = f"I-{t}"
    return labels


def sequences(docs: list[AnnotatedDoc]) -> list[tuple[list[list[str]], list[str]]]:
    """(features, labels) of every document, in a canonical order."""
    from redes.extract.pipeline import Pipeline
    from redes.extract.tagger import features, tagged_tokens

    pipe = Pipeline.rules_only()
    out = []
    for d in sorted(docs, key=lambda d: (d.set, d.name)):
        doc = pipe.doc(d.text)
        tokens = tagged_tokens(doc)
        labels = project(d.text, d.gold.get("entities", []), doc.tokens)
        out.append((features(doc, tokens=tokens), [labels[k] for k in tokens]))
    return out


def train_tagger(docs: list[AnnotatedDoc], params: dict[str, Any] | None = None) -> bytes:
    """A CRFsuite model (its bytes) trained on ``docs``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in sequences(docs):
        if xseq:
            trainer.append(pycrfsuite.ItemSequence(xseq), yseq)
    trainer.select("lbfgs")
    trainer.set_params({**PARAMS, **(params or {})})
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


def main(argv: list[str] | None = None) -> int:
    """``python -m redes.train.entities``: train on every annotated document and write the
    model that ``redes extract`` ships (``redes/extract/models/entities.crfsuite``)."""
    import argparse
    import hashlib
    import time
    from pathlib import Path

    from redes.extract.models import DIR, TAGGER_FILE
    from redes.train.corpus import data_hash, load

    ap = argparse.ArgumentParser(description=main.__doc__.splitlines()[0] if main.__doc__ else None)
    ap.add_argument("--shared", type=Path, default=None, help="folder with eval/ and corpus/")
    ap.add_argument("--out", type=Path, default=DIR / TAGGER_FILE)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = load(args.shared)
    model = train_tagger(docs)
    args.out.write_bytes(model)
    print(
        f"{args.out}: {len(model):,} bytes, sha256 {hashlib.sha256(model).hexdigest()}, "
        f"{len(docs)} documents (data sha256 {data_hash(docs)[:16]}), {time.perf_counter() - t0:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
