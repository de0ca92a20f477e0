"""Structured sources: sanctions lists and other followthemoney entity streams.

``ofac`` reads OFAC's SDN list, ``ftm`` any FtM JSON-lines stream (OpenSanctions exports);
both give FtM entities, which ``importing`` writes to the knowledge base as list documents,
entities and structured claims, and ``lists`` reads back.
"""

# Document formats of list entries (``redes.sources.importing``): never extracted from text
# nor grouped by near-duplicate text; their entities and claims come from their records.
LIST_FORMATS = ("sdn", "ftm")
