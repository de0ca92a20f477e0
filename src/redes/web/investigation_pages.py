"""The pages of saved investigations: the list (with a form to save one) and the
permalink ``/investigations/{id}``, which shows its entities and notes and reopens the
network page on them. What a requester may not open answers 404, like a missing one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from redes.extract.model import ATTRIBUTE_TYPES, ENTITY_TYPES, RELATION_TYPES
from redes.kb import investigations
from redes.web.deps import StoreDep
from redes.web.pages import render, templates
from redes.web.params import MAX_ID

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

# The dossier's "Added by hand" forms (templates/_manual.html) choose from these.
templates.env.globals.update(manual_predicates=(*RELATION_TYPES, *ATTRIBUTE_TYPES), manual_types=ENTITY_TYPES)


@router.get("/investigations")
def investigations_page(request: Request, store: StoreDep) -> Response:
    context = {
        "page": "investigations",
        "items": investigations.list_all(store),
        "keys": investigations.VIEW_KEYS,
    }
    return render(request, "investigations.html", context)


@router.get("/investigations/{inv_id}")
def investigation_page(
    request: Request, store: StoreDep, inv_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> Response:
    return render(
        request, "investigation.html", {"page": "investigations", "inv": investigations.get(store, inv_id)}
    )
