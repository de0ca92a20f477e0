"""The FastAPI app factory: routers, static files, templates, security and error pages."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError

from redes import __version__
from redes.store import Busy, Store, open_store
from redes.store.limits import is_timeout, limit_statements
from redes.web.limits import LimitSettings, RequestLimits
from redes.web.security import LOCAL_HOSTS, SecurityMiddleware

WEB_DIR = Path(str(resources.files("redes.web")))

DESCRIPTION = """The JSON API of the redes workbench. Every page of the workbench is built
from these endpoints, which call the same library functions as the `redes` CLI.
Entities are named by slug (their stable id), name or alias; claims by key."""


def hosts_for(host: str) -> list[str]:
    """Host names the app answers to when bound to ``host``: the loopback names, the
    bound address, or any name when bound to every interface."""
    if host in ("0.0.0.0", "::"):
        return ["*"]
    extra = f"[{host}]" if ":" in host else host
    return [*LOCAL_HOSTS, extra]


def create_app(
    db: str | os.PathLike | Store,
    allowed_hosts: list[str] | None = None,
    *,
    owner_mode: bool = True,
    secure_cookies: bool = False,
    behind_proxy: bool = False,
    rate_secret: bytes | None = None,
) -> FastAPI:
    """The workbench over ``db``. ``owner_mode``: while no user exists, a loopback client
    is the owner and reads everything (``redes serve`` turns it off on a non-loopback bind
    and behind a proxy); ``secure_cookies``: the server is reached over HTTPS;
    ``rate_secret``: the key of the rate limits' hashes, the same in every worker process
    of one server (``redes.web.ratelimit``; by default a new random one)."""
    from redes.web.auth import AuthMiddleware, AuthSettings

    store = db if isinstance(db, Store) else open_store(db)
    if store.scope is not None:
        raise ValueError("the workbench needs the whole store: it restricts each request itself")
    app = FastAPI(
        title="redes workbench API",
        version=__version__,
        description=DESCRIPTION,
        # Swagger UI and ReDoc load from CDNs, which the CSP forbids: the spec is enough.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.auth = AuthSettings(
        owner_mode=owner_mode and not behind_proxy,
        secure_cookies=secure_cookies or behind_proxy,
        behind_proxy=behind_proxy,
        store=store,
        **({"secret": rate_secret} if rate_secret else {}),
    )
    # Each statement of a request obeys the request's time limit (redes.web.limits).
    limit_statements(store.engine)
    app.state.limits = LimitSettings()
    # The last added is the outermost: the Host check and the headers wrap everything, and
    # body limits come before the authentication middleware reads any body.
    app.add_middleware(AuthMiddleware, store=store, settings=app.state.auth)
    app.add_middleware(RequestLimits, settings=app.state.limits)
    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts or list(LOCAL_HOSTS))
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    from redes.web import account, admin, auth, i18n, investigation_pages, tip
    from redes.web.api import ROUTERS
    from redes.web.pages import router as pages
    from redes.web.pages import templates

    templates.env.globals["identity_of"] = auth.identity_of
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    app.include_router(pages)
    app.include_router(investigation_pages.router)
    app.include_router(account.router)
    app.include_router(admin.router)
    app.include_router(tip.router)
    app.include_router(i18n.router)
    _errors(app)
    return app


def _errors(app: FastAPI) -> None:
    from redes.kb import LookupFailed

    async def lookup_failed(request: Request, exc: LookupFailed) -> Response:
        status = 409 if exc.candidates else 404
        return _error(request, status, str(exc), candidates=exc.candidates)

    async def not_found(request: Request, exc: LookupError) -> Response:
        if isinstance(exc, KeyError | IndexError):
            raise exc  # a bug, not a missing thing: let it be a 500
        return _error(request, 404, str(exc))

    async def bad_request(request: Request, exc: ValueError) -> Response:
        return _error(request, 400, str(exc))

    async def out_of_range(request: Request, exc: OverflowError) -> Response:
        # A number too large for the database: parameters are bounded, this is the backstop.
        return _error(request, 400, "a number in the request is out of range")

    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(_problem(e) for e in exc.errors()[:5])
        return _error(request, 400, f"invalid request: {problems}")

    async def busy(request: Request, exc: Busy) -> Response:
        # A write that waited too long for another (a rebuild, which holds the knowledge
        # base until it commits): nothing was changed, it may be sent again.
        return _error(request, 503, str(exc))

    async def database_error(request: Request, exc: OperationalError) -> Response:
        if not is_timeout(exc):
            raise exc  # not a time limit: a 500, as any other failure
        seconds = request.app.state.limits.statement_timeout
        limit = f" of {seconds:g} s" if seconds else ""
        return _error(
            request,
            503,
            f"the query took longer than the server's limit{limit} and was stopped: "
            "narrow it (fewer words, a shorter period, more filters) and try again",
        )

    app.add_exception_handler(LookupFailed, lookup_failed)
    app.add_exception_handler(LookupError, not_found)
    app.add_exception_handler(ValueError, bad_request)
    app.add_exception_handler(OverflowError, out_of_range)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(OperationalError, database_error)
    app.add_exception_handler(Busy, busy)


def _problem(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
    return f"{where}: {error.get('msg', 'invalid')}"


def _error(request: Request, status: int, message: str, candidates: list | None = None) -> Response:
    if request.url.path.startswith("/api/"):
        body: dict = {"detail": message}
        if candidates:
            body["candidates"] = candidates
        return JSONResponse(body, status_code=status)
    from redes.web.pages import render

    return render(
        request, "error.html", {"status": status, "message": message, "candidates": candidates or []}, status
    )
