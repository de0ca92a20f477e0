"""Process-wide settings for redes's own long-running processes (the CLI and the web
server's workers), not for a program that imports redes as a library."""

from __future__ import annotations

import gc

# Allocations between young-generation collections (CPython's default is 700).
YOUNG = 50_000


def collect_less() -> None:
    """Run Python's cyclic garbage collector less often.

    redes reads rows by the hundred thousand (a graph's million claims, every name for
    merge candidates, a hub's dossier), and every few hundred objects allocated the
    collector walked the young objects, and often every live one: half the CPU of
    building the 100k graph (16.5 s, 9.7 s without), of a hub's dossier and of the
    contested states. Memory is freed by reference counting as before; only garbage in
    reference cycles waits longer. What is alive once the process has started (modules,
    lexicons, models) is frozen out of the collector's walks for good."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)
