"""Extraction: entities, nicknames and relations from English and Spanish text, offline.

``extract(text, lang=None)`` runs the default pipeline on one document;
``extract_documents(docs, jobs=1)`` runs several and resolves entities across them.
``VERSION`` is recorded with each extracted document: it changes with the rules and the
lexicons (``RULES_VERSION``) and with the shipped models (the digest of their files), so
that the store knows when to extract again.
"""

from redes.extract.model import DocExtraction, ExtractedEntity, ExtractedRelation, Span
from redes.extract.models import files_digest
from redes.extract.pipeline import Pipeline, ResolvedDocument, extract, extract_documents

RULES_VERSION = "rules-2026.12.2"
VERSION = f"{RULES_VERSION}+models-{files_digest()}"

__all__ = [
    "VERSION",
    "DocExtraction",
    "ExtractedEntity",
    "ExtractedRelation",
    "Pipeline",
    "ResolvedDocument",
    "Span",
    "extract",
    "extract_documents",
]
