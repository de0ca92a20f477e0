"""Answers kept while what they were made from has not changed, for each reader's scope.

Each answer is stored with the version it was made at (counters of ``redes.kb.state``, or
the serial of the graph it was computed on). A request names the current version:

- the same version: the kept answer, at once;
- no answer yet, or an older answer that took less than ``CHEAP`` (50 ms) to make: it is
  computed in the request's thread; concurrent requests for the same key wait for that
  one computation instead of each starting their own;
- an older answer that took longer: the new one is computed in the background (one at a
  time per key, two keys at a time) and the request waits for it at most ``WAIT`` seconds
  (0.25) when the last computation took longer than that, else at most ``CHEAP_WAIT``
  (0.5 s); past that it gets the older answer.

So a slow computation (communities of a 100,000-node graph take seconds) never holds
readers up after a change, and a fast one (anything on the demo corpus) is fresh: a
reader sees their own review decision. After a computation that took t seconds (t over
``CHEAP``, 50 ms), the next one for the same key starts no sooner than 10 t after it
ended: under a stream of review decisions, a slow answer is recomputed now and then, not
continuously.

Keys start with the reader's ``Scope.key``: readers with different grants never share an
answer, stale or fresh (docs/security.md). Everything is kept in the process's memory; with
several worker processes each has its own (their versions come from the database, so all
see a change).

Computations run under a statement time limit of their own (``SHARED_LIMIT``), not the
request's: their result serves every reader, so one reader who goes away must not cancel
it, and a large graph takes longer than a request's statements may. They still stop when
the server stops (the request's limit, detached from its client: ``Limit.detached``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("redes.web")

WAIT = 0.25  # seconds a reader waits for a new answer of a slow computation
CHEAP = 0.05  # a computation this fast is redone at once after any change...
CHEAP_WAIT = 0.5  # ...and a reader waits this long for one that took less than WAIT
SPACING = 10.0  # after a computation of t seconds, the next starts no sooner than 10 t later
SHARED_LIMIT = 300.0  # seconds each statement of a shared computation may run
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="redes-cache")


def shared_limit():
    """The statement limit of work one request starts for many readers (see the module's
    docstring): ``SHARED_LIMIT`` per statement, stopped when the server stops (the
    request's own limit, detached from its client), captured in the request's thread."""
    from redes.store.limits import Limit, current

    base = current()
    return Limit(SHARED_LIMIT) if base is None else base.detached(SHARED_LIMIT)


@dataclass
class _Entry:
    value: Any = None
    version: Hashable = None
    has_value: bool = False
    cost: float = 0.0
    done_at: float = 0.0
    flight: Future | None = None


@dataclass
class Cache:
    """Answers by key, at most ``size`` of them (least recently used go first)."""

    size: int = 256
    wait: float | None = None  # default: WAIT, read when the cache is made
    spacing: float | None = None  # default: SPACING
    entries: OrderedDict = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hits: int = 0
    misses: int = 0
    stale: int = 0

    def __post_init__(self) -> None:
        self.wait = WAIT if self.wait is None else self.wait
        self.spacing = SPACING if self.spacing is None else self.spacing

    def get(
        self,
        key: Hashable,
        version: Hashable,
        compute: Callable[[], Any],
        refresh: Callable[[Any, Hashable], Any] | None = None,
        shared: bool = True,
    ) -> Any:
        """The answer for ``key`` at ``version``. ``compute()`` makes it from scratch;
        ``refresh(old, old_version)``, when given, makes it from an older answer (a graph
        patched after review decisions) and may return None to ask for ``compute``.
        ``shared=False``: an answer made for one request's parameters (a search, a
        dossier), always computed in the request's thread under the request's own
        statement limit, never the longer ``SHARED_LIMIT``: a hostile query stays as
        bounded as it was uncached."""
        run_here = None
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = _Entry()
                self._trim()
            else:
                self.entries.move_to_end(key)
                if entry.has_value and entry.version == version:
                    self.hits += 1
                    return entry.value
            self.misses += 1
            flight = entry.flight
            if flight is None:
                # Spacing spares the shared pool a storm of costly recomputations; an
                # answer made in the request's own thread (a dossier, a search) is made
                # fresh: a reader right after a rebuild saw the old dossier a while longer.
                if (
                    shared
                    and entry.has_value
                    and entry.cost >= CHEAP
                    and time.monotonic() < entry.done_at + self.spacing * entry.cost
                ):
                    self.stale += 1
                    return entry.value  # recomputed a moment ago: not again so soon
                flight = entry.flight = Future()
                old, old_version = (entry.value, entry.version) if entry.has_value else (None, None)
                limit = shared_limit() if shared else None
                job = (key, entry, flight, version, compute, refresh, old, old_version, limit)
                if shared and entry.has_value and entry.cost >= CHEAP:
                    _POOL.submit(self._run, *job)
                else:
                    run_here = job
            has_value, value = entry.has_value, entry.value
            wait = self.wait if entry.cost >= self.wait else max(self.wait, CHEAP_WAIT)
        if run_here is not None:
            self._run(*run_here)  # then answered below, at once
        if not has_value:
            return flight.result()  # the first computation, which another request started
        try:
            return flight.result(timeout=wait)
        except FutureTimeout:
            with self.lock:
                self.stale += 1
            return value
        except (LookupError, ValueError):
            raise  # what the data says now (a name no longer known): no older answer hides it
        except Exception:  # a failure of the moment, logged by _run: the previous answer serves
            return value

    def _run(self, key, entry, flight, version, compute, refresh, old, old_version, limit) -> None:
        from redes.store.limits import limited

        started = time.monotonic()
        try:
            with limited(limit) if limit is not None else contextlib.nullcontext():
                value = refresh(old, old_version) if refresh is not None and old is not None else None
                if value is None:
                    value = compute()
        except BaseException as exc:
            with self.lock:
                entry.flight = None
                answer = isinstance(exc, LookupError | ValueError)  # an answer (404, 400), not a failure
                if (answer or not entry.has_value) and self.entries.get(key) is entry:
                    del self.entries[key]
            if old is not None and not answer:
                log.warning("could not recompute a cached answer (the previous one serves): %s", exc)
            flight.set_exception(exc)
            return
        with self.lock:
            entry.value, entry.version, entry.has_value = value, version, True
            entry.done_at = time.monotonic()
            entry.cost = entry.done_at - started
            entry.flight = None
        flight.set_result(value)

    def _trim(self) -> None:
        while len(self.entries) > self.size:
            old_key = next(iter(self.entries))
            if self.entries[old_key].flight is not None:
                self.entries.move_to_end(old_key)  # being computed: keep it
                if all(e.flight is not None for e in self.entries.values()):
                    return
                continue
            del self.entries[old_key]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def scope_key(store) -> tuple:
    """What keys answers for the reader of ``store``: the collections they may read."""
    scope = store.scope
    return ("all",) if scope is None else scope.key


_VERSION = "redes_version"  # where a request keeps the counters it read


def remember_version(scope, version) -> None:
    """Keep the counters read for the request of ``scope`` (the sign-in check reads them on
    its connection, sparing each request a query)."""
    scope.setdefault("state", {})[_VERSION] = version


def version_of(request) -> Any:
    """The knowledge base's counters (``redes.kb.state.version``), read once per request."""
    from redes.kb import state

    found = request.scope.get("state", {}).get(_VERSION)
    if found is None:
        found = state.version(request.app.state.store)
        remember_version(request.scope, found)
    return found


