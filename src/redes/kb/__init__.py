"""The knowledge base: claims with their evidence and corroboration, contradictions,
timelines, dossiers, and review judgements that survive every rebuild.

Everything here takes a ``Store`` and returns plain dicts and lists, so the CLI and the
web app call the same functions.
"""

from redes.kb.conflicts import contradictions
from redes.kb.dossiers import dossier, timeline
from redes.kb.facts import claim, list_claims
from redes.kb.locks import RebuildRunning
from redes.kb.lookup import LookupFailed, find
from redes.kb.pipeline import UpdateStats, pending_documents, pipeline_version, rebuild, scan_owed, update

__all__ = [
    "LookupFailed",
    "RebuildRunning",
    "UpdateStats",
    "claim",
    "contradictions",
    "dossier",
    "find",
    "list_claims",
    "pending_documents",
    "pipeline_version",
    "rebuild",
    "scan_owed",
    "timeline",
    "update",
]
