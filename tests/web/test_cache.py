"""``redes.web.cache.Cache``: one computation per key and version, the previous answer
while a slow one is redone, errors never kept."""

from __future__ import annotations

import threading

import pytest

from redes.web import cache
from redes.web.cache import Cache


def test_an_answer_is_kept_until_its_version_changes():
    c = Cache()
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert c.get("k", 1, compute) == 1
    assert c.get("k", 1, compute) == 1
    assert c.get("other", 1, compute) == 2  # another key (another scope): its own answer
    assert c.get("k", 2, compute) == 3  # fast: redone at once, and waited for
    assert len(calls) == 3


def test_concurrent_readers_share_one_computation():
    c = Cache()
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow():
        calls.append(1)
        started.set()
        release.wait(30)
        return "answer"

    results = []
    readers = [threading.Thread(target=lambda: results.append(c.get("k", 1, slow))) for _ in range(8)]
    readers[0].start()
    assert started.wait(30)
    for r in readers[1:]:
        r.start()
    release.set()
    for r in readers:
        r.join(30)
    assert results == ["answer"] * 8 and len(calls) == 1


def test_a_slow_recomputation_serves_the_previous_answer(monkeypatch):
    monkeypatch.setattr(cache, "WAIT", 0.0)
    monkeypatch.setattr(cache, "CHEAP_WAIT", 0.0)
    monkeypatch.setattr(cache, "CHEAP", 0.0)  # every recomputation in the background...
    c = Cache(spacing=0.0)  # ...and none spaced
    assert c.get("k", 1, lambda: "old") == "old"
    release, done = threading.Event(), threading.Event()

    def new():
        release.wait(30)
        return "new"

    assert c.get("k", 2, new) == "old"  # being redone in the background
    assert c.get("k", 2, lambda: pytest.fail("a second computation")) == "old"
    release.set()
    flight = c.entries["k"].flight
    if flight is not None:
        flight.add_done_callback(lambda f: done.set())
        assert done.wait(30)
    assert c.get("k", 2, lambda: pytest.fail("computed again")) == "new"


def test_errors_are_not_kept():
    c = Cache()

    def broken():
        raise LookupError("no such group")

    for _ in range(2):
        with pytest.raises(LookupError):
            c.get("k", 1, broken)
    assert "k" not in c.entries
    assert c.get("k", 1, lambda: 5) == 5


def test_a_refresh_patches_the_previous_answer():
    c = Cache()
    c.get("g", (1, 10), lambda: ["graph at 10"])
    patched = c.get(
        "g", (1, 12), lambda: pytest.fail("built anew"), lambda old, v: [*old, f"patched from {v}"]
    )
    assert patched == ["graph at 10", "patched from (1, 10)"]
    # A refresh that cannot patch asks for a new computation.
    assert c.get("g", (2, 12), lambda: ["built"], lambda old, v: None) == ["built"]


def test_the_cache_keeps_at_most_its_size():
    c = Cache(size=3)
    for i in range(10):
        c.get(i, 1, lambda i=i: i)
    assert list(c.entries) == [7, 8, 9]


def test_an_error_in_a_recomputation_is_not_hidden_by_the_previous_answer(monkeypatch):
    monkeypatch.setattr(cache, "CHEAP", 10.0)
    c = Cache()
    assert c.get("k", 1, lambda: "CJNG's map") == "CJNG's map"

    def gone():
        raise LookupError("no group matches 'CJNG' any more")

    with pytest.raises(LookupError):
        c.get("k", 2, gone)
    assert "k" not in c.entries


def test_a_computation_stops_with_the_server_not_with_its_client():
    """Work one request starts for many runs under the shared limit, detached from that
    request's client but cancelled when the server stops."""
    from redes.store.limits import Limit, current, limited

    client_gone, stopping = threading.Event(), threading.Event()
    request = Limit(5.0, (client_gone, stopping), (stopping,))
    seen = []

    def compute():
        seen.append(current())
        return 1

    with limited(request):
        Cache().get("k", 1, compute)
    (limit,) = seen
    assert limit is not request and limit.seconds == cache.SHARED_LIMIT
    client_gone.set()
    assert not limit.cancelled
    stopping.set()
    assert limit.cancelled


def test_an_answer_for_one_request_runs_under_that_request_s_limit():
    """A search or a dossier (``shared=False``) is computed in the request's thread under
    its own limit, first time and after a change: a hostile query stays as bounded as it
    was uncached, and its client going away stops it."""
    from redes.store.limits import Limit, current, limited

    request = Limit(5.0)
    seen = []

    def compute():
        seen.append((current(), threading.current_thread()))
        return len(seen)

    c = Cache()
    with limited(request):
        assert c.get("k", 1, compute, shared=False) == 1
        assert c.get("k", 1, compute, shared=False) == 1
        assert c.get("k", 2, compute, shared=False) == 2
    assert seen == [(request, threading.current_thread())] * 2


def test_a_cheap_recomputation_is_fresh_at_once(monkeypatch):
    """An answer that took less than CHEAP to make is made anew in the request's thread:
    the reader never gets the older one."""
    monkeypatch.setattr(cache, "WAIT", 0.0)
    monkeypatch.setattr(cache, "CHEAP_WAIT", 0.0)
    c = Cache()
    assert c.get("k", 1, lambda: "old") == "old"
    threads = []

    def new():
        threads.append(threading.current_thread())
        return "new"

    assert c.get("k", 2, new) == "new"
    assert threads == [threading.current_thread()]


def test_a_request_s_own_answer_is_never_spaced(monkeypatch):
    """Spacing holds back the shared pool's costly recomputations for a moment; a dossier
    or search made in the request's thread (``shared=False``) is made fresh at once: a
    reader right after a rebuild saw the old dossier otherwise."""
    import time

    monkeypatch.setattr(cache, "CHEAP", 0.0)  # every answer counts as costly
    monkeypatch.setattr(cache, "WAIT", 0.0)
    c = Cache(spacing=3600.0)  # and is spaced for 3600 times what it cost

    def made(value):
        time.sleep(0.01)  # costs 10 ms: spaced for 36 s
        return value

    assert c.get("shared", 1, lambda: made("old")) == "old"
    assert c.get("shared", 2, lambda: made("new")) == "old"  # spaced: the previous answer
    assert c.get("own", 1, lambda: made("old"), shared=False) == "old"
    assert c.get("own", 2, lambda: made("new"), shared=False) == "new"


def test_a_costly_patch_is_spaced_like_a_computation(monkeypatch):
    """A graph of 100,000 edges takes 0.2 s to patch after a review decision: under a
    stream of decisions it is patched now and then, the previous graph serving meanwhile."""
    import time

    monkeypatch.setattr(cache, "CHEAP", 0.0)
    monkeypatch.setattr(cache, "WAIT", 0.0)
    c = Cache(spacing=100.0)
    patched = []

    def patch(old, old_version):
        time.sleep(0.2)  # spaced for 20 s
        patched.append(old_version)
        return f"{old}+"

    assert c.get("g", 1, lambda: "graph", patch) == "graph"  # built at once: spaced for ms
    time.sleep(0.3)
    assert c.get("g", 2, lambda: "graph", patch) == "graph"  # patched in the background...
    deadline = time.monotonic() + 5
    while not patched and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    assert c.get("g", 2, lambda: "graph", patch) == "graph+"  # ...and kept
    assert c.get("g", 3, lambda: "graph", patch) == "graph+"  # spaced: no second patch yet
    assert patched == [1]
