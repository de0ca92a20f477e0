"""The web workbench: a FastAPI app that serves a documented JSON API and the pages that
use it, over the same library functions as the CLI.

Imports are lazy so that ``redes`` commands that never serve do not load FastAPI.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from redes.store import DEFAULT_DB

if TYPE_CHECKING:
    from fastapi import FastAPI

    from redes.store import Store

__all__ = ["ServeRefused", "create_app", "serve"]


class ServeRefused(ValueError):
    """``serve`` will not expose the data this way (a network bind without TLS or proxy)."""


def create_app(
    db: str | os.PathLike | Store = DEFAULT_DB,
    allowed_hosts: list[str] | None = None,
    *,
    owner_mode: bool = True,
    secure_cookies: bool = False,
    behind_proxy: bool = False,
) -> FastAPI:
    """The workbench app over ``db`` (a path, a URL or an open ``Store``)."""
    from redes.web.app import create_app as _create

    return _create(
        db,
        allowed_hosts=allowed_hosts,
        owner_mode=owner_mode,
        secure_cookies=secure_cookies,
        behind_proxy=behind_proxy,
    )


def is_loopback_bind(host: str) -> bool:
    from redes.web.auth import is_loopback

    return is_loopback(host)


def serve(
    db: str | os.PathLike = DEFAULT_DB,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    behind_proxy: bool = False,
    allowed_hosts: list[str] | None = None,
) -> None:
    """Run the workbench with uvicorn until interrupted, after printing its URL.

    On a loopback address, a database without users is served to its owner without
    signing in. Any other address needs TLS (``ssl_certfile`` and ``ssl_keyfile``) or a
    TLS-terminating reverse proxy in front (``behind_proxy``), and never serves the owner:
    with no users it serves only the first-run setup link, printed here. No access log is
    written (the tip line promises that no address is kept).
    """
    import uvicorn

    from redes.web.app import hosts_for

    tls = bool(ssl_certfile or ssl_keyfile)
    if tls and not (ssl_certfile and ssl_keyfile):
        raise ServeRefused("TLS needs both --ssl-certfile and --ssl-keyfile")
    loopback = is_loopback_bind(host)
    if not loopback and not tls and not behind_proxy:
        raise ServeRefused(
            f"refusing to serve on {host} without TLS: give --ssl-certfile and --ssl-keyfile, or put a "
            "TLS-terminating reverse proxy in front and pass --behind-proxy (see docs/security.md)"
        )
    hosts = hosts_for(host) + list(allowed_hosts or [])
    if behind_proxy and not allowed_hosts:
        hosts = ["*"]  # the proxy's public name arrives as the Host; sign-in guards the data
    app = create_app(
        db,
        allowed_hosts=hosts,
        owner_mode=loopback and not behind_proxy,
        secure_cookies=tls or behind_proxy,
        behind_proxy=behind_proxy,
    )
    scheme = "https" if tls else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    base = f"{scheme}://{shown}:{port}"
    if host in ("0.0.0.0", "::"):
        print(f"listening on every interface ({host}): everyone must sign in")
    settings = app.state.auth
    with app.state.store.session() as s:
        from redes.access import users

        no_users = not users.has_users(s)
    if no_users:
        token = settings.first_run_link()
        where = "your public address" if behind_proxy else base
        if settings.owner_mode:
            print("no accounts yet: on this machine the workbench opens without signing in.")
        else:
            print("no accounts yet: only the setup link below works until the first administrator exists.")
        print(f"one-time link to create the first administrator (on {where}): {base}/setup/{token}")
    print(f"redes workbench: {base}/", flush=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=behind_proxy,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )
