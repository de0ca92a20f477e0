"""Fixtures for the web tests: a knowledge base built from the test corpus (plus the
shipped UCDP events), a TestClient, a live server in a thread, and Chromium.

Chromium is Debian's (``REDES_CHROMIUM`` or ``chromium`` on the PATH, else
/usr/bin/chromium): Playwright's own browser download is not used.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT, unavailable, wait_for
from tests.web import corpus

ARTEFACTS = ROOT / "test-artefacts" / "web"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_store(folder: Path, events: bool = False):
    from redes.store import open_store

    store = open_store(folder / "web.db")
    report = corpus.build(store, folder / "corpus")
    assert report.ok, report.counts()
    if events:
        from redes.events import load_demo

        load_demo(store)
    return store


@pytest.fixture(scope="session")
def kb_store(tmp_path_factory):
    """The shared test knowledge base, with the demo events. Tests that change it only
    accept claims (the review test); tests that merge or split use ``fresh_store``."""
    store = build_store(tmp_path_factory.mktemp("webkb"), events=True)
    yield store
    store.close()


@pytest.fixture
def fresh_store(tmp_path):
    store = build_store(tmp_path)
    yield store
    store.close()


def make_client(store):
    from fastapi.testclient import TestClient

    from redes.web import create_app

    # A loopback client: on a database without users it is the owner (no sign-in).
    return TestClient(create_app(store), base_url="http://127.0.0.1", client=("127.0.0.1", 50000))


@pytest.fixture(scope="session")
def client(kb_store):
    with make_client(kb_store) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(store, **options) -> Iterator[str]:
    """The workbench on ``store`` on a free loopback port, in a background thread, for
    as long as the block runs; ``options`` go to ``uvicorn.Config``."""
    import uvicorn

    from redes.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning", **options)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    assert wait_for(lambda: srv.started, timeout=30), "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(kb_store) -> Iterator[str]:
    """The workbench on the shared test knowledge base."""
    with serving(kb_store) as url:
        yield url


def chromium_path() -> str | None:
    path = os.environ.get("REDES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.exists(path) else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did that it should not: dialogs (alert), console errors, uncaught
    exceptions, and failed requests."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.dialogs + self.console_errors + self.page_errors + self.failed


@pytest.fixture
def page(browser, server):
    """A fresh browser page on the live server, watched for dialogs and errors."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch()

    def on_dialog(dialog):
        watch.dialogs.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: m.type == "error" and watch.console_errors.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: watch.page_errors.append(f"page error: {e}"))
    # A request cut short because the test navigated on is no fault of the page.
    pg.on(
        "requestfailed",
        lambda r: (
            "ERR_ABORTED" not in (r.failure or "") and watch.failed.append(f"failed: {r.url} {r.failure}")
        ),
    )
    pg.watch = watch
    yield pg
    context.close()


def screenshot(page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
