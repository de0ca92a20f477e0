"""Search across documents and entities, with facets (entity type; document language,
collection and year) computed over the best matches."""

from __future__ import annotations

import contextvars
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from redes.access.filters import within
from redes.kb import find
from redes.sources import lists
from redes.store import Store
from redes.store.search import HL_END, HL_START, Hit, search_documents, with_snippets
from redes.web.cache import kept

# Facets count this many of the best document matches: enough for most queries, and
# bounded because every match in the window is ranked (the answer says when the window
# was full). Only the page shown gets snippets.
FACET_WINDOW = 500
# Entity lookup and full-text search are independent queries that release the GIL.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="redes-search")


@dataclass(slots=True)
class Filters:
    type: str | None = None
    language: str | None = None
    collection: str | None = None
    year: str | None = None
    sanctioned: str | None = None  # "sanctioned": only entities a sanctions list designates


def snippet_parts(marked: str) -> list[dict[str, Any]]:
    """A highlighted snippet as parts ``{"text", "match"}``: templates escape each part,
    so highlighting never needs raw HTML."""
    parts = marked.replace(HL_END, HL_START).split(HL_START)
    return [{"text": p, "match": i % 2 == 1} for i, p in enumerate(parts) if p]


def _year(hit: Hit) -> str | None:
    return str(hit.published)[:4] if hit.published else None


def _facet(values) -> list[dict[str, Any]]:
    counts = Counter(v for v in values if v)
    return [{"value": v, "count": n} for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def kept_search(
    request, store: Store, q: str, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> dict:
    """``search(...)``, kept until documents or entities change (review decisions change
    neither): the answer is shared, never change it."""
    f = filters or Filters()
    params = (q.strip(), f.type, f.language, f.collection, f.year, f.sanctioned, limit, offset)

    def compute() -> dict:
        return search(store, q, f, limit, offset)

    return kept(request, store, "search", params, compute, ("kb",), shared=False, cache="searches")


def search(store: Store, q: str, filters: Filters | None = None, limit: int = 20, offset: int = 0) -> dict:
    """Documents and entities matching ``q``, filtered, with facet counts.

    Facets count the matches before their own filter is applied but after the others,
    so a selected facet still shows its alternatives."""
    f = filters or Filters()
    q = q.strip()
    chosen = {k: getattr(f, k) for k in ("type", "language", "collection", "year", "sanctioned")}
    if not q:
        return {
            "query": q,
            "filters": chosen,
            "documents": {"total": 0, "capped": False, "results": []},
            "entities": [],
            "facets": {},
        }
    # Entities answer within the collection filter too: those named in that collection.
    # (The store is the reader's view: documents, entities and facets come only from
    # collections they may read.)
    named = within(store, [f.collection]) if f.collection else store
    # With a copy of this context: the request's statement limit goes along.
    # Every entity whose name holds the words, the exact ones first ("Sinaloa": the state,
    # then the Sinaloa Cartel).
    entities_future = _POOL.submit(contextvars.copy_context().run, find, named, q, True)
    hits = search_documents(store, q, limit=FACET_WINDOW, snippets=False)
    doc_keys = {
        "language": lambda h: h.language,
        "collection": lambda h: h.collection,
        "year": _year,
    }

    def keep(hit: Hit, skip: str | None = None) -> bool:
        return all(
            getattr(f, name) in (None, "") or key(hit) == getattr(f, name)
            for name, key in doc_keys.items()
            if name != skip
        )

    entities = entities_future.result()
    with named.session() as s:
        sanctioned = lists.sanctioned_slugs(s, [e["id"] for e in entities])
    entities = [{**e, "sanctioned": e["id"] in sanctioned} for e in entities]
    kept = [h for h in hits if keep(h)]
    facets = {name: _facet(key(h) for h in hits if keep(h, name)) for name, key in doc_keys.items()}
    facets["type"] = _facet(e["type"] for e in entities if not f.sanctioned or e["sanctioned"])
    facets["sanctioned"] = _facet(
        "sanctioned" for e in entities if e["sanctioned"] and f.type in (None, "", e["type"])
    )
    results = []
    for h in with_snippets(store, q, kept[offset : offset + limit]):
        d = h.as_dict()
        d["snippet_parts"] = snippet_parts(h.marked)
        results.append(d)
    return {
        "query": q,
        "filters": chosen,
        "documents": {"total": len(kept), "capped": len(hits) >= FACET_WINDOW, "results": results},
        "entities": [
            e
            for e in entities
            if (not f.type or e["type"] == f.type) and (not f.sanctioned or e["sanctioned"])
        ],
        "facets": facets,
    }
