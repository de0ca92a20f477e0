"""Shared fixtures: the ../shared folder, stores on SQLite and PostgreSQL.

PostgreSQL: set REDES_TEST_PG_URL to a server where the test user may create databases,
or have PostgreSQL's server binaries installed (Debian's ``postgresql`` package) and the
tests start a throwaway cluster. With CI=true a missing server fails the run instead of
skipping (the same for Chromium in the browser tests).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip, or fail under CI, where every part must be present."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (corpus, eval, data) is not present")
    return SHARED


# --- PostgreSQL ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


class _Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder (as the postgres user when
    the tests run as root, since PostgreSQL refuses to run as root)."""

    def __init__(self) -> None:
        initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.pg_ctl = pg_ctl
        self.dir = tempfile.mkdtemp(prefix="redes-pg-")
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.dir, "data")
        self.port = _free_port()
        self._run([initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"])
        self._run(
            [
                pg_ctl,
                "-D",
                self.data,
                "-l",
                os.path.join(self.dir, "log"),
                "-o",
                f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                "-w",
                "start",
            ]
        )
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        subprocess.run(self.prefix + cmd, check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        try:
            self._run([self.pg_ctl, "-D", self.data, "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    """URL of a PostgreSQL server's maintenance database."""
    url = os.environ.get("REDES_TEST_PG_URL")
    if url:
        yield url
        return
    try:
        cluster = _Cluster()
    except (RuntimeError, subprocess.SubprocessError, KeyError, OSError) as exc:
        unavailable(f"no PostgreSQL server: {exc}")
        return
    try:
        yield cluster.url
    finally:
        cluster.stop()


APP_ROLE = "redes_app"


@contextmanager
def pg_database(server: str):
    """A fresh database on ``server``, owned by an ordinary role (no superuser, no
    BYPASSRLS: the row-level security policies bind it, as they bind a team's redes), and
    its URL as that role; dropped afterwards."""
    from sqlalchemy import create_engine, text

    from redes.store.db import db_url

    name = "redes_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(db_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}).first() is None:
            conn.execute(text(f'CREATE ROLE "{APP_ROLE}" LOGIN NOSUPERUSER NOBYPASSRLS'))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER "{APP_ROLE}"'))
    scheme, rest = server.split("://", 1)
    host = rest.rsplit("@", 1)[-1].rsplit("/", 1)[0]
    try:
        yield f"{scheme}://{APP_ROLE}@{host}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the PostgreSQL server, dropped after the test."""
    with pg_database(pg_server) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request, tmp_path) -> str:
    """A database URL or path on each backend: run store tests with this fixture."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db):
    from redes.store import open_store

    s = open_store(db)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path):
    from redes.store import open_store

    s = open_store(tmp_path / "test.db")
    yield s
    s.close()


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The bundled demo corpus, ingested and extracted once per session (SQLite), closed:
    the demo fixtures below copy it, so a module may change its copy."""
    from redes.demo import corpus_path
    from redes.ingest.pipeline import ingest
    from redes.store import open_store

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    store = open_store(path)
    report = ingest(store, [corpus_path()])
    assert report.ok, report.counts()
    store.close()
    return path


def copy_demo(template: Path, folder: Path, events: bool = False) -> Path:
    """A copy of the demo database in ``folder``; ``events``: with the demo's events loaded,
    as ``redes demo`` does."""
    path = folder / "demo.db"
    for suffix in ("", "-wal"):
        if Path(f"{template}{suffix}").exists():
            shutil.copyfile(f"{template}{suffix}", f"{path}{suffix}")
    if events:
        from redes.events import load_demo
        from redes.store import open_store

        store = open_store(path)
        load_demo(store)
        store.close()
    return path


@pytest.fixture(scope="module")
def demo_store(demo_template, tmp_path_factory):
    """The demo corpus's knowledge base, a copy of its own per module."""
    from redes.store import open_store

    store = open_store(copy_demo(demo_template, tmp_path_factory.mktemp("demo")))
    yield store
    store.close()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_store_any(request, tmp_path_factory):
    """The demo corpus's knowledge base on each backend, per module: a copy of the
    template on SQLite; on PostgreSQL a fresh database the demo is ingested into."""
    from redes.store import open_store

    if request.param == "sqlite":
        store = open_store(copy_demo(request.getfixturevalue("demo_template"), tmp_path_factory.mktemp("demo")))
        yield store
        store.close()
        return
    from redes.demo import corpus_path
    from redes.ingest.pipeline import ingest

    with pg_database(request.getfixturevalue("pg_server")) as url:
        store = open_store(url)
        assert ingest(store, [corpus_path()]).ok
        yield store
        store.close()


@pytest.fixture(scope="module")
def demo_db(demo_template, tmp_path_factory) -> str:
    """The path of a demo database as ``redes demo`` builds it (with its events), per module."""
    return str(copy_demo(demo_template, tmp_path_factory.mktemp("demo"), events=True))
