"""Conflict events: UCDP GED and ACLED import, actor mapping, summaries, charts and maps."""

from redes.events.acled import import_acled
from redes.events.demo import load_demo
from redes.events.ucdp import import_ucdp

__all__ = ["import_acled", "import_ucdp", "load_demo"]
