"""Where the per-document work of ingest and extraction runs: in this process, or on Dask
workers, by the same functions and in the same batches.

``workers(jobs, address)`` gives a runner: ``Inline`` (one process) when ``jobs`` is 1 and
no address is given, else a ``Cluster``: a ``distributed.LocalCluster`` of ``jobs``
worker processes (``--jobs N``) or the scheduler at ``address`` (``--cluster
tcp://HOST:8786``) with whatever workers it has. Either way ``map_batches`` yields each
batch's result in the order the batches came, so that the caller (the single writer of
the knowledge base) writes them in a fixed order whatever ran them, and a store built on
a cluster equals one built in one process.

Workers only compute: they get the bytes or texts of a batch and send back parsed
documents or extractions; they need the redes package, never the files nor the
database. A worker that dies loses nothing: the scheduler gives its batches to another
worker (``distributed.scheduler.allowed-failures`` times), and nothing is written until
the client has a batch's whole result, in one transaction (``redes.kb.writer``). Models
load once per worker process (module caches: ``redes.extract.pipeline.default_pipeline``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

C = TypeVar("C")  # what the caller keeps beside a batch (not sent to workers)


class Inline:
    """One process: each batch is run when the caller asks for its result."""

    dashboard: str | None = None
    size = 1

    def map_batches(
        self,
        fn: Callable[[Any], Any],
        batches: Iterable[tuple[C, Any]],
        started: Callable[[], None] | None = None,
    ) -> Iterator[tuple[C, Any]]:
        """``fn(payload)`` of each (context, payload), as (context, result), in order;
        ``started()`` first (see ``Cluster.map_batches``)."""
        if started is not None:
            started()
        for context, payload in batches:
            yield context, fn(payload)


class Cluster:
    """Dask workers behind ``client``; ``ahead`` batches per worker are in flight, so
    that workers keep computing while the caller writes."""

    def __init__(self, client: Any, ahead: int = 2):
        self.client = client
        self.ahead = ahead

    @property
    def size(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    @property
    def dashboard(self) -> str | None:
        return getattr(self.client, "dashboard_link", None)

    def map_batches(
        self,
        fn: Callable[[Any], Any],
        batches: Iterable[tuple[C, Any]],
        started: Callable[[], None] | None = None,
    ) -> Iterator[tuple[C, Any]]:
        """``fn(payload)`` of each (context, payload) on the workers, as (context, result),
        in order. ``started()`` is called once the first batches are on the workers, before
        any result is awaited: the caller's own work (near-duplicate grouping) runs then,
        while the workers compute."""
        running: deque = deque()
        limit = self.ahead * self.size + 1
        try:
            for context, payload in batches:
                # pure=False: two equal batches (a re-run) are two tasks, not one cached result.
                running.append((context, self.client.submit(fn, payload, pure=False)))
                if len(running) >= limit:
                    if started is not None:
                        started, call = None, started
                        call()
                    context, future = running.popleft()
                    yield context, _result(future)
            if started is not None:
                started()
            while running:
                context, future = running.popleft()
                yield context, _result(future)
        finally:
            for _, future in running:
                future.cancel()


def _result(future: Any) -> Any:
    result = future.result()
    future.release()  # the worker may forget it: memory stays flat on big corpora
    return result


@contextmanager
def workers(jobs: int = 1, address: str | None = None) -> Iterator[Inline | Cluster]:
    """A runner for ``jobs`` local worker processes, or for the Dask scheduler at
    ``address``; ``Inline`` for one process. The local cluster is closed on exit."""
    if address is None and jobs <= 1:
        yield Inline()
        return
    from distributed import Client, LocalCluster

    if address is not None:
        with Client(address, set_as_default=False) as client:
            yield _ready(client)
        return
    # One thread per worker: extraction is pure Python (the GIL), parallel only across
    # processes. The dashboard on 8787, or a free port when that one is taken.
    with (
        LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":8787",
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield _ready(client)


def _ready(client: Any) -> Cluster:
    """The workers run Python's cyclic collector less often, as the CLI does
    (``redes.runtime``): extraction allocates by the million (8% of its CPU)."""
    from redes.runtime import collect_less

    client.run(collect_less)
    return Cluster(client)
