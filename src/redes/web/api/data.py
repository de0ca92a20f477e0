"""Getting data in and out without the CLI: upload documents (``redes ingest``), import
conflict events (``redes events import``), export the knowledge base (``redes export``)
and rebuild it (``redes rebuild``).

Uploads are raw request bodies, one file per request, so no multipart parser is needed;
each is written under its own base name into a private temporary folder and handed to
the same library call as the CLI.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from redes.ingest.pipeline import DEFAULT_MAX_SIZE
from redes.store.limits import unlimited
from redes.web.api.graph import split_list
from redes.web.deps import AdminStoreDep, EditorStoreDep, StoreDep, WriteStoreDep
from redes.web.params import MAX_COLLECTION, MAX_LIST

router = APIRouter(tags=["data"])

DOCUMENT_TYPES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
EVENT_TYPES = (".csv", ".csv.gz")
EVENTS_MAX_SIZE = 2 * 1024**3
# What one imported file may expand to: records (UCDP's whole global GED is about 400,000
# events, 300 MB of CSV) and CSV bytes once decompressed: 1 GB, and no more than 50 times
# the file sent (CSV compresses 5 to 10 times; a "gzip bomb" a thousand times), though at
# least 16 MB. A file past a cap is imported up to it, and the answer is 413.
EVENTS_MAX_ROWS = 1_000_000
EVENTS_MAX_CSV = 1024**3
EVENTS_MAX_RATIO = 50
EVENTS_MIN_CSV = 16 * 1024**2
_SAFE_NAME = re.compile(r"^[\w .()\[\]-]{1,200}$", re.UNICODE)
MEDIA = {
    "ftm": ("application/x-ndjson", "redes-ftm.json"),
    "graphml": ("application/graphml+xml", "redes.graphml"),
    "gexf": ("application/gexf+xml", "redes.gexf"),
    "csv": ("application/zip", "redes-csv.zip"),
}


def _file_name(name: str, allowed: tuple[str, ...]) -> str:
    """The upload's base name, refused unless it is plain and of an allowed type."""
    base = Path(name.replace("\\", "/")).name
    if not _SAFE_NAME.match(base) or base.startswith("."):
        raise ValueError(f"unusable file name {name!r}")
    if not base.lower().endswith(allowed):
        raise ValueError(f"{base!r}: only {', '.join(allowed)} files")
    return base


@contextmanager
def _received(name: str) -> Iterator[Path]:
    """The request body saved as ``name`` in a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="redes-upload-"))
    try:
        yield folder / name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _save(request: Request, path: Path, limit: int) -> int:
    size = 0
    with open(path, "wb") as fh:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"larger than the limit of {limit // 1024**2} MB")
            fh.write(chunk)
    if size == 0:
        raise ValueError("the upload is empty")
    return size


@router.post(
    "/documents/upload",
    openapi_extra={"requestBody": {"content": {"application/octet-stream": {}}, "required": True}},
)
async def post_document(
    request: Request,
    store: WriteStoreDep,
    name: Annotated[
        str,
        Query(min_length=1, max_length=1000, description="The file's name (its type decides the reader)."),
    ],
    collection: Annotated[str, Query(min_length=1, max_length=MAX_COLLECTION)] = "public",
) -> dict[str, Any]:
    """Ingest one document (the request body: .txt, .md, .html, .pdf or .docx) into a
    collection, and extract its knowledge, as ``redes ingest`` does."""
    from starlette.concurrency import run_in_threadpool

    from redes.ingest.pipeline import ingest

    base = _file_name(name, DOCUMENT_TYPES)
    with _received(base) as path:
        await _save(request, path, DEFAULT_MAX_SIZE)
        with unlimited():  # ingest takes as long as it takes (no statement time limit)
            report = await run_in_threadpool(ingest, store, [path], collection)
    results = [
        {"file": base, "status": r.status, "reason": r.reason, "document": r.document_id}
        for r in report.results
    ]
    extraction = report.extraction.as_dict() if hasattr(report.extraction, "as_dict") else None
    return {"counts": report.counts(), "results": results, "extraction": extraction}


@router.post(
    "/events/import",
    openapi_extra={"requestBody": {"content": {"application/octet-stream": {}}, "required": True}},
)
async def post_events(
    request: Request,
    store: EditorStoreDep,
    source: Literal["ucdp", "acled"],
    name: Annotated[
        str, Query(min_length=1, max_length=1000, description="The file's name: .csv or .csv.gz.")
    ],
) -> dict[str, Any]:
    """Import a UCDP GED or ACLED CSV (the request body), as ``redes events import``
    does: idempotent, with bad rows reported by line. A file that holds more than a
    million records, or expands past 1 GB of CSV (or 50 times its own size), is imported
    up to there and answers 413 (importing it again adds nothing twice)."""
    from starlette.concurrency import run_in_threadpool

    from redes.events import import_acled, import_ucdp

    base = _file_name(name, EVENT_TYPES)
    run = import_ucdp if source == "ucdp" else import_acled
    with _received(base) as path:
        size = await _save(request, path, EVENTS_MAX_SIZE)
        max_csv = min(EVENTS_MAX_CSV, max(size * EVENTS_MAX_RATIO, EVENTS_MIN_CSV))
        with unlimited():
            report = await run_in_threadpool(run, store, path, max_bytes=max_csv, max_rows=EVENTS_MAX_ROWS)
    if report.stopped:
        raise HTTPException(
            413,
            f"{base}: {report.stopped}; the {report.imported:,} events imported before are kept "
            "(split the file: importing it again adds nothing twice)",
        )
    return {**report.as_dict(), "file": base}


@router.get(
    "/export/{fmt}",
    response_class=Response,
    responses={200: {"content": {m: {} for m, _ in MEDIA.values()}, "description": "The export file."}},
)
def get_export(
    store: StoreDep,
    fmt: Literal["ftm", "graphml", "gexf", "csv"],
    collections: Annotated[
        str | None,
        Query(
            max_length=MAX_LIST,
            description="Only what documents of these collections (comma-separated) support.",
        ),
    ] = None,
) -> Response:
    """The knowledge base (rejected claims left out) as FollowTheMoney entities (one JSON
    object per line), GraphML, GEXF, or a zip of CSV tables."""
    from redes.access.filters import within
    from redes.export import write_csv, write_ftm, write_gexf, write_graphml

    store = within(store, split_list(collections))

    media, filename = MEDIA[fmt]
    if fmt == "ftm":
        out = io.StringIO()
        write_ftm(store, out)
        data = out.getvalue().encode("utf-8")
    elif fmt == "csv":
        folder = Path(tempfile.mkdtemp(prefix="redes-export-"))
        try:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                for path in write_csv(store, folder):
                    z.write(path, path.name)
            data = buffer.getvalue()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        buffer = io.BytesIO()
        (write_graphml if fmt == "graphml" else write_gexf)(store, buffer)
        data = buffer.getvalue()
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=media, headers=headers)


@router.post("/kb/rebuild", tags=["knowledge base"])
def post_rebuild(store: AdminStoreDep) -> dict[str, Any]:
    """Re-derive all machine output from the documents, then re-apply every review
    judgement, as ``redes rebuild`` does. Readers see the old knowledge base until the new
    one is complete; a second rebuild while one runs answers 409."""
    from redes.kb import RebuildRunning, rebuild

    try:
        with unlimited():
            return rebuild(store).as_dict()
    except RebuildRunning as exc:
        raise HTTPException(409, str(exc)) from None
