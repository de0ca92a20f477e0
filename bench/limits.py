"""What the web server's limits cost and what they prevent (issue 12).

usage: python bench/limits.py [--docs 5000] [--words 300]

1. The statement time limit's progress handler (``redes.store.limits``): a long SQLite
   statement with no limit, under a limit it never reaches, and on an engine without the
   handler at all.
2. A full-text search of one word repeated n times, as FTS5 would run it without the
   de-duplication of ``redes.store.search`` (every repeat is a phrase to rank and
   highlight, for each of the best 500 matches), against the query search now runs.

Documents are generated (random words from a small vocabulary) into a temporary SQLite
database; figures are the best of three runs.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from redes.store import open_store
from redes.store.limits import Limit, limit_statements, limited
from redes.store.search import fts5_query

VOCABULARY = (
    "the cartel group leader arrested extradited reward operation army navy police prosecutor "
    "municipality state violence clash faction alliance rivalry trafficking of and in a to"
).split()
LONG = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT sum(x) FROM c"
)
SEARCH = (
    "SELECT d.id, bm25(documents_fts, 5.0, 1.0) AS rank, snippet(documents_fts, 1, '[', ']', '…', 24) "
    "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
    "WHERE documents_fts MATCH :q ORDER BY rank LIMIT 500"
)


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def generate(store, docs: int, words: int) -> None:
    from sqlalchemy import insert

    from redes.store.models import Document

    rng = random.Random(12)
    with store.session() as s:
        cid = store.collection(s, "public").id
    rows = [
        {
            "content_hash": f"{i:064x}",
            "file_name": f"doc{i}.txt",
            "format": "txt",
            "text": " ".join(rng.choice(VOCABULARY) for _ in range(words)),
            "collection_id": cid,
        }
        for i in range(docs)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(Document), rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5_000)
    ap.add_argument("--words", type=int, default=300)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        plain = open_store(Path(tmp) / "bench.db")
        limited_store = open_store(Path(tmp) / "bench.db", upgrade=False)
        limit_statements(limited_store.engine)

        def run(store, sql, **params):
            with store.session() as s:
                s.execute(text(sql), params).all()

        print("1. progress handler, a statement of 3 million rows (best of 3)")
        base = best(lambda: run(plain, LONG))
        print(f"   engine without the handler      {base * 1000:8.1f} ms")
        t = best(lambda: run(limited_store, LONG))
        print(f"   handler, no limit in context    {t * 1000:8.1f} ms  ({t / base - 1:+.1%})")
        with limited(Limit(600.0)):
            t = best(lambda: run(limited_store, LONG))
        print(f"   handler, under a 600 s limit    {t * 1000:8.1f} ms  ({t / base - 1:+.1%})")

        generate(plain, args.docs, args.words)
        print(f"\n2. search of one word repeated n times, {args.docs:,} documents of {args.words} words")
        print("       n   as typed (no de-duplication)   as searched now")
        for n in (1, 10, 25, 50, 100):
            raw = " AND ".join(['"the"'] * n)
            now = fts5_query("the " * n)
            t_raw = best(lambda raw=raw: run(plain, SEARCH, q=raw), runs=1 if n >= 50 else 3)
            t_now = best(lambda now=now: run(plain, SEARCH, q=now))
            print(f"    {n:4d}   {t_raw * 1000:10.1f} ms                  {t_now * 1000:8.1f} ms")
        plain.close()
        limited_store.close()


if __name__ == "__main__":
    main()
