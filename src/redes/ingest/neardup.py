"""Near-duplicate documents as one source: a press release and its reprint, an excerpt of
a longer release, one text under two file names with a changed header.

Each document gets a MinHash signature of its word shingles (``datasketch``) and a
*source group*: the id of the earliest document (by publication date, then id) of its
near-duplicate cluster. Corroboration (``redes.kb.facts``) counts source groups, not
documents, so that copies of one text do not corroborate each other.

Two documents are near-duplicates when one's shingles are, for the most part, contained
in the other's. Containment rather than Jaccard similarity: an excerpt of a release shares
nearly all of its shingles with the full text, yet far fewer than half of the union.
Candidates come from a ``MinHashLSHEnsemble`` (LSH for containment) over the stored
signatures; each candidate pair is then checked on the two texts' shingles, since a MinHash
estimate of containment is too noisy when one text is several times the other's length
(an excerpt: 0.61 estimated for 0.96 true).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from redes.store.models import Document

NUM_PERM = 128
# datasketch's 32-bit hashing: signatures of 4 bytes per permutation, 512 bytes stored per
# document; named, since stored signatures are only comparable under one scheme and seed.
SCHEME = "affine32"
# Words per shingle: five words in a row rarely recur in two independently written texts
# about the same event (their names and stock phrases are shorter), while a copy keeps
# nearly all of them.
SHINGLE = 5
# Share of one text's shingles that must be in the other. Reprints and excerpts keep 0.9
# and more (the demo's excerpt of a DOJ release: 0.96) after a changed headline, dateline
# or footer; two releases that quote the same statement share a fifth (0.20 in the demo
# corpus). 0.8 leaves room for boilerplate without joining texts that merely quote.
CONTAINMENT = 0.8
# What the LSH ensemble proposes for checking: low, so that it misses no true pair despite
# the estimate's noise (on the corpus, 11 candidate pairs for 1 true one).
CANDIDATE = 0.5
# An LSH Ensemble costs milliseconds a document to build (20,000 documents: 49 s with 4 size
# partitions, 61 s with 16, on the 2-core test machine), too much for every ingest into a
# large store. Above this many documents an ingest finds the older texts that contain a new
# one with a plain MinHashLSH (Jaccard, 0.1 ms a document: copies and reprints), and the
# excerpt of an older, much longer text waits for ``redes rebuild``, which builds the
# ensemble over every document once. Older excerpts of a new text are always found (an
# ensemble of the new documents alone).
FULL_INDEX = 5000
_WORD = re.compile(r"\w+")
# Characters of a text that its shingles come from: a copy or a reprint shows in its first
# million characters, and the shingles of a whole long text took 150 times its size in
# memory (3.1 GB for a 20 MB text; a 100 MB one could not be ingested). An excerpt taken
# from further into a longer text is not found.
MAX_TEXT = 1_000_000


def shingles(text: str) -> set[str]:
    """The word shingles of the text's first ``MAX_TEXT`` characters, case and accents
    ignored (a text shorter than a shingle is one shingle)."""
    folded = unicodedata.normalize("NFKD", text[:MAX_TEXT].lower())
    words = _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))
    return (
        {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
        if words
        else set()
    )


def signature(text: str) -> tuple[bytes | None, int]:
    """(MinHash signature as bytes, number of shingles); (None, 0) for a text without words."""
    sh = shingles(text)
    if not sh:
        return None, 0
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(s.encode() for s in sh)
    return m.hashvalues.astype(np.uint32).tobytes(), len(sh)


def _minhash(raw: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(raw, dtype=np.uint32))


def containment(small: set[str], big: set[str]) -> float:
    """Share of ``small``'s shingles that are in ``big``."""
    return len(small & big) / len(small) if small else 0.0


class _Doc:
    __slots__ = ("id", "published", "minhash", "size", "group")

    def __init__(self, id: int, published: str | None, minhash: MinHash | None, size: int, group: int | None):
        self.id, self.published, self.minhash, self.size, self.group = id, published, minhash, size, group


