"""The app of one worker process of ``redes serve --workers N``.

uvicorn starts each worker from an import string (``redes.web.worker:app``, a factory), so
the server's configuration reaches them through the environment: ``serve`` puts it, as
JSON, in ``REDES_SERVE_CONFIG`` before uvicorn spawns the workers (the database path or
URL, the host names answered, owner mode, secure cookies, behind a proxy, and the key of
the rate limits' hashes, the same in every worker). The database was migrated by
``serve`` already: workers only open it.
"""

from __future__ import annotations

import json
import os

from fastapi import FastAPI

CONFIG_ENV = "REDES_SERVE_CONFIG"


def app() -> FastAPI:
    """A worker's app, from the configuration ``redes.web.serve`` left in the environment."""
    from redes.runtime import collect_less
    from redes.store import open_store
    from redes.web.api.graph import warm
    from redes.web.app import create_app

    collect_less()
    raw = os.environ.get(CONFIG_ENV)
    if not raw:
        raise RuntimeError(f"{CONFIG_ENV} is not set: start workers with `redes serve --workers N`")
    config = json.loads(raw)
    made = create_app(
        open_store(config["db"], upgrade=False),
        allowed_hosts=config["allowed_hosts"],
        owner_mode=config["owner_mode"],
        secure_cookies=config["secure_cookies"],
        behind_proxy=config["behind_proxy"],
        rate_secret=bytes.fromhex(config["rate_secret"]),
    )
    warm(made)  # this process's graphs, before its first visitor asks
    return made
