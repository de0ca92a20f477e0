"""Merge candidates and list matches for the review page and API, from pairs kept
between requests.

Scoring every pair of similar names reads every person and group with its names (10 s
for 100,000 entities), and matching them against a sanctions list takes longer; both
change only when entities, names or lists do (the ``kb`` counter), not with review
decisions. So the scored pairs are kept per reader's scope, made
anew in the background after a change while the previous ones serve (``redes.web.cache``),
and each request reads the rest now: refusals, the facts that stand against a pair, and
whether both entities still exist. A pair a reviewer just decided leaves the list at once.
"""

from __future__ import annotations

from typing import Any

from redes.kb import merges, xref
from redes.store import Store
from redes.web.cache import kept


def merge_candidates(request, store: Store, limit: int) -> list[dict[str, Any]]:
    """``merges.merge_candidates(store, limit)``, from the kept scored pairs."""

    def scored() -> list:
        with store.session() as s:
            return merges.scored(s)

    pairs = kept(request, store, "merge-pairs", None, scored, ("kb",))
    return merges.merge_candidates(store, limit, pairs=pairs)


def xref_candidates(request, store: Store, source: str, limit: int) -> list[dict[str, Any]]:
    """``xref.candidates(store, source, limit)``, from the kept matches (80 s of matching
    for 100,000 entities), in the same way."""

    def matched() -> list:
        with store.session() as s:
            return xref.matched(s, source)

    matches = kept(request, store, "xref-matches", source, matched, ("kb",))
    return xref.candidates(store, source, limit, matches=matches)
