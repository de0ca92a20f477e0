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

__all__ = ["create_app", "serve"]


def create_app(db: str | os.PathLike | Store = DEFAULT_DB, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The workbench app over ``db`` (a path, a URL or an open ``Store``)."""
    from redes.web.app import create_app as _create

    return _create(db, allowed_hosts=allowed_hosts)


def serve(db: str | os.PathLike = DEFAULT_DB, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the workbench with uvicorn until interrupted, after printing its URL."""
    import uvicorn

    from redes.web.app import hosts_for

    app = create_app(db, allowed_hosts=hosts_for(host))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    if host in ("0.0.0.0", "::"):
        print(f"warning: listening on every interface ({host}); anyone on the network can read the data")
    print(f"redes workbench: http://{shown}:{port}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
