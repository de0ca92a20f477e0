"""The FastAPI app factory: routers, static files, templates, security and error pages."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from redes import __version__
from redes.store import Store, open_store
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
) -> FastAPI:
    """The workbench over ``db``. ``owner_mode``: while no user exists, a loopback client
    is the owner and reads everything (``redes serve`` turns it off on a non-loopback bind
    and behind a proxy); ``secure_cookies``: the server is reached over HTTPS."""
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
    )
    # The last added is the outermost: the Host check and the headers wrap everything.
    app.add_middleware(AuthMiddleware, store=store, settings=app.state.auth)
    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts or list(LOCAL_HOSTS))
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    from redes.web import account, admin, auth, tip
    from redes.web.api import ROUTERS
    from redes.web.pages import router as pages
    from redes.web.pages import templates

    templates.env.globals["identity_of"] = auth.identity_of
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    app.include_router(pages)
    app.include_router(account.router)
    app.include_router(admin.router)
    app.include_router(tip.router)
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

    app.add_exception_handler(LookupFailed, lookup_failed)
    app.add_exception_handler(LookupError, not_found)
    app.add_exception_handler(ValueError, bad_request)


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
