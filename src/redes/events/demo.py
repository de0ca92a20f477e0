"""The shipped demo events: every UCDP GED 24.1 event in Mexico (CC BY 4.0, see NOTICE.md)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from redes.events.importing import ImportReport
from redes.events.ucdp import import_ucdp
from redes.store import Store

DEMO_FILE = "ucdp_ged_mexico_v24_1.csv.gz"


def demo_path() -> Path:
    return Path(str(resources.files("redes") / "data" / "events" / DEMO_FILE))


def load_demo(store: Store, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import the shipped GED Mexico table into ``store`` (a no-op when already there)."""
    return import_ucdp(store, demo_path(), progress=progress)
