"""The tip line's pages: ``/tip`` takes text and files from anyone, without an account, into
the confidential ``tips`` collection (``redes.tips``), which only users granted it read.

What the web side does for the source:

- nothing about the request is kept: no IP address, no user agent, no cookie (the tip
  pages set none and the middleware reads none), no application or access log line
  (``redes serve`` runs uvicorn without an access log);
- files are cleaned of their metadata (``redes.tips.scrub``) before anything stores them,
  and held in memory while the request is read, never in a temporary file; a type that
  cannot be cleaned is refused, and then nothing of the submission is stored;
- submissions are rate-limited for the whole server (every worker process), under one
  constant key: no per-address record.

``/tips`` (signed-in users) lists the tips the user may read, with their files.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from redes import tips
from redes.store import Store
from redes.store.limits import unlimited
from redes.tips.scrub import ACCEPTED, Refused, clean
from redes.web.auth import settings_of
from redes.web.deps import StoreDep
from redes.web.ratelimit import RateLimit

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

MAX_TEXT = 100_000  # characters
MAX_FILES = 5
MAX_FILE = 25 * 1024 * 1024
MAX_BODY = 60 * 1024 * 1024
# For the whole server, whoever sends: a flood slows the line down, it learns nobody.
SUBMISSIONS = RateLimit(limit=30, window=600)


class _InMemoryParser(MultiPartParser):
    # Uploaded bytes (with their metadata) stay in memory: never in a temporary file.
    spool_max_size = MAX_BODY + 1


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    from redes.web.pages import render

    return render(request, name, {"page": "tip", **context}, status)


def _page(request: Request, message: str | None = None, status: int = 200, add: bool = False) -> Response:
    context = {"message": message, "accepted": ", ".join(ACCEPTED), "max_files": MAX_FILES,
               "max_mb": MAX_FILE // 1024**2}  # fmt: skip
    return _render(request, "tip_add.html" if add else "tip.html", context, status)


async def _limited(request: Request) -> AsyncGenerator[bytes, None]:
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HTTPException(413, "too much at once")
        yield chunk


async def _form(request: Request) -> FormData:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY:
        raise HTTPException(413, "too much at once")
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/x-www-form-urlencoded"):  # text only, from a script
        return await request.form(max_files=0, max_fields=8, max_part_size=MAX_TEXT * 4)
    if not kind.startswith("multipart/form-data"):
        raise HTTPException(415, "send the form")
    parser = _InMemoryParser(
        request.headers, _limited(request), max_files=MAX_FILES, max_fields=8, max_part_size=MAX_TEXT * 4
    )
    try:
        return await parser.parse()
    except MultiPartException as exc:
        raise HTTPException(400, str(exc)) from exc


async def _read(request: Request) -> tuple[str, list[tuple[bytes, str, str]], str | None]:
    """The tip's text and cleaned files, and the receipt code when adding to a tip. A file
    that cannot be cleaned stops the whole submission: nothing is stored."""
    form = await _form(request)
    text = form.get("text")
    text = text.strip() if isinstance(text, str) else ""
    if len(text) > MAX_TEXT:
        raise Refused(f"the text is longer than {MAX_TEXT} characters")
    code = form.get("code")
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    cleaned = []
    for n, upload in enumerate(files, 1):
        data = await upload.read()
        await upload.close()
        if len(data) > MAX_FILE:
            raise Refused(f"file {n} is larger than {MAX_FILE // 1024**2} MB")
        if not data:
            raise Refused(f"file {n} is empty")
        try:
            cleaned.append(await run_in_threadpool(clean, data, upload.filename or ""))
        except Refused as exc:
            raise Refused(f"file {n}: {exc}") from exc
    if not text and not cleaned:
        raise Refused("write something or attach a file")
    return text, cleaned, code if isinstance(code, str) else None


async def _allowed(request: Request) -> bool:
    """Count one submission against ``SUBMISSIONS``, for the whole server: in the database,
    so that every worker process shares the count (``redes.web.ratelimit``), under the
    constant key "tip" (nothing about the sender)."""
    return await run_in_threadpool(settings_of(request).tip_limit.allow, "tip", SUBMISSIONS)


def _full(request: Request) -> Store:
    return request.app.state.store.scoped(None)


@router.get("/tip")
def tip_form(request: Request) -> Response:
    return _page(request)


@router.post("/tip")
async def tip(request: Request) -> Response:
    if not await _allowed(request):
        return _page(request, "The tip line is busy: please try again in a few minutes.", 429)
    try:
        text, files, _ = await _read(request)
    except Refused as exc:
        return _page(request, f"Nothing was stored: {exc}.", 400)
    try:
        with unlimited():  # ingest, as an upload's: no statement time limit
            code, _ = await run_in_threadpool(tips.receive, _full(request), text, files)
    except tips.TipLineClosed:
        return _page(request, "The tip line is closed for now. Nothing was stored.", 503)
    return _render(request, "tip_done.html", {"code": code, "added": False})


@router.get("/tip/add")
def tip_add_form(request: Request) -> Response:
    return _page(request, add=True)


@router.post("/tip/add")
async def tip_add(request: Request) -> Response:
    if not await _allowed(request):
        return _page(request, "The tip line is busy: please try again in a few minutes.", 429, add=True)
    try:
        text, files, code = await _read(request)
    except Refused as exc:
        return _page(request, f"Nothing was stored: {exc}.", 400, add=True)
    try:
        with unlimited():
            ids = await run_in_threadpool(tips.add, _full(request), code or "", text, files)
    except tips.TipLineClosed:
        return _page(request, "The tip line is closed for now. Nothing was stored.", 503, add=True)
    if ids is None:
        return _page(request, "That receipt code is not known here. Nothing was stored.", 400, add=True)
    return _render(request, "tip_done.html", {"code": None, "added": True})


# For signed-in users: the tips they may read, and their files.


@router.get("/tips")
def tips_page(request: Request, store: StoreDep) -> Response:
    return _render(request, "tips.html", {"page": "tips", "tips": tips.tips(store)})


@router.get("/attachments/{file_id}", response_class=Response)
def attachment(store: StoreDep, file_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> Response:
    """A tip's file, to a user who may read its document (else 404, as for no file)."""
    data, media, name = tips.attachment(store, file_id)
    image = media in ("image/jpeg", "image/png")  # re-encoded by us: safe to show inline
    disposition = "inline" if image else "attachment"
    return Response(
        data,
        media_type=media if image else "application/octet-stream",
        headers={"content-disposition": f'{disposition}; filename="{name}"'},
    )
