"""Conflict events: UCDP GED and ACLED import, actor mapping, summaries, charts and maps.

The importers load when first asked for (PEP 562): importing any part of this package
must not cost numpy and shapely (``redes --help`` reads ``redes.events.vocabulary``)."""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "import_acled": "redes.events.acled",
    "import_ucdp": "redes.events.ucdp",
    "load_demo": "redes.events.demo",
}

__all__ = ["import_acled", "import_ucdp", "load_demo"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
