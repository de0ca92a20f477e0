"""Near-duplicate documents as one source: a press release and its reprint, an excerpt of
a longer release, one text under two file names with a changed header.

Each document gets a MinHash signature of its word shingles (``datasketch``) and a
*source group*: the id of the earliest document (by publication date, then id) of its
near-duplicate cluster. Corroboration (``redes.kb.facts``) counts source groups, not
documents, so that copies of one text do not corroborate each other.

Two documents are near-duplicates when one's shingles are, for the most part, contained
in the other's. Containment rather than Jaccard similarity: an excerpt of a release shares
nearly all of its shingles with the full text, yet far fewer than half of the union.
Candidates come from LSH for containment (``redes.ingest.containment``, an LSH Ensemble
over arrays) over the stored signatures of every document, at every ingest; each
candidate pair is then checked on the two texts' shingles, since a MinHash estimate of
containment is too noisy when one text is several times the other's length (an excerpt:
0.61 estimated for 0.96 true).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from hashlib import sha1
from itertools import chain
from operator import methodcaller

import numpy as np
from datasketch import MinHash
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from redes.ingest.containment import ContainmentIndex
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
# How far below its expectation a true pair's share of agreeing permutations may fall
# before it is not checked on the texts: 3 standard errors, one miss in 700.
_SIGMAS = 3.0
# Candidate pairs compared at once (two rows of 512 bytes each).
_COMPARED = 16384
# Shingle sets kept while checking candidate pairs (one is about 30 KB for 350 words).
_TEXTS = 2048
_WORD = re.compile(r"\w+")
# Characters of a text that its shingles come from: a copy or a reprint shows in its first
# million characters, and the shingles of a whole long text took 150 times its size in
# memory (3.1 GB for a 20 MB text; a 100 MB one could not be ingested). An excerpt taken
# from further into a longer text is not found.
MAX_TEXT = 1_000_000


_ASCII = frozenset(map(chr, range(128)))


def _bare(text: str) -> str:
    """``text`` without combining marks (the accents NFKD splits off): each mark the text
    holds (a few) removed by ``str.replace``, faster than a translation of every character."""
    for char in set(text).difference(_ASCII):
        if unicodedata.combining(char):
            text = text.replace(char, "")
    return text


def shingles(text: str) -> set[str]:
    """The word shingles of the text's first ``MAX_TEXT`` characters, case and accents
    ignored (a text shorter than a shingle is one shingle)."""
    folded = unicodedata.normalize("NFKD", text[:MAX_TEXT].lower())
    words = _WORD.findall(folded if folded.isascii() else _bare(folded))
    if len(words) <= SHINGLE:
        return {" ".join(words)} if words else set()
    # The runs of SHINGLE words, joined in C: ``zip`` of the list shifted by 0..SHINGLE-1.
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))


def signature(text: str) -> tuple[bytes | None, int]:
    """(MinHash signature as bytes, number of shingles); (None, 0) for a text without words."""
    sh = shingles(text)
    if not sh:
        return None, 0
    # datasketch hashes each value with ``hashfunc``; the values given are already hashed.
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations(), hashfunc=int)
    m.update_batch(_sha1_hash32(sh).tolist())
    return m.hashvalues.astype(np.uint32).tobytes(), len(sh)


_DIGEST = methodcaller("digest")


def _sha1_hash32(values: Iterable[str]) -> np.ndarray:
    """datasketch's ``sha1_hash32`` of each value's UTF-8 (the first 4 bytes of its SHA-1,
    little-endian), looped in C rather than by a Python call per value."""
    digests = b"".join(map(_DIGEST, map(sha1, map(str.encode, values))))
    return np.frombuffer(digests, dtype="<u4")[:: sha1().digest_size // 4]


@cache
def _permutations() -> np.ndarray:
    """The permutations of ``SCHEME`` (seed 1), drawn once rather than for every document."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def containment(small: set[str], big: set[str]) -> float:
    """Share of ``small``'s shingles that are in ``big``."""
    return len(small & big) / len(small) if small else 0.0


class _Doc:
    __slots__ = ("id", "published", "group")

    def __init__(self, id: int, published: str | None, group: int | None):
        self.id, self.published, self.group = id, published, group


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
    signed: list[tuple[int, bytes, int]] = []
    for doc_id, published, raw, size, group in rows:
        if raw is None:
            raw, size = _sign(session, doc_id)
        docs[doc_id] = _Doc(doc_id, published, group)
        if raw:
            signed.append((doc_id, raw, size or 1))
    del rows
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
    for a, b in _pairs(session, signed, targets):
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


def _pairs(
    session: Session, signed: list[tuple[int, bytes, int]], targets: set[int]
) -> Iterator[tuple[int, int]]:
    """Near-duplicate pairs between ``targets`` and every signed (id, signature, size)
    document: the documents that contain a target, and those a target contains."""
    ids = np.array([doc_id for doc_id, _, _ in signed], dtype=np.int64)
    sigs = np.frombuffer(b"".join(raw for _, raw, _ in signed), dtype=np.uint32).reshape(
        len(signed), NUM_PERM
    )
    sizes = np.array([size for _, _, size in signed], dtype=np.int64)
    mine = np.isin(ids, np.fromiter(targets, dtype=np.int64, count=len(targets)))
    if not mine.any():
        return

    @lru_cache(maxsize=_TEXTS)
    def shingled(doc_id: int) -> frozenset[str]:
        return frozenset(shingles(session.scalar(select(Document.text).where(Document.id == doc_id)) or ""))

    # (small, big): the texts that contain a target, then (unless every document is one)
    # the texts a target contains. Sorted by the small one: its shingles are reused.
    found = ContainmentIndex(ids, sigs, sizes, CANDIDATE).query(ids[mine], sigs[mine], sizes[mine])
    if not mine.all():
        new = ContainmentIndex(ids[mine], sigs[mine], sizes[mine], CANDIDATE)
        found = chain(found, new.query(ids[~mine], sigs[~mine], sizes[~mine]))
    row = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
    row[ids] = np.arange(len(ids))
    for small, big in found:
        for a, b in _plausible(small, big, row, sigs, sizes):
            if containment(shingled(a), shingled(b)) >= CONTAINMENT:
                yield a, b


def _plausible(
    small: np.ndarray, big: np.ndarray, row: np.ndarray, sigs: np.ndarray, sizes: np.ndarray
) -> Iterator[tuple[int, int]]:
    """The candidate pairs whose signatures agree on enough permutations for a true
    containment of ``CONTAINMENT``: at least the Jaccard similarity that it implies for
    their sizes, less ``_SIGMAS`` standard errors of its estimate. Most candidates share a
    sentence or two (LSH for a low threshold proposes them); their texts need not be read.
    """
    for start in range(0, len(small), _COMPARED):
        a, b = row[small[start : start + _COMPARED]], row[big[start : start + _COMPARED]]
        agree = (sigs[a] == sigs[b]).mean(axis=1)
        q, x = sizes[a].astype(float), sizes[b].astype(float)
        jaccard = np.minimum(CONTAINMENT * q / np.maximum(q + x - CONTAINMENT * q, 1), 1.0)
        floor = jaccard - _SIGMAS * np.sqrt(jaccard * (1 - jaccard) / NUM_PERM)
        keep = np.nonzero(agree >= floor)[0]
        yield from zip(small[start + keep].tolist(), big[start + keep].tolist(), strict=True)
