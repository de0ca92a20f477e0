"""Dossiers kept between requests, per reader's scope, until their entity's claims change.

A dossier reads every claim of an entity with its evidence and sources (a hub's takes
tens of milliseconds, a typical one several). It is kept by the knowledge base's version
(``redes.kb.state``): anything but a review decision makes it anew; review decisions
(which only change a claim's status) leave it as it is unless one of the claims judged
since was about this entity (``state.entities_judged``), so a stream of decisions
elsewhere does not empty the cache, and a reader sees their own decision at once.
"""

from __future__ import annotations

import threading
from typing import Any

from redes import kb
from redes.kb import state
from redes.store import Store
from redes.web.cache import app_cache, app_held, scope_key, version_of


def dossier(
    request, store: Store, entity: str, quotes: int | None, as_of: int | None = None
) -> dict[str, Any]:
    """``kb.dossier(store, entity, quotes, as_of)``, kept: the answer is shared, never change it."""
    version = version_of(request)

    def compute() -> dict[str, Any]:
        as_of_arg = {} if as_of is None else {"as_of": as_of}
        return kb.dossier(store, entity, quotes=quotes, **as_of_arg)

    def refresh(old: dict[str, Any], old_version: tuple[int, int]) -> dict[str, Any] | None:
        kb_counter, judged = old_version
        if kb_counter != version.kb:
            return None
        touched = _judged(request).between(store, judged, version.judgement)
        return old if touched is not None and old["id"] not in touched else None

    cache = app_cache(request, "dossiers", size=1024)
    key = (scope_key(store), entity, quotes, as_of)
    return cache.get(key, (version.kb, version.judgement), compute, refresh, shared=False)


class JudgedLog:
    """The entities each recent judgement was about, read from the database once per
    process: under a stream of review decisions every kept dossier asks what changed since
    its own version, and most of them ask about the same few judgements."""

    KEEP = 4096  # judgements remembered; an older range is read from the database

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.known: dict[int, frozenset[str] | None] = {}  # id -> slugs (None: not a claim's)
        # Every judgement after ``floor`` up to ``upto`` was read (ids never used are absent).
        self.floor = self.upto = 0

    def between(self, store: Store, after: int, upto: int) -> set[str] | None:
        """What ``state.entities_judged(store, after, upto)`` says, mostly from memory."""
        with self.lock:
            if not self.known:
                self.floor = self.upto = max(after, self.upto)
            start = self.upto
            forgotten = after < self.floor
        if forgotten:
            return state.entities_judged(store, after, upto)
        if upto > start:
            fresh = state.judgements_about(store, start, upto)
            with self.lock:
                if self.upto == start:  # else another thread read it meanwhile
                    self.known.update(fresh)
                    self.upto = upto
                    for old in sorted(self.known)[: max(0, len(self.known) - self.KEEP)]:
                        del self.known[old]
                        self.floor = old
        with self.lock:
            if after < self.floor or upto > self.upto:
                found = None  # forgotten or not read yet meanwhile
            elif upto - after <= len(self.known):
                found = [self.known.get(jid, frozenset()) for jid in range(after + 1, upto + 1)]
            else:
                found = [slugs for jid, slugs in self.known.items() if after < jid <= upto]
        if found is None:
            return state.entities_judged(store, after, upto)
        if any(slugs is None for slugs in found):
            return None
        return set().union(*found)


def _judged(request) -> JudgedLog:
    return app_held(request, "judged", JudgedLog)
