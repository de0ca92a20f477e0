"""Database-wide locks (``redes.store.exclusive``): a second holder waits, is told so,
and gets the lock when the first lets it go; a killed holder lets it go too."""

import signal
import subprocess
import sys
import threading

from redes.store import open_store
from redes.store.db import make_engine
from redes.store.exclusive import exclusive


def test_a_second_holder_waits_for_the_first(db):
    open_store(db).close()
    first, second = make_engine(db), make_engine(db)
    told, got = threading.Event(), threading.Event()

    def other():
        with exclusive(second, "ingest", waiting=told.set):
            got.set()

    with exclusive(first, "ingest"):
        thread = threading.Thread(target=other)
        thread.start()
        assert told.wait(10)
        assert not got.wait(0.2)
    assert got.wait(10)
    thread.join()
    with exclusive(first, "schema"), exclusive(second, "ingest"):
        pass  # two locks, each its own


def test_a_killed_holder_releases_it(db):
    open_store(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from redes.store.db import make_engine\n"
            "from redes.store.exclusive import exclusive\n"
            f"with exclusive(make_engine({str(db)!r}), 'ingest'):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        told = threading.Event()
        done = threading.Event()

        def take():
            with exclusive(make_engine(db), "ingest", waiting=told.set):
                done.set()

        thread = threading.Thread(target=take, daemon=True)
        thread.start()
        assert told.wait(10)
        holder.send_signal(signal.SIGKILL)
        assert done.wait(30)
    finally:
        holder.kill()
        holder.wait()


def test_a_new_database_is_created_once_by_two_processes(tmp_path):
    db = tmp_path / "new.db"
    code = f"from redes.store import open_store; open_store({str(db)!r}).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
