"""The workbench pages: server-rendered with Jinja2 (autoescaping on), from the same
library calls as the JSON API. Maps, link charts and review actions are small scripts
that call the API."""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.templating import Jinja2Templates

from redes import __version__, kb
from redes.ingest.formats import sheets
from redes.kb.facts import STATUSES
from redes.kb.lookup import LookupFailed
from redes.kb.template_helpers import relation_parts, strength
from redes.store.documents import browse_documents
from redes.web import corpus, timeline_chart
from redes.web.app import WEB_DIR
from redes.web.cache import TERRITORY, kept
from redes.web.deps import StoreDep
from redes.web.dossier import dossier as kept_dossier
from redes.web.highlight import parse_span, segments
from redes.web.i18n import N_, phrase_in, request_language
from redes.web.i18n import install as install_i18n
from redes.web.params import (
    MAX_COLLECTION,
    MAX_ID,
    MAX_NAME,
    MAX_OFFSET,
    MAX_QUERY,
    MAX_WORD,
    MAX_YEAR,
    MIN_YEAR,
)
from redes.web.places import locate
from redes.web.search import Filters, kept_search

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

NAV = [  # labels translated in base.html (N_ marks them for the catalogue)
    ("home", "/", N_("Home")),
    ("search", "/search", N_("Search")),
    ("network", "/network", N_("Network")),
    ("territory", "/territory", N_("Territory")),
    ("contradictions", "/contradictions", N_("Contradictions")),
    ("review", "/review", N_("Review")),
    ("investigations", "/investigations", N_("Investigations")),
    ("data", "/data", N_("Data")),
]
REVIEW_PAGE = 50
# Bounded page parameters (redes.web.params): out of bounds, a 400 page.
Word = Annotated[str | None, Query(max_length=MAX_WORD)]
CollectionName = Annotated[str | None, Query(max_length=MAX_COLLECTION)]
Name = Annotated[str, Query(max_length=MAX_NAME)]
EntityPath = Annotated[str, Path(max_length=MAX_NAME)]


def facet_url(q: str, filters: dict[str, str | None], name: str, value: str | None) -> str:
    """The search URL with one facet set (or cleared, when ``value`` is None)."""
    params = {k: v for k, v in filters.items() if v and k != name}
    if value is not None:
        params[name] = value
    return "/search?" + urlencode({"q": q, **params})


