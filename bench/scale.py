"""Scale-out: documents per second of ``redes ingest`` in one process and on a Dask
LocalCluster of 1 and 2 workers, against SQLite and PostgreSQL, with peak memory per
worker and for the client, and the speedup of 2 workers over 1, side by side.

usage: python bench/scale.py [--docs 10000] [--no-extract] [--pg URL] [--sqlite/--no-sqlite]
                             [--workers 0 1 2] [--keep DIR]

The corpus is ``bench/ingest.py``'s generator (~360 words a document). Each run ingests
it into a fresh database, in its own process, so that peak memory is that run's. CPU
seconds of the client and of the workers are printed too: on a busy machine they still
show the speedup a quiet one allows (the client's serial share, Amdahl's bound). ``--pg``
names a PostgreSQL server where the user may create databases (one per run, dropped
after); without it only SQLite is measured. Figures, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MODES = {0: "one process", 1: "1 worker", 2: "2 workers"}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def server_cpu() -> float | None:
    """CPU seconds of the PostgreSQL server processes on this machine, those that have
    exited included (their postmaster's children's time); None without one."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        name, fields = raw[raw.index("(") + 1 : raw.rindex(")")], raw[raw.rindex(")") + 2 :].split()
        if name != "postgres":
            continue
        found = True
        # utime, stime, then (for the postmaster) the time of the children it has reaped.
        total += sum(int(v) for v in fields[11:15]) / tick
    return total if found else None


def one_run(corpus: Path, db: str, workers: int, extract: bool) -> dict:
    """Ingest ``corpus`` into ``db`` with ``workers`` Dask workers (0: one process)."""
    from redes.ingest.pipeline import ingest
    from redes.scale.cluster import Cluster, Inline
    from redes.store import open_store

    store = open_store(db)
    worker_rss: list[float] = []
    worker_cpu = 0.0
    t0, cpu0 = time.perf_counter(), _cpu()
    if workers == 0:
        report = ingest(store, [corpus], extract=extract, runner=Inline())
    else:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            cpu_before = sum(client.run(_cpu).values())
            report = ingest(store, [corpus], extract=extract, runner=Cluster(client))
            worker_rss = sorted(client.run(_rss_mb).values())
            worker_cpu = sum(client.run(_cpu).values()) - cpu_before
    elapsed, client_cpu = time.perf_counter() - t0, _cpu() - cpu0
    store.close()
    return {
        "ingested": report.counts()["ingested"],
        "seconds": elapsed,
        "client_rss": _rss_mb(),
        "worker_rss": worker_rss,
        "client_cpu": client_cpu,
        "worker_cpu": worker_cpu,
    }


def _bound(seconds: tuple[float, float], workers: int, cores: float) -> float:
    """The shortest run that (serial CPU s, worker CPU s) allow ``workers`` on ``cores``."""
    serial, work = seconds
    return max(serial, work / workers, (serial + work) / cores)


def _pg_database(server: str, create: bool, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(f'{"CREATE" if create else "DROP"} DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--no-extract", action="store_true")
    ap.add_argument("--pg", help="PostgreSQL server URL (the user may create databases).")
    ap.add_argument("--keep", type=Path, help="Keep the corpus in this folder.")
    ap.add_argument(
        "--workers", type=int, nargs="+", choices=sorted(MODES), default=sorted(MODES),
        help="Runs to make: 0 (one process), 1 and 2 Dask workers.",
    )
    ap.add_argument("--no-sqlite", action="store_true", help="Only PostgreSQL (with --pg).")
    ap.add_argument("--one", nargs=3, metavar=("CORPUS", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    extract = not args.no_extract
    if args.one:
        corpus, db, workers = args.one
        print(json.dumps(one_run(Path(corpus), db, int(workers), extract)))
        return

    from ingest import generate

    work = args.keep or Path(tempfile.mkdtemp(prefix="redes-scale-"))
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    words = generate(corpus, args.docs)
    print(f"{args.docs:,} generated documents ({words:,} words), {'with' if extract else 'without'} extraction")
    backends = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.pg else [])
    print(
        f"{'backend':<11} {'run':<12} {'docs/s':>8} {'seconds':>8} {'client CPU s':>12} {'worker CPU s':>12}"
        f" {'server CPU s':>12} {'client MB':>10}  worker MB"
    )
    for backend in backends:
        rates, cpu = {}, {}
        for workers in args.workers:
            mode = MODES[workers]
            name = f"redes_scale_{uuid.uuid4().hex[:8]}"
            db = str(work / f"{name}.db") if backend == "sqlite" else _pg_database(args.pg, True, name)
            try:
                cmd = [sys.executable, __file__, "--one", str(corpus), db, str(workers)]
                if not extract:
                    cmd.append("--no-extract")
                before = server_cpu() if backend == "postgresql" else None
                out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                after = server_cpu() if before is not None else None
                r["server_cpu"] = after - before if after is not None else 0.0
            finally:
                if backend == "sqlite":
                    Path(db).unlink(missing_ok=True)
                else:
                    _pg_database(args.pg, False, name)
            rate = r["ingested"] / r["seconds"]
            # The database server's CPU counts with the client's: neither is a worker's.
            rates[mode], cpu[mode] = rate, (r["client_cpu"] + r["server_cpu"], r["worker_cpu"])
            per_worker = ", ".join(f"{mb:.0f}" for mb in r["worker_rss"]) or "-"
            server = f"{r['server_cpu']:.1f}" if before is not None else "-"
            print(
                f"{backend:<11} {mode:<12} {rate:8,.1f} {r['seconds']:8.1f} {r['client_cpu']:12.1f}"
                f" {r['worker_cpu']:12.1f} {server:>12}"
                f" {r['client_rss']:10.0f}  {per_worker}"
            )
        if not {"1 worker", "2 workers"} <= set(rates):
            continue
        # A quiet machine's bound: the client (with the database server) and the workers
        # overlap, each at full speed, and together use at most every core.
        cores = os.cpu_count() or 1

        ratio = {c: _bound(cpu["1 worker"], 1, c) / _bound(cpu["2 workers"], 2, c) for c in (cores, float("inf"))}
        print(
            f"{backend:<11} speedup of 2 workers over 1: {rates['2 workers'] / rates['1 worker']:.2f}x"
            f" (bound from CPU seconds on {cores} cores: {ratio[cores]:.2f}x; with a core to spare"
            f" for the client and the server: {ratio[float('inf')]:.2f}x)"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
