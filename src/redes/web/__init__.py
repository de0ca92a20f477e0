"""The web workbench: a FastAPI app that serves a documented JSON API and the pages that
use it, over the same library functions as the CLI.

Imports are lazy so that ``redes`` commands that never serve do not load FastAPI.
"""

from __future__ import annotations

import json
import os
import secrets
from typing import TYPE_CHECKING

from redes.store import DEFAULT_DB

if TYPE_CHECKING:
    from fastapi import FastAPI

    from redes.store import Store

__all__ = ["ServeRefused", "create_app", "serve"]

GRACEFUL_SHUTDOWN = 5  # seconds


class ServeRefused(ValueError):
    """``serve`` will not expose the data this way (a network bind without TLS or proxy)."""


def create_app(
    db: str | os.PathLike | Store = DEFAULT_DB,
    allowed_hosts: list[str] | None = None,
    *,
    owner_mode: bool = True,
    secure_cookies: bool = False,
    behind_proxy: bool = False,
    rate_secret: bytes | None = None,
) -> FastAPI:
    """The workbench app over ``db`` (a path, a URL or an open ``Store``)."""
    from redes.web.app import create_app as _create

    return _create(
        db,
        allowed_hosts=allowed_hosts,
        owner_mode=owner_mode,
        secure_cookies=secure_cookies,
        behind_proxy=behind_proxy,
        rate_secret=rate_secret,
    )


def default_workers() -> int:
    """Worker processes ``redes serve`` runs by default: one per core, at most four (each
    keeps its own graphs in memory; past the cores, more processes only add memory)."""
    return max(1, min(4, os.cpu_count() or 1))


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
    workers: int = 1,
) -> None:
    """Run the workbench with uvicorn until interrupted, after printing its URL.

    ``workers`` > 1 runs that many worker processes (uvicorn's), each with its own app made
    by ``redes.web.worker.app`` from the configuration this function puts in the
    environment: several requests are served at once, where one process serialises its
    Python work. What they must agree on is in the database: the first-run setup link,
    the rate limits (their hashing key is handed to every worker), the change counters
    that tell each worker's caches when to renew.

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
    if workers < 1:
        raise ServeRefused("--workers must be at least 1")
    _check_port(host, port)
    hosts = hosts_for(host) + list(allowed_hosts or [])
    if behind_proxy and not allowed_hosts:
        hosts = ["*"]  # the proxy's public name arrives as the Host; sign-in guards the data
    config = {
        "db": str(db),
        "allowed_hosts": hosts,
        "owner_mode": loopback and not behind_proxy,
        "secure_cookies": tls or behind_proxy,
        "behind_proxy": behind_proxy,
        "rate_secret": secrets.token_hex(32),
    }
    app = create_app(
        db,
        allowed_hosts=hosts,
        owner_mode=config["owner_mode"],
        secure_cookies=config["secure_cookies"],
        behind_proxy=behind_proxy,
        rate_secret=bytes.fromhex(config["rate_secret"]),
    )
    scheme = "https" if tls else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    base = f"{scheme}://{shown}:{port}"
    if host in ("0.0.0.0", "::"):
        print(f"listening on every interface ({host}): everyone must sign in")
    settings = app.state.auth
    _analyze(app.state.store)
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
    if workers > 1:
        from redes.web.worker import CONFIG_ENV

        print(f"{workers} worker processes", flush=True)
        os.environ[CONFIG_ENV] = json.dumps(config)  # read by each worker (spawned)
        app.state.store.close()
    else:
        from redes.web.api.graph import warm

        warm(app)  # the graphs, before the first visitor asks (each worker does its own)
    print(f"redes workbench: {base}/", flush=True)
    try:
        _run(
            uvicorn,
            app if workers == 1 else "redes.web.worker:app",
            workers,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            server_header=False,
            # On SIGTERM, requests still running after this many seconds are cancelled and
            # their statements stopped (redes.web.limits): the server is gone within 10 s.
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
            proxy_headers=behind_proxy,
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
        )
    finally:
        if no_users:
            try:
                settings.forget_first_run_link()  # it dies with the server
            except Exception:  # the database went away: the link expires by itself
                pass


# uvicorn replaces a worker that does not answer its health check within 5 s by default. A
# worker busy in C code that keeps the GIL (igraph: network measures of large graphs run
# in a helper process, redes.web.helper, but building a graph still takes a while) is not
# hung: it gets this long.
WORKER_HEALTHCHECK = 60  # seconds


def _check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on, before printing a URL that would not be
    this server's. (uvicorn binds it again a moment later.)"""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds it
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ServeRefused(
                f"cannot listen on {host} port {port}: {exc.strerror}; choose another with --port"
            ) from None


def _run(uvicorn, app, workers: int, **options) -> None:
    if workers > 1:
        import inspect

        if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
            options["timeout_worker_healthcheck"] = WORKER_HEALTHCHECK
        uvicorn.run(app, factory=True, workers=workers, **options)
    else:
        uvicorn.run(app, **options)


def _analyze(store: Store) -> None:
    """The planner's statistics before the first request (``Store.analyze``): a database
    made by an older redes has none. A database the server may not write is served as is."""
    from sqlalchemy.exc import DBAPIError

    try:
        store.analyze()
    except DBAPIError as exc:
        print(f"note: the query planner's statistics were not refreshed ({exc.orig})")
