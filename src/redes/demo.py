"""The demo: a database built from the bundled, openly licensed corpus (and, where the
events package provides it, the bundled UCDP GED events for Mexico), with OFAC's SDN list
of 2024-05-03 (public domain) as a structured source beside it."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from redes.ingest.pipeline import IngestReport, ingest
from redes.store import Store


def corpus_path() -> Path:
    """The folder of bundled demo documents (with metadata.csv and NOTICE)."""
    return Path(str(resources.files("redes") / "data" / "corpus"))


def sdn_path() -> Path:
    """The bundled OFAC SDN list (with its NOTICE)."""
    return Path(str(resources.files("redes") / "data" / "sources" / "ofac_sdn_2024-05-03.csv.gz"))


def build_demo(
    store: Store, jobs: int = 1, progress: Callable[[str, int, int | None], None] | None = None
) -> IngestReport:
    """Ingest the bundled corpus, load the bundled events and import the bundled SDN list;
    safe to run again."""
    from redes.events import load_demo
    from redes.sources.importing import import_file

    report = ingest(store, [corpus_path()], collection="public", jobs=jobs, progress=progress)
    load_demo(store)
    import_file(store, "ofac-sdn", sdn_path())
    return report