def query_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """``path`` with ``params`` as its query, some changed (a None or empty value drops one)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return path + ("?" + urlencode(merged) if merged else "")


def judgement_text(j: dict[str, Any]) -> str:
    """One line for a stored judgement, from its payload."""
    p = j["payload"]
    if j["kind"] == "undo":
        about = judgement_text({"kind": p["kind"], "payload": p}) if "claim" in p else p["kind"]
        return f"decision {p['judgement']} taken back: {about}"
    if j["kind"].startswith("manual-"):  # an entity or relation added by hand
        from redes.kb.review import describe

        return describe(j["kind"], p)
    if "claim" in p:
        c = p["claim"]
        other = (c.get("object") or {}).get("name") or c.get("value") or ""
        return f"{c['subject']['name']} {c['predicate'].replace('_', ' ')} {other}".strip()
    if j["kind"] == "merge":
        return f"{p['other']['name']} into {p['keep']['name']}"
    if j["kind"] == "no-merge":  # a merge candidate refused (kb.merges)
        return f"{p['other']['name']} is not {p['keep']['name']}"
    if j["kind"] == "split":
        return f"{', '.join(p['names'])} off {p['entity']['name']} as {p['new']['name']}"
    return f"{p['entity']['name']}: {p.get('name', '')}"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(WEB_DIR / "templates"),
        autoescape=True,  # every template, whatever its name: ingested text is hostile
        auto_reload=False,  # the package's templates do not change under a running server
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        nav=NAV,
        version=__version__,
        relation_parts=relation_parts,
        strength=strength,
        facet_url=facet_url,
        judgement_text=judgement_text,
        query_url=query_url,
    )
    install_i18n(env)
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    lang = request_language(request)
    return templates.TemplateResponse(request, name, {"q": "", "lang": lang, **context}, status_code=status)


@router.get("/")
def home(request: Request, store: StoreDep) -> Response:
    def lists() -> dict[str, Any]:
        return {
            "recent": corpus.recent_documents(store, 10),
            "top": corpus.top_entities(store, 15),
            "groups": corpus.top_entities(store, 8, "criminal_group"),
        }

    # Counting a million claims on every visit would be most of the page: kept until the
    # knowledge base changes (redes.web.cache). Review decisions change the counts, not
    # the lists of most mentioned entities, which are costlier to make.
    shown = {
        "stats": kept(request, store, "stats", None, lambda: corpus.stats(store)),
        **kept(request, store, "home lists", None, lists, ("kb",)),
    }
    return render(request, "home.html", {"page": "home", **shown})


@router.get("/search")
def search_page(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    type: Word = None,
    language: Word = None,
    collection: CollectionName = None,
    year: Annotated[str | None, Query(max_length=10)] = None,
    sanctioned: Word = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    filters = Filters(type or None, language or None, collection or None, year or None, sanctioned or None)
    result = kept_search(request, store, q, filters, limit=20, offset=offset)
    return render(request, "search.html", {"page": "search", "q": q, "r": result, "offset": offset})


DOCUMENT_PAGE_SIZES = (20, 50, 100, 200)


@router.get("/documents")
def documents_page(
    request: Request,
    store: StoreDep,
    collection: CollectionName = None,
    language: Word = None,
    publisher: CollectionName = None,
    sort: Annotated[Literal["date", "title", "publisher"], Query()] = "date",
    order: Annotated[Literal["asc", "desc", ""], Query()] = "",
    size: Annotated[int, Query(ge=1, le=DOCUMENT_PAGE_SIZES[-1])] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    filters = {"collection": collection or None, "language": language or None, "publisher": publisher or None}
    found = browse_documents(
        store, **filters, sort=sort, descending={"asc": False, "desc": True}.get(order), limit=size, offset=offset
    )
    shown = {k: v for k, v in {**filters, "sort": sort, "order": order, "size": size}.items() if v}
    context = {
        "page": "documents",
        "docs": found["documents"],
        "total": found["total"],
        "facets": found["facets"],
        "collection": collection,
        "filters": filters,
        "params": shown,
        "sort": sort,
        "order": order,
        "size": size,
        "sizes": DOCUMENT_PAGE_SIZES,
        "offset": offset,
    }
    return render(request, "documents.html", context)


@router.get("/document/{doc_id}")
def document_page(
    request: Request,
    store: StoreDep,
    doc_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    hl: Annotated[str | None, Query(max_length=50)] = None,
) -> Response:
    doc = corpus.document(store, doc_id)
    span = parse_span(hl, len(doc["text"]))
    context = {
        "page": "document",
        "doc": doc,
        "segments": segments(doc["text"], doc["mentions"], span),
        "span": span,
        "entities": _mentioned(doc["mentions"]),
        # A spreadsheet's evidence as a reader cites it: "sheet 2 (Pagos), row 14".
        "location": sheets.location(doc, span[0]) if span else None,
    }
    return render(request, "document.html", context)


def _mentioned(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for m in mentions:
        if m["entity"]:
            e = seen.setdefault(
                m["entity"], {"id": m["entity"], "name": m["name"], "type": m["type"], "n": 0}
            )
            e["n"] += 1
    return sorted(seen.values(), key=lambda e: (-e["n"], e["name"]))


@router.get("/entity")
def entity_lookup(request: Request, store: StoreDep, name: Name = "") -> Response:
    """A name or alias: straight to the dossier when it names one entity, else the candidates."""
    found = kb.find(store, name) if name.strip() else []
    if len(found) == 1:
        return RedirectResponse(f"/entity/{found[0]['id']}", status_code=303)
    message = f"{name!r} names several entities" if found else f"{name!r} matches no entity"
    return render(
        request, "error.html", {"status": 404, "message": message, "candidates": found}, 200 if found else 404
    )


# What a dossier page lists before "all N ...": a hub has hundreds of relations, dated
# claims, places and sources, and thousands of quotes (which load when a line is opened).
DOSSIER_SHOWN = {"relations": 8, "timeline": 25, "places": 30, "sources": 40}


@router.get("/entity/{entity}")
def entity_page(
    request: Request,
    store: StoreDep,
    entity: EntityPath,
    show: Annotated[
        str | None,
        Query(
            max_length=MAX_WORD,
            description="A part to list in full: a relation type, timeline, places or sources.",
        ),
    ] = None,
    as_of: Annotated[
        int | None, Query(ge=MIN_YEAR, le=MAX_YEAR, description="The dossier as of this year.")
    ] = None,
) -> Response:
    try:
        d = kept_dossier(request, store, entity, 0, as_of)
    except LookupFailed as exc:
        if not exc.candidates:
            raise
        context = {"status": 409, "message": str(exc), "candidates": exc.candidates}
        return render(request, "error.html", context, 200)
    shown = {part: (10**9 if show == part else n) for part, n in DOSSIER_SHOWN.items()}
    # The kept dossier is shared: its places get their map positions in a copy.
    places = [{**p, "geo": locate(p["place"]["name"])} for p in d["places"][: shown["places"]]]
    d = {**d, "places": places + d["places"][shown["places"] :]}
    context = {
        "page": "entity",
        "d": d,
        "show": show or "",
        "shown": shown,
        "source_ids": {src["n"]: src["id"] for src in d["sources"]},
        "chart": timeline_chart.layout(d, say=phrase_in(request_language(request))),
    }
    return render(request, "entity.html", context)


@router.get("/entity/{entity}/print")
def entity_print(request: Request, store: StoreDep, entity: EntityPath) -> Response:
    """The dossier for paper, every quote in it (``redes.export.pdf``); scoped like the page."""
    from redes.export.pdf import STYLESHEET, WEB_QUOTES, print_html

    d = kb.dossier(store, entity, quotes=WEB_QUOTES)  # not kept: a hub's runs to megabytes
    base = f"/entity/{quote(d['id'], safe='')}"
    links = [(base, N_("Back to the dossier")), (f"{base}/pdf", N_("Download PDF"))]
    page = print_html(d, f"/static/{STYLESHEET}?v={__version__}", links, lang=request_language(request))
    return HTMLResponse(page)


@router.get("/entity/{entity}/pdf")
def entity_pdf(request: Request, store: StoreDep, entity: EntityPath) -> Response:
    """The print view as a PDF download (WeasyPrint, offline), audited as an export."""
    from redes.export.pdf import WEB_QUOTES, PdfUnavailable, dossier_pdf

    d = kb.dossier(store, entity, quotes=WEB_QUOTES)
    try:
        data = dossier_pdf(d, base_url=str(request.base_url), lang=request_language(request))
    except PdfUnavailable as exc:
        return Response(str(exc), status_code=503, media_type="text/plain")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", d["id"])[:80] or "dossier"
    disposition = f'attachment; filename="{name}.pdf"'
    return Response(data, media_type="application/pdf", headers={"Content-Disposition": disposition})


@router.get("/network")
def network_page(request: Request) -> Response:
    from redes.analyse.options import CRIMINAL_RELATIONS, CRIMINAL_TYPES
    from redes.extract.model import ENTITY_TYPES, RELATION_TYPES

    context = {
        "page": "network",
        "entity_types": ENTITY_TYPES,
        "default_types": CRIMINAL_TYPES,
        "relation_types": RELATION_TYPES,
        "default_relations": CRIMINAL_RELATIONS,
    }
    return render(request, "network.html", context)


@router.get("/territory")
def territory_page(
    request: Request,
    store: StoreDep,
    group: Name = "CJNG",
    start: Annotated[int | None, Query(alias="from", ge=MIN_YEAR, le=MAX_YEAR)] = None,
    end: Annotated[int | None, Query(alias="to", ge=MIN_YEAR, le=MAX_YEAR)] = None,
) -> Response:
    from redes.web.territory import contested_states, overview

    def contested(first: int, last: int) -> dict[str, Any]:
        # The same for every group: kept once.
        compute = partial(contested_states, store, first, last)
        return kept(request, store, "contested states", (first, last), compute, TERRITORY)

    def view() -> dict[str, Any]:
        return overview(store, group, start, end, contested)

    shown = kept(request, store, "territory", (group, start, end), view, TERRITORY)
    return render(request, "territory.html", {"page": "territory", **shown})


@router.get("/contradictions")
def contradictions_page(request: Request, store: StoreDep, kind: Word = None) -> Response:
    from redes.kb.conflicts import KINDS

    found = kb.contradictions(store, kind=kind or None)
    return render(
        request,
        "contradictions.html",
        {"page": "contradictions", "items": found, "kinds": KINDS, "kind": kind},
    )


@router.get("/review")
def review_page(
    request: Request,
    store: StoreDep,
    status: Annotated[str, Query(max_length=MAX_WORD)] = "machine",
    entity: Name = "",
    predicate: Annotated[str, Query(max_length=MAX_WORD)] = "",
    extractor: Name = "",
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    from redes.extract.model import ATTRIBUTE_TYPES, RELATION_TYPES
    from redes.kb import review, xref
    from redes.web import candidates

    claims = kb.list_claims(
        store,
        entity=entity or None,
        predicate=predicate or None,
        status=status if status in STATUSES else None,
        order="weakest",
        limit=REVIEW_PAGE,
        offset=offset,
        with_evidence=True,
        extractor=extractor or None,
    )
    context = {
        "page": "review",
        "claims": claims,
        "status": status,
        "statuses": (*STATUSES, "all"),
        "entity": entity,
        "predicate": predicate,
        "predicates": (*RELATION_TYPES, *ATTRIBUTE_TYPES),
        "extractor": extractor,
        "offset": offset,
        "page_size": REVIEW_PAGE,
        "history": review.history(store, 20),
        "merges": candidates.merge_candidates(request, store, REVIEW_PAGE),
        "xref": candidates.xref_candidates(request, store, xref.SOURCE, REVIEW_PAGE),
    }
    return render(request, "review.html", context)


@router.get("/data")
def data_page(request: Request, store: StoreDep) -> Response:
    from redes.web.api.data import DOCUMENT_TYPES, EVENT_TYPES

    context = {
        "page": "data",
        "stats": corpus.stats(store),
        "document_types": ",".join(DOCUMENT_TYPES),
        "event_types": ",".join(EVENT_TYPES),
    }
    return render(request, "data.html", context)
