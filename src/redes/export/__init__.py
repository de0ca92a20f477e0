"""Exports of the knowledge base: FollowTheMoney entities (``ftm``), GraphML and GEXF for
Gephi (``graph``), and CSV tables (``tables``). Rejected claims are never exported.

The writers load on first use: the CLI imports this package on every start, and
followthemoney alone takes about a second to import."""

from importlib import import_module
from typing import Any

FORMATS = ("ftm", "graphml", "gexf", "csv")

_WHERE = {
    "write_ftm": "redes.export.ftm",
    "knowledge_graph": "redes.export.graph",
    "write_graphml": "redes.export.graph",
    "write_gexf": "redes.export.graph",
    "write_csv": "redes.export.tables",
}

__all__ = ["FORMATS", *_WHERE]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
