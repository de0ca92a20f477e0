"""Long lists in slices: ids for ``IN (...)`` lists no longer than every backend takes
(SQLite's default limit on bound parameters was 999), and batches of work."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

IN_LIST = 500  # ids or keys per IN (...) list


def chunks(items: Sequence[T], size: int = IN_LIST) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