def regroup(session: Session, document_ids: Iterable[int] | None = None) -> int:
    """Sign the documents that have no signature and (re)compute source groups: for the
    documents ``document_ids`` (new ones: their clusters may take in older documents and
    join older clusters), or for every document from scratch (None, a rebuild). Returns
    how many documents changed group."""
    from redes.sources import LIST_FORMATS

    # A structured list's entries are one source group by construction (``redes.sources``).
    rows = session.execute(
        select(
            Document.id, Document.published, Document.minhash, Document.shingles, Document.source_group
        ).where(Document.format.notin_(LIST_FORMATS))
    ).all()
    docs: dict[int, _Doc] = {}
    for doc_id, published, raw, size, group in rows:
        if raw is None:
            raw, size = _sign(session, doc_id)
        docs[doc_id] = _Doc(doc_id, published, _minhash(raw) if raw else None, size or 0, group)
    targets = set(docs) if document_ids is None else set(document_ids) & set(docs)
    if not targets:
        return 0
    parent = {d: d for d in docs}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    if document_ids is not None:  # keep the clusters already found
        for d in docs.values():
            if d.group is not None and d.group in docs:
                union(d.id, d.group)
    signed = [d for d in docs.values() if d.minhash is not None]
    for a, b in _pairs(session, signed, [docs[t] for t in targets if docs[t].minhash is not None]):
        union(a, b)
    clusters: dict[int, list[_Doc]] = {}
    for d in docs.values():
        clusters.setdefault(find(d.id), []).append(d)
    changed = []
    touched = {find(t) for t in targets}
    for root, members in clusters.items():
        if document_ids is not None and root not in touched:
            continue
        head = min(members, key=lambda d: (d.published or "9999", d.id)).id
        changed += [(d.id, head) for d in members if d.group != head]
    for i in range(0, len(changed), 500):
        session.execute(
            update(Document),
            [{"id": doc_id, "source_group": head} for doc_id, head in changed[i : i + 500]],
        )
    return len(changed)


def _sign(session: Session, doc_id: int) -> tuple[bytes | None, int]:
    text = session.scalar(select(Document.text).where(Document.id == doc_id)) or ""
    raw, size = signature(text)
    session.execute(update(Document).where(Document.id == doc_id).values(minhash=raw, shingles=size))
    return raw, size


def _pairs(session: Session, signed: list[_Doc], targets: list[_Doc]) -> Iterable[tuple[int, int]]:
    """Near-duplicate pairs between ``targets`` and every signed document: the documents
    that contain a target, and those a target contains."""
    if not targets:
        return
    by_id = {d.id: d for d in signed}
    texts: dict[int, set[str]] = {}
    ids = {t.id for t in targets}

    def checked(small: _Doc, big: _Doc) -> Iterable[tuple[int, int]]:
        for d in (small, big):
            if d.id not in texts:
                texts[d.id] = shingles(session.scalar(select(Document.text).where(Document.id == d.id)) or "")
        if containment(texts[small.id], texts[big.id]) >= CONTAINMENT:
            yield small.id, big.id

    if len(signed) <= FULL_INDEX or len(ids) == len(signed):
        everyone = _ensemble(signed)
        found = ((t, everyone.query(t.minhash, t.size)) for t in targets)
    else:
        jaccard = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
        for d in signed:
            jaccard.insert(d.id, d.minhash)
        found = ((t, jaccard.query(t.minhash)) for t in targets)
    for t, others in found:
        for other in others:
            if other != t.id:
                yield from checked(t, by_id[other])
    if len(ids) == len(signed):
        return  # every document was a target: nothing left to look at the other way
    ensemble = _ensemble(targets)
    for d in signed:
        if d.id not in ids:
            for t in ensemble.query(d.minhash, d.size):
                yield from checked(d, by_id[t])


def _ensemble(docs: list[_Doc]) -> MinHashLSHEnsemble:
    # 8 size partitions: the demo's excerpt is found with 4 already (1 proposes 20 times more
    # pairs to check), and each partition adds to the cost of building.
    index = MinHashLSHEnsemble(threshold=CANDIDATE, num_perm=NUM_PERM, num_part=min(8, max(1, len(docs))))
    index.index((d.id, d.minhash, d.size) for d in docs)
    return index
