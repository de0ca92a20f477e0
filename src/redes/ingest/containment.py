"""LSH for containment over MinHash signatures held in one numpy matrix: which documents
may contain which, for every document of a large store at once.

It answers the question of datasketch's ``MinHashLSHEnsemble`` (Zhu et al., "LSH
Ensemble: Internet-Scale Domain Search", VLDB 2016), with its size partitions
(``optimal_partitions``) and its banding parameters (the ``params`` it computes for a
threshold), but keeps no per-document Python objects: the ensemble's dictionaries of
band keys took 70 KB a document (700 MB for 10,000 documents; a 100,000-document ingest
could not run in a few GB), and it answered one query at a time (1.4 ms each). Here band
keys are computed and joined per partition and per band with sorts and binary searches
over arrays, a partition at a time, so that memory is a few bytes per document and band.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache

import numpy as np
from datasketch import MinHashLSHEnsemble
from datasketch.lshensemble_partition import optimal_partitions

# Queries joined at once: bounds the band keys held for them (8 bytes × bands × queries)
# and the pairs found, while the index's keys are computed once per block.
_QUERY_BLOCK = 8192
# Distinct sizes the partitioning reads as they are. ``optimal_partitions`` is cubic in the
# number of distinct sizes (0.8 s for 500, 15 s for 2,000: a real corpus has thousands);
# beyond this many, sizes are read as the upper edges of this many geometric buckets, each
# an upper bound of the sizes in it, as the ensemble's partitions need.
MAX_DOMAIN = 256
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: the fold of a band's rows into one key


@cache
def _params(threshold: float, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The ensemble's grid of size ratios x/q and the (bands, rows) for each."""
    ensemble = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, num_part=1)
    return np.asarray(ensemble.xqs), np.asarray(ensemble.params, dtype=np.int64)


def _band_keys(sigs: np.ndarray, rows: int, bands: int) -> np.ndarray:
    """(n, bands) uint64 keys: band j folds signature values j*rows .. (j+1)*rows - 1, as
    datasketch's MinHashLSH bands them."""
    block = sigs[:, : bands * rows].astype(np.uint64).reshape(len(sigs), bands, rows)
    keys = block[:, :, 0].copy()
    with np.errstate(over="ignore"):  # the fold wraps around on purpose
        for t in range(1, rows):
            keys = keys * _MIX ^ block[:, :, t]
    return keys


def _join(index_keys: np.ndarray, query_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query position, index position) of every equal pair of keys."""
    order = np.argsort(index_keys, kind="stable")
    ranked = index_keys[order]
    lo = np.searchsorted(ranked, query_keys, side="left")
    hi = np.searchsorted(ranked, query_keys, side="right")
    counts = hi - lo
    hit = np.nonzero(counts)[0]
    if not len(hit):
        return hit, hit
    counts = counts[hit]
    queries = np.repeat(hit, counts)
    # The positions lo[i] .. hi[i] - 1 of each hit, laid end to end.
    starts = np.repeat(lo[hit] - np.cumsum(counts) + counts, counts)
    return queries, order[starts + np.arange(len(queries))]


def _bucketed(sizes: np.ndarray) -> np.ndarray:
    """``sizes`` as the partitioning reads them: themselves when there are at most
    ``MAX_DOMAIN`` distinct ones, else the upper edge of their geometric bucket."""
    distinct = np.unique(sizes)
    if len(distinct) <= MAX_DOMAIN:
        return sizes
    edges = np.unique(np.ceil(np.geomspace(max(1, distinct[0]), distinct[-1], MAX_DOMAIN)).astype(sizes.dtype))
    edges[-1] = max(edges[-1], distinct[-1])
    return edges[np.searchsorted(edges, sizes, side="left")]


class ContainmentIndex:
    """Documents (ids, signatures as rows of uint32, shingle counts), split by size into
    at most ``num_part`` partitions; ``query`` finds, for other documents, those of the
    index that may contain at least ``threshold`` of them."""

    def __init__(
        self, ids: np.ndarray, sigs: np.ndarray, sizes: np.ndarray, threshold: float, num_part: int = 8
    ):
        self.threshold = threshold
        self.num_perm = sigs.shape[1]
        self.parts: list[tuple[int, np.ndarray, np.ndarray]] = []  # (upper size, ids, signatures)
        if not len(ids):
            return
        read = _bucketed(sizes)
        counts = Counter(read.tolist())
        domain = np.array(sorted(counts))
        bounds = optimal_partitions(domain, np.array([counts[s] for s in domain]), min(num_part, len(domain)))
        for lower, upper in bounds:
            inside = (read >= lower) & (read <= upper)
            if inside.any():
                self.parts.append((int(upper), ids[inside], sigs[inside]))

    def query(
        self, ids: np.ndarray, sigs: np.ndarray, sizes: np.ndarray
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Candidate pairs (query ids, index ids), a block of queries at a time, each
        block's pairs sorted and once only, a document never paired with itself."""
        xqs, params = _params(self.threshold, self.num_perm)
        for start in range(0, len(ids), _QUERY_BLOCK):
            block = slice(start, start + _QUERY_BLOCK)
            packed = self._block(ids[block], sigs[block], sizes[block], xqs, params)
            a, b = packed >> 32, packed & 0xFFFFFFFF
            keep = a != b
            yield a[keep], b[keep]

    def _block(
        self, ids: np.ndarray, sigs: np.ndarray, sizes: np.ndarray, xqs: np.ndarray, params: np.ndarray
    ) -> np.ndarray:
        found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]  # pairs packed as query id << 32 | index id
        for upper, part_ids, part_sigs in self.parts:
            # Each query's (bands, rows) for this partition, from the ratio of its sizes.
            at = np.minimum(np.searchsorted(xqs, upper / np.maximum(sizes, 1), side="left"), len(xqs) - 1)
            for rows in np.unique(params[at, 1]):
                chosen = np.nonzero(params[at, 1] == rows)[0]
                bands = params[at[chosen], 0]
                width = int(bands.max())
                index_keys = _band_keys(part_sigs, int(rows), width)
                keys = _band_keys(sigs[chosen], int(rows), width)
                for j in range(width):
                    use = np.nonzero(bands > j)[0]  # a query looks at its first b bands
                    q, x = _join(index_keys[:, j], keys[use, j])
                    found.append(ids[chosen[use[q]]].astype(np.int64) << 32 | part_ids[x].astype(np.int64))
        return np.unique(np.concatenate(found))
