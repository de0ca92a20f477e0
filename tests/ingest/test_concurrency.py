"""Two ingests at once, as two real processes: one waits for the other (``redes.store.
exclusive``), and the store ends as the same ingests run one after the other."""

import shutil
import subprocess
import sys

from redes.ingest.pipeline import ingest
from redes.store import open_store
from tests.ingest.kb_snapshot import damage, snapshot


def _folders(shared, tmp_path, n=8):
    files = sorted((shared / "corpus" / "public").glob("*.txt"))[:n]
    halves = []
    for name, part in (("a", files[: n // 2]), ("b", files[n // 2 :])):
        folder = tmp_path / name
        folder.mkdir()
        for path in part:
            shutil.copy(path, folder / path.name)
        halves.append(folder)
    return halves


def _run_together(db, *folders_per_process):
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "redes", "ingest", "--db", str(db), *map(str, folders)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folders in folders_per_process
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    return outs


def _sequential(tmp_path, name, *runs):
    store = open_store(tmp_path / f"{name}.db")
    for folders in runs:
        ingest(store, folders)
    return store


def test_two_ingests_of_the_same_files_into_a_new_database(db, shared, tmp_path):
    a, b = _folders(shared, tmp_path)
    outs = _run_together(db, [a, b], [a, b])
    assert sorted(out.splitlines()[0].split()[1] for out, _ in outs) == ["0", "8"]  # "ingested N"
    assert any("Another ingest of this database is running" in err for _, err in outs)
    store = open_store(db)
    assert damage(store) == []
    got, one = snapshot(store), snapshot(_sequential(tmp_path, "one", [a, b]))
    if store.dialect != "sqlite":  # full-text search differs between the backends
        del got["search"], one["search"]
    assert got == one


def test_two_ingests_of_disjoint_halves(shared, tmp_path):
    a, b = _folders(shared, tmp_path)
    db = tmp_path / "halves.db"
    _run_together(db, [a], [b])
    got = snapshot(open_store(db))
    assert damage(open_store(db)) == []
    # As the two run one after the other, in either order: never interleaved.
    assert got in (
        snapshot(_sequential(tmp_path, "ab", [a], [b])),
        snapshot(_sequential(tmp_path, "ba", [b], [a])),
    )
