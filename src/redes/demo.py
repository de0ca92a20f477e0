"""The demo: a database built from the bundled, openly licensed corpus (and, where the
events package provides it, the bundled UCDP GED events for Mexico)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from redes.ingest.pipeline import IngestReport, ingest
from redes.store import Store


def corpus_path() -> Path:
    """The folder of bundled demo documents (with metadata.csv and NOTICE)."""
    return Path(str(resources.files("redes") / "data" / "corpus"))


def build_demo(
    store: Store, jobs: int = 1, progress: Callable[[str, int, int | None], None] | None = None
) -> IngestReport:
    """Ingest the bundled corpus and load the bundled events; safe to run again."""
    from redes.events import load_demo

    report = ingest(store, [corpus_path()], collection="public", jobs=jobs, progress=progress)
    load_demo(store)
    return report