def app_held(request, name: str, make: Callable[[], Any]) -> Any:
    """The object the app keeps as ``name`` (a cache, a log), made by ``make()`` on first
    use, once even when requests race for it (one per worker process)."""
    state = request.app.state
    attr = f"redes_{name}"
    found = getattr(state, attr, None)
    if found is None:
        with _CREATE:
            found = getattr(state, attr, None)
            if found is None:
                found = make()
                setattr(state, attr, found)
    return found


_CREATE = threading.Lock()


def app_cache(request, name: str, size: int = 256) -> Cache:
    """The app's cache called ``name``, made on first use (one per worker process)."""
    return app_held(request, f"cache_{name}", lambda: Cache(size=size))


# What territory answers read: entities and claims, where groups operate (the review of
# those claims), and the events; other review decisions leave them as they are.
TERRITORY = ("kb", "places", "events")


def kept(
    request,
    store,
    name: str,
    params: Hashable,
    compute: Callable[[], Any],
    depends: tuple[str, ...] = ("kb", "review", "events"),
    shared: bool = True,
    cache: str = "answers",
) -> Any:
    """``compute()`` (an answer read from ``store``, the requester's view), kept until one
    of the counters it ``depends`` on changes, separately for each scope. ``shared``: see
    ``Cache.get``. ``cache``: the cache it goes in; answers that come in their thousands
    (searches) have their own, so as not to push out the few costly ones (territory)."""
    version = version_of(request).of(*depends)
    kept_in = app_cache(request, cache, size=512)
    return kept_in.get((scope_key(store), name, params), version, compute, shared=shared)
