"""Ingest on Dask workers (``redes.scale.cluster``) gives the store one process gives: on
a LocalCluster of 2 worker processes (``--jobs 2``), on a scheduler started here on
loopback (``--cluster``), against SQLite and PostgreSQL, and when a worker is killed
mid-run."""

from __future__ import annotations

import os
import shutil
import signal

import pytest
from click.testing import CliRunner

import redes.ingest.pipeline
import redes.kb.pipeline
from redes.cli import cli
from redes.demo import corpus_path
from redes.ingest.pipeline import ingest
from redes.store import open_store
from tests.conftest import pg_database
from tests.ingest.kb_snapshot import damage, snapshot

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Twelve documents of the bundled demo corpus."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(corpus_path().glob("*.txt"))[:12]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_dbs(request, tmp_path):
    """Two empty databases on one backend: one for a single process, one for the cluster."""
    if request.param == "sqlite":
        yield str(tmp_path / "one.db"), str(tmp_path / "many.db")
        return
    server = request.getfixturevalue("pg_server")
    with pg_database(server) as one, pg_database(server) as many:
        yield one, many


def _ingest(db: str, corpus, **kw) -> dict:
    store = open_store(db)
    try:
        report = ingest(store, [corpus], **kw)
        assert report.counts()["ingested"] == 12 and report.ok
        assert damage(store) == []
        return snapshot(store)
    finally:
        store.close()


def test_scheduler_ingest_equals_one_process(two_dbs, corpus, scheduler, monkeypatch):
    """Small batches, so that several are on the workers at once."""
    monkeypatch.setattr(redes.kb.pipeline, "BATCH", 3)
    monkeypatch.setattr(redes.ingest.pipeline, "READ_BATCH", 3)
    one, many = two_dbs
    assert _ingest(many, corpus, cluster=scheduler.scheduler_address) == _ingest(one, corpus)


def test_jobs_2_on_the_command_line_equals_one_process(corpus, tmp_path):
    """``redes ingest --jobs 2`` starts a LocalCluster of 2 worker processes."""
    for name, extra in (("one.db", []), ("two.db", ["--jobs", "2"])):
        result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(tmp_path / name), *extra])
        assert result.exit_code == 0, result.output
        assert ("Dask dashboard: http://" in result.output) == bool(extra)
    stores = [open_store(tmp_path / name) for name in ("one.db", "two.db")]
    try:
        assert snapshot(stores[0]) == snapshot(stores[1])
    finally:
        for store in stores:
            store.close()


def test_rebuild_on_the_scheduler_equals_one_process(corpus, tmp_path, scheduler):
    from redes.kb import rebuild

    store = open_store(tmp_path / "one.db")
    try:
        ingest(store, [corpus])
        before = snapshot(store)
        stats = rebuild(store, cluster=scheduler.scheduler_address)
        assert stats.documents == 12 and not stats.failed
        assert snapshot(store) == before and damage(store) == []
    finally:
        store.close()


def test_a_killed_worker_loses_nothing_and_writes_nothing_twice(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(redes.kb.pipeline, "BATCH", 2)
    monkeypatch.setattr(redes.ingest.pipeline, "READ_BATCH", 2)
    expected = _ingest(str(tmp_path / "one.db"), corpus)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        pids = client.run(os.getpid)
        killed = []

        def kill_one(phase, advance, total):
            # After the first extracted batch is stored, while the others are on the workers.
            if phase == "extract" and advance and not killed:
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        got = _ingest(str(tmp_path / "many.db"), corpus, cluster=cluster.scheduler_address, progress=kill_one)
        assert killed  # mid-run: while extracted batches were still coming back
    assert got == expected


def test_an_unreachable_scheduler_is_one_error_line(corpus, tmp_path):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(
            cli, ["ingest", str(corpus), "--db", str(tmp_path / "x.db"), "--cluster", "tcp://127.0.0.1:9"]
        )
    assert result.exit_code == 1
    assert "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
