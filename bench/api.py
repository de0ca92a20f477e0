"""Latency of the workbench API's dossier and search endpoints on a large knowledge base.

usage: python bench/api.py [--entities 100000] [--claims 1000000] [--docs 20000]
                           [--requests 200] [--db PATH] [--keep]

Generates a knowledge base with bulk inserts straight into the tables (entities with
aliases, documents, mentions, claims with one evidence row each), then times requests
through the full app (middleware, routing, JSON) with FastAPI's TestClient, in process,
and prints p50 and p95 per endpoint. Claims are spread with a heavy tail, as in real
corpora: most entities have a few claims and a few hubs have hundreds, so dossiers are
timed for typical entities and for hubs separately.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from redes.extract.model import ENTITY_TYPES, RELATION_TYPES
from redes.store import open_store
from redes.store.models import Alias, Claim, Collection, Document, Entity, Evidence, Mention

FIRST = "Juan José María Luis Carlos Ana Rosa Miguel Jesús Pedro Rafael Sergio Ovidio Ismael Joaquín".split()
LAST = "García López Hernández Martínez González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Cruz Morales Ortiz Gutiérrez Chávez Ruiz Mendoza Aguilar Castillo Vázquez Guzmán Zambada Valencia Oseguera".split()
PLACES = "Jalisco Michoacán Guanajuato Sinaloa Sonora Tamaulipas Guerrero Zacatecas Colima Nayarit Veracruz Puebla Oaxaca Chiapas Tabasco Morelos".split()
WORDS = (
    "cartel group leader arrested extradited reward operation army navy police prosecutor "
    "municipality state violence clash faction alliance rivalry trafficking fentanyl cocaine "
    "methamphetamine laundering sanctions indictment court sentence prison plaza territory "
    "attack ambush checkpoint mayor governor official bribe collusion informant witness"
).split()
BATCH = 20_000


def _batches(rows, size=BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(conn, table, rows) -> int:
    n = 0
    for batch in _batches(rows):
        conn.execute(insert(table), batch)
        n += len(batch)
    return n


def _name(rng: random.Random, i: int, type_: str) -> str:
    if type_ == "person":
        return f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)} {i}"
    if type_ == "place":
        return f"{rng.choice(PLACES)} {i}"
    prefix = {"criminal_group": "Cártel", "state_body": "Secretaría", "organization": "Fundación"}[type_]
    return f"{prefix} {rng.choice(LAST)} {i}"


def _key(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name.lower())
    return " ".join("".join(c for c in folded if c.isalnum() or c == " ").split())


def _heavy_tail(rng: random.Random, n: int) -> int:
    """An entity index, mostly uniform, with 1% hubs drawing a quarter of the picks."""
    if rng.random() < 0.25:
        return rng.randrange(max(1, n // 100))
    return rng.randrange(n)


def generate(db: str, n_entities: int, n_claims: int, n_docs: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    store = open_store(db)
    t0 = time.perf_counter()
    types = [rng.choice(ENTITY_TYPES) for _ in range(n_entities)]
    names = [_name(rng, i, t) for i, t in enumerate(types)]
    with store.engine.begin() as conn:
        conn.execute(insert(Collection), [{"id": 1, "name": "public"}])
        _insert(
            conn,
            Entity,
            (
                {"id": i + 1, "slug": f"e{i}", "type": types[i], "name": names[i], "key": _key(names[i])}
                for i in range(n_entities)
            ),
        )
        _insert(
            conn,
            Alias,
            (
                {"entity_id": i + 1, "name": alias, "key": _key(alias), "origin": "machine"}
                for i in range(n_entities)
                for alias in (names[i], f"El {names[i].split()[-2]} {i}")
            ),
        )
        docs = []
        for d in range(n_docs):
            people = [names[_heavy_tail(rng, n_entities)] for _ in range(4)]
            words = " ".join(rng.choice(WORDS) for _ in range(120))
            docs.append(
                {
                    "id": d + 1,
                    "collection_id": 1,
                    "content_hash": hashlib.sha256(str(d).encode()).hexdigest(),
                    "file_name": f"doc{d}.txt",
                    "format": "txt",
                    "title": f"Report {d} on {people[0]}",
                    "language": rng.choice(("en", "es")),
                    "publisher": f"Publisher {d % 50}",
                    "published": f"{rng.randint(2006, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "word_count": 130,
                    "text": f"{people[0]} and {people[1]}. {words} {people[2]} {people[3]}.",
                }
            )
        _insert(conn, Document, docs)
        _insert(
            conn,
            Mention,
            (
                {
                    "document_id": rng.randrange(n_docs) + 1,
                    "entity_id": i % n_entities + 1,
                    "start": 0,
                    "end": 10,
                    "text": names[i % n_entities][:10],
                    "type": types[i % n_entities],
                }
                for i in range(n_entities * 3)
            ),
        )
        claims, evidence = [], []

        def claim_rows():
            for c in range(n_claims):
                s = _heavy_tail(rng, n_entities)
                o = _heavy_tail(rng, n_entities)
                if o == s:
                    o = (s + 1) % n_entities
                year = rng.randint(2006, 2025) if rng.random() < 0.6 else None
                yield {
                    "id": c + 1,
                    "key": hashlib.sha256(str(c).encode()).hexdigest(),
                    "subject_id": s + 1,
                    "predicate": rng.choice(RELATION_TYPES),
                    "object_id": o + 1,
                    "year": year,
                    "status": "machine",
                }

        def evidence_rows():
            for c in range(n_claims):
                start = rng.randrange(500)
                yield {
                    "claim_id": c + 1,
                    "document_id": rng.randrange(n_docs) + 1,
                    "start": start,
                    "end": start + 80,
                    "quote": "A sentence from the source that states the claim in full.",
                }

        claims = _insert(conn, Claim, claim_rows())
        evidence = _insert(conn, Evidence, evidence_rows())
    seconds = time.perf_counter() - t0
    hubs = list(range(1, max(2, n_entities // 100)))
    return {
        "store": store,
        "seconds": seconds,
        "claims": claims,
        "evidence": evidence,
        "hubs": hubs,
        "names": names,
    }


def _percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20, method="inclusive")
    return (
        f"p50 {statistics.median(samples) * 1000:7.1f} ms   p95 {q[18] * 1000:7.1f} ms   (n={len(samples)})"
    )


def timed(client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        out.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:200]}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--db", help="SQLite file to create (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="Keep the generated database.")
    args = ap.parse_args(argv)

    from fastapi.testclient import TestClient

    from redes.web import create_app

    folder = None if args.db else Path(tempfile.mkdtemp(prefix="redes-bench-api-"))
    db = args.db or str(folder / "api.db")
    try:
        kb = generate(db, args.entities, args.claims, args.docs)
        size = Path(db).stat().st_size / 1e6 if Path(db).exists() else float("nan")
        print(
            f"knowledge base: {args.entities:,} entities, {kb['claims']:,} claims, {kb['evidence']:,} evidence, "
            f"{args.docs:,} documents; generated in {kb['seconds']:.1f} s ({size:,.0f} MB)"
        )
        rng = random.Random(11)
        n = args.requests
        typical = [f"/api/entities/e{rng.randrange(args.entities // 100, args.entities)}" for _ in range(n)]
        hubs = [f"/api/entities/e{rng.choice(kb['hubs']) - 1}" for _ in range(max(20, n // 10))]
        words = [rng.choice(WORDS) for _ in range(n // 2)]
        people = [kb["names"][rng.randrange(args.entities)].rsplit(" ", 1)[0] for _ in range(n // 2)]
        searches = [f"/api/search?q={q}" for q in words + people]
        rng.shuffle(searches)
        with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
            timed(client, typical[:5] + searches[:5])  # warm caches and imports
            print(f"GET /api/entities/{{id}} (typical)  {_percentiles(timed(client, typical))}")
            print(f"GET /api/entities/{{id}} (hubs)     {_percentiles(timed(client, hubs))}")
            print(f"GET /api/search?q=...              {_percentiles(timed(client, searches))}")
            sizes = [len(client.get(u).content) for u in hubs[:5]]
            print(f"hub dossier size: {statistics.median(sizes) / 1000:.0f} kB of JSON")
        kb["store"].close()
    finally:
        if args.keep:
            print(f"kept {db}", file=sys.stderr)
        elif folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
