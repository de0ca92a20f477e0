"""Cross-document entity resolution (see ``redes.resolve.resolver``)."""

from redes.resolve.resolver import Judgement, KnownEntity, Resolved, Resolver

__all__ = ["Judgement", "KnownEntity", "Resolved", "Resolver"]
