"""Event import and summary speed: the shipped GED Mexico table, then a synthetic table.

usage: python bench/events.py [--rows 1000000] [--db URL] [--skip-synthetic] [--keep DIR]

1. Imports the shipped GED 24.1 Mexico table (18,957 events) into a fresh database,
   imports it again (all already there), and times the CJNG summaries.
2. Writes a synthetic GED table of ``--rows`` events (real rows resampled with new ids,
   gzipped), imports it, and times the same summaries on it.

Prints rows per second, seconds per summary and peak resident memory. ``--db`` takes a
postgresql:// URL of an empty database to measure PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from redes.events import import_ucdp, load_demo
from redes.events.actors import resolve_actor
from redes.events.demo import demo_path
from redes.events.summaries import Filters, summarize
from redes.store import open_store

QUERIES = [
    ("CJNG", "opponent", "ged"),
    ("CJNG", "year", "ged"),
    ("CJNG", "state", "ged"),
    ("CJNG", "municipality", "ged"),
    ("CJNG", "municipality", "pip"),
    ("Sinaloa Cartel", "opponent", "ged"),
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(store, path: Path, label: str) -> None:
    t = time.perf_counter()
    report = import_ucdp(store, path)
    dt = time.perf_counter() - t
    print(
        f"{label}: {report.read:,} rows in {dt:.2f} s ({report.read / dt:,.0f} rows/s); "
        f"imported {report.imported:,}, already there {report.existing:,}, bad {report.bad_count}; "
        f"peak RSS {peak_mb():,.0f} MB"
    )


def timed_summaries(store, start: int | None = 2011, end: int | None = 2019) -> None:
    with store.session() as s:
        for actor, by, method in QUERIES:
            match = resolve_actor(s, actor)
            t = time.perf_counter()
            result = summarize(s, match, by, Filters(start=start, end=end), method=method)
            dt = time.perf_counter() - t
            print(f"  summary {actor} by {by} ({method}): {dt * 1000:,.0f} ms, {result.events:,} events")


def synthesize(path: Path, rows: int, seed: int = 1) -> None:
    """Resample real GED rows with fresh ids: realistic actors, places and precision."""
    with gzip.open(demo_path(), "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        sample = list(reader)
    rng = random.Random(seed)
    with gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=1) as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        for i in range(rows):
            row = dict(rng.choice(sample))
            row["id"] = str(10_000_000 + i)
            writer.writerow(row)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--db", help="an empty PostgreSQL database URL (default: a temporary SQLite file)")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--keep", type=Path, help="keep the generated files and database in this folder")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="redes-bench-events-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        store = open_store(args.db or work / "mexico.db")
        t = time.perf_counter()
        report = load_demo(store)
        dt = time.perf_counter() - t
        print(f"GED Mexico: {report.imported:,} events in {dt:.2f} s ({report.imported / dt:,.0f} rows/s)")
        timed_import(store, demo_path(), "GED Mexico again")
        timed_summaries(store)
        store.close()
        if args.skip_synthetic:
            return 0

        path = work / f"synthetic_{args.rows}.csv.gz"
        t = time.perf_counter()
        synthesize(path, args.rows)
        print(f"synthetic table: {args.rows:,} rows written in {time.perf_counter() - t:.1f} s")
        store = open_store(args.db or work / "synthetic.db")
        timed_import(store, path, "synthetic")
        timed_summaries(store, start=None, end=None)
        store.close()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
