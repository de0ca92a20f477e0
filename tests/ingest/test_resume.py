"""Crash-safe ingest: killed with SIGKILL at random points and resumed, the store ends as
one clean run leaves it; a document whose extraction keeps failing is given up."""

import os
import random
import shutil
import subprocess
import sys
import time

from sqlalchemy import select, update

from redes.ingest import resume
from redes.ingest.pipeline import ingest
from redes.store import open_store
from redes.store.models import Document
from tests.ingest.kb_snapshot import damage, snapshot

KILLS = 8
SEED = 14


def _corpus(shared, tmp_path, n=12):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted((shared / "corpus" / "public").glob("*.txt"))[:n]:
        shutil.copy(path, folder / path.name)
    return folder


# Extraction in batches of 3 documents (64 by default), so that kills land between
# committed batches as well as inside them.
_SMALL_BATCHES = (
    "import sys; import redes.kb.pipeline as p; p.BATCH = 3; from redes.cli import cli; cli(sys.argv[1:])"
)


def _ingest_cmd(db, folder, *extra):
    return [sys.executable, "-c", _SMALL_BATCHES, "ingest", "--db", str(db), str(folder), *extra]


def test_killed_at_random_points_and_resumed_ends_as_one_run(shared, tmp_path):
    folder = _corpus(shared, tmp_path)
    clean_db = tmp_path / "clean.db"
    started = time.monotonic()
    subprocess.run(_ingest_cmd(clean_db, folder), check=True, capture_output=True, cwd=tmp_path)
    duration = time.monotonic() - started

    db = tmp_path / "killed.db"
    rng = random.Random(SEED)
    for _ in range(KILLS):
        proc = subprocess.Popen(
            _ingest_cmd(db, folder, "--attempts", "50"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=tmp_path,
        )
        try:
            proc.wait(timeout=rng.uniform(0.1, duration))
        except subprocess.TimeoutExpired:
            proc.kill()  # SIGKILL
            proc.wait()
    left = len(resume.unfinished(open_store(db))) if db.exists() else 0
    done = subprocess.run(
        _ingest_cmd(db, folder, "--attempts", "50"), capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    if left:
        assert f"extracted {left} left unfinished" in done.stdout

    clean, killed = open_store(clean_db), open_store(db)
    assert damage(killed) == []
    assert snapshot(killed) == snapshot(clean)
    with killed.session() as s:
        assert set(s.scalars(select(Document.extraction_attempts))) == {0}


def test_unfinished_extraction_is_resumed_and_reported(sqlite_store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Los Zetas operan en Tamaulipas, según la Fiscalía General de la República."
    )
    (folder / "b.txt").write_text("El Cártel de Sinaloa opera en Sonora y Chihuahua desde 2010.")
    first = ingest(sqlite_store, [folder], extract=False)  # as if killed before extraction
    assert first.counts()["ingested"] == 2 and first.extraction is None
    (folder / "c.txt").write_text("La Guardia Nacional detuvo a tres personas en Colima.")
    again = ingest(sqlite_store, [folder])
    assert again.counts() == {"ingested": 1, "duplicate": 2, "failed": 0, "ignored": 0}
    assert len(again.resumed) == 2  # a.txt and b.txt, not c.txt
    assert resume.unfinished(sqlite_store) == []
    assert ingest(sqlite_store, [folder]).resumed == []


def test_a_document_that_keeps_failing_is_given_up(sqlite_store, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_text("Texto que hace fallar la extracción. Los Zetas operan en Tamaulipas.")
    (folder / "good.txt").write_text("El Cártel de Sinaloa opera en Sonora y Chihuahua desde 2010.")
    from redes.kb import pipeline as kb_pipeline

    real = kb_pipeline.extract_document

    def flaky(item):
        return (item[0], "MemoryError: out of memory") if "fallar" in item[1] else real(item)

    monkeypatch.setattr(kb_pipeline, "extract_document", flaky)
    reports = [ingest(sqlite_store, [folder], max_attempts=3) for _ in range(4)]
    assert [r.given_up for r in reports[:2]] == [{}, {}]
    ((bad_id, reason),) = reports[2].given_up.items()
    assert reason == "extraction failed 3 times: MemoryError: out of memory"
    assert reports[3].given_up == {} and reports[3].resumed == []  # no longer blocks ingest
    with sqlite_store.session() as s:
        bad = s.get(Document, bad_id)
        assert bad.extraction_error == reason and bad.extracted_with is None
    assert resume.unfinished(sqlite_store) == []
    # ``redes docs`` says so, and ``--given-up`` lists it with why.
    import json

    from click.testing import CliRunner

    from redes.cli import cli

    db = str(sqlite_store.engine.url.database)
    listed = CliRunner().invoke(cli, ["docs", "--db", db])
    assert listed.exit_code == 0 and "Extraction was given up on 1: redes docs --given-up" in listed.output
    out = CliRunner().invoke(cli, ["docs", "--given-up", "--db", db, "--format", "json"]).output
    assert [(d["id"], d["extraction"], d["attempts"], d["error"]) for d in json.loads(out)] == [
        (bad_id, "given up", 3, reason)
    ]
    table = CliRunner().invoke(cli, ["docs", "--given-up", "--db", db]).output
    assert "Texto que hace fallar" in table and "Sinaloa" not in table and "MemoryError" in table
    from redes.web.corpus import document  # the web's document page says why it has no entities

    assert document(sqlite_store, bad_id)["extraction_error"] == reason


def test_runs_that_died_during_extraction_count_as_attempts(sqlite_store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Los Zetas operan en Tamaulipas, según la Fiscalía General de la República."
    )
    ingest(sqlite_store, [folder], extract=False)
    with sqlite_store.session() as s:  # three runs killed while extracting it
        s.execute(update(Document).values(extraction_attempts=3))
    report = ingest(sqlite_store, [folder], max_attempts=3)
    assert list(report.given_up.values()) == [
        "extraction interrupted 3 times (the process crashed or was killed during it)"
    ]
    assert report.resumed == []


def test_a_run_killed_after_its_last_batch_is_settled_by_the_next(sqlite_store, tmp_path):
    """Killed after writing its last batch and before settling: the next ingest, with
    nothing to extract, still clears the attempts counted (the random-kill test's rare
    ending)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("El Cártel de Sinaloa opera en Sonora y Chihuahua desde 2010.")
    ingest(sqlite_store, [folder])
    with sqlite_store.session() as s:
        s.execute(update(Document).values(extraction_attempts=1))
    assert ingest(sqlite_store, [folder]).extraction is None
    with sqlite_store.session() as s:
        assert set(s.scalars(select(Document.extraction_attempts))) == {0}


def test_the_cli_says_what_it_resumed(tmp_path):
    from click.testing import CliRunner

    from redes.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Los Zetas operan en Tamaulipas, según la Fiscalía General de la República."
    )
    db = str(tmp_path / "x.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--db", db, "--no-extract", str(folder)]).exit_code == 0
    out = runner.invoke(cli, ["ingest", "--db", db, str(folder)])
    assert out.exit_code == 0, out.output
    assert "duplicates 1" in out.output and "extracted 1 left unfinished" in out.output
    assert os.path.exists(db + ".ingest.lock")
