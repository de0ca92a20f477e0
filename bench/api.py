"""Latency of the workbench API's dossier and search endpoints on a large knowledge base,
for the owner and for a viewer whose every query passes through the access filter.

usage: python bench/api.py [--entities 100000] [--claims 1000000] [--docs 20000]
                           [--requests 200] [--secret 0.1] [--db PATH] [--keep]

Generates a knowledge base with bulk inserts straight into the tables (entities with
aliases, documents, mentions, claims with one evidence row each), then times requests
through the full app (middleware, authentication, routing, JSON) with FastAPI's
TestClient, in process, and prints p50 and p95 per endpoint. Claims are spread with a
heavy tail, as in real corpora: most entities have a few claims and a few hubs have
hundreds, so dossiers are timed for typical entities and for hubs separately.

A share of the documents (``--secret``) is in a confidential collection. The requests are
timed as the owner (loopback, before any account exists), then as a viewer with an API
token who may read only the public collection, each request twice in a row: with the
access filter switched off (for the measurement only) and on (readable documents,
evidence, claims, entities, aliases and names, on every query). Both viewer runs pay the
same authentication and audit log, so their difference is what the filter costs: the
last column. Targets are entities whose name the viewer may read.
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
from redes.extract.normalize import slug as slugify
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


def generate(
    db: str, n_entities: int, n_claims: int, n_docs: int, secret: float = 0.1, seed: int = 7
) -> dict:
    rng = random.Random(seed)
    store = open_store(db)
    t0 = time.perf_counter()
    types = [rng.choice(ENTITY_TYPES) for _ in range(n_entities)]
    names = [_name(rng, i, t) for i, t in enumerate(types)]
    slugs = [slugify(n) for n in names]  # unique: names end with their index
    # Every 1/secret-th document is confidential.
    every = max(1, round(1 / secret)) if secret > 0 else n_docs + 1
    hidden_doc = [(d + 1) % every == 0 for d in range(n_docs)]
    seen_public: set[int] = set()
    with store.engine.begin() as conn:
        conn.execute(
            insert(Collection),
            [
                {"id": 1, "name": "public", "visibility": "public"},
                {"id": 2, "name": "confidential", "visibility": "confidential"},
            ],
        )
        _insert(
            conn,
            Entity,
            (
                {"id": i + 1, "slug": slugs[i], "type": types[i], "name": names[i], "key": _key(names[i])}
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
                    "collection_id": 2 if hidden_doc[d] else 1,
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

        def mention_rows():
            # Three mentions per entity: twice by its name, once by its alias.
            for i in range(n_entities * 3):
                e = i % n_entities
                doc = rng.randrange(n_docs)
                by_name = i < n_entities * 2
                if by_name and not hidden_doc[doc]:
                    seen_public.add(e)  # a public document gives its name: the viewer sees it
                text = names[e] if by_name else f"El {names[e].split()[-2]} {e}"
                yield {
                    "document_id": doc + 1,
                    "entity_id": e + 1,
                    "start": 0,
                    "end": len(text),
                    "text": text,
                    "type": types[e],
                }

        _insert(conn, Mention, mention_rows())
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
    hubs = [h for h in range(1, max(2, n_entities // 100)) if h - 1 in seen_public]
    return {
        "store": store,
        "seconds": seconds,
        "claims": claims,
        "evidence": evidence,
        "hubs": hubs,
        "names": names,
        "slugs": slugs,
        "public": seen_public,
        "hidden_docs": sum(hidden_doc),
    }


def _percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20, method="inclusive")
    return (
        f"p50 {statistics.median(samples) * 1000:7.1f} ms  p95 {q[18] * 1000:7.1f} ms  (n={len(samples):>3})"
    )


def timed(client, urls: list[str], headers: dict | None = None) -> list[float]:
    out = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url, headers=headers)
        out.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:200]}")
    return out


def _viewer_token(store) -> str:
    """A viewer who may read the public collection only, and an API token for them."""
    from redes.access import users

    with store.session() as s:
        user = users.create_user(s, "bench-viewer", "viewer")
        return users.create_api_token(s, user, "bench")


def _filter(on: bool) -> None:
    """Switch the access filter on or off (for measuring what it costs, nothing else): the
    ORM hook, and the scope check of full-text search."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    import redes.web.search as web_search
    from redes.access import filters
    from redes.store import search as store_search

    listening = event.contains(Session, "do_orm_execute", filters._restrict)
    if on and not listening:
        event.listen(Session, "do_orm_execute", filters._restrict)
    elif not on and listening:
        event.remove(Session, "do_orm_execute", filters._restrict)
    if on:
        web_search.search_documents = store_search.search_documents
    else:
        web_search.search_documents = lambda store, *a, **k: store_search.search_documents(
            store.scoped(None), *a, **k
        )


def _client(db: str):
    from fastapi.testclient import TestClient

    from redes.web import create_app

    # A loopback client: the owner while the database has no accounts.
    return TestClient(create_app(db), base_url="http://127.0.0.1", client=("127.0.0.1", 50000))


def _owner(db: str, urls: dict[str, list[str]]) -> dict[str, list[float]]:
    with _client(db) as client:
        for batch in urls.values():
            timed(client, batch[:5])  # warm caches and imports
        return {label: timed(client, batch) for label, batch in urls.items()}


def _viewer(db: str, urls: dict[str, list[str]], token: str) -> tuple[dict, dict]:
    """The viewer's requests, each timed with the filter off and on, alternately (the same
    authentication and audit log either way): (off, on)."""
    headers = {"authorization": f"Bearer {token}"}
    off: dict[str, list[float]] = {}
    on: dict[str, list[float]] = {}
    with _client(db) as client:
        for batch in urls.values():
            timed(client, batch[:5], headers)
        try:
            for label, batch in urls.items():
                off[label], on[label] = [], []
                for url in batch:
                    for switch, out in ((False, off), (True, on)):
                        _filter(switch)
                        out[label] += timed(client, [url], headers)
        finally:
            _filter(True)
    return off, on


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--secret", type=float, default=0.1, help="Share of confidential documents.")
    ap.add_argument("--db", help="SQLite file to create (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="Keep the generated database.")
    ap.add_argument("--reuse", action="store_true", help="Time a database kept by an earlier --keep run.")
    args = ap.parse_args(argv)

    folder = None if args.db else Path(tempfile.mkdtemp(prefix="redes-bench-api-"))
    db = args.db or str(folder / "api.db")
    try:
        kb = _reuse(db) if args.reuse else generate(db, args.entities, args.claims, args.docs, args.secret)
        if args.keep and not args.reuse:
            _save(db, kb)
        size = Path(db).stat().st_size / 1e6 if Path(db).exists() else float("nan")
        print(
            f"knowledge base: {args.entities:,} entities, {kb['claims']:,} claims, {kb['evidence']:,} evidence, "
            f"{args.docs:,} documents ({kb['hidden_docs']:,} confidential); "
            f"generated in {kb['seconds']:.1f} s ({size:,.0f} MB)"
        )
        rng = random.Random(11)
        n = args.requests
        visible = sorted(e for e in kb["public"] if e >= args.entities // 100)
        urls = {
            "GET /api/entities/{id} (typical)": [
                f"/api/entities/{kb['slugs'][rng.choice(visible)]}" for _ in range(n)
            ],
            "GET /api/entities/{id} (hubs)   ": [
                f"/api/entities/{kb['slugs'][rng.choice(kb['hubs']) - 1]}" for _ in range(max(20, n // 10))
            ],
        }
        words = [rng.choice(WORDS) for _ in range(n // 2)]
        people = [kb["names"][rng.choice(visible)].rsplit(" ", 1)[0] for _ in range(n // 2)]
        searches = [f"/api/search?q={q}" for q in words + people]
        rng.shuffle(searches)
        urls["GET /api/search?q=...            "] = searches
        owner = _owner(db, urls)
        token = _viewer_token(kb["store"])
        off, on = _viewer(db, urls, token)
        print(
            f"{'':34} {'owner (no accounts)':^33} | {'viewer, filter off':^33} | {'viewer, filtered':^33} | filter cost"
        )
        for label in urls:
            o, f, v = owner[label], off[label], on[label]
            cost = " / ".join(f"{(_q(v, q) / _q(f, q) - 1) * 100:+4.0f}%" for q in (0.5, 0.95))
            print(f"{label} {_percentiles(o)} | {_percentiles(f)} | {_percentiles(v)} | {cost} (p50 / p95)")
        kb["store"].close()
    finally:
        if args.keep:
            print(f"kept {db}", file=sys.stderr)
        elif folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _save(db: str, kb: dict) -> None:
    import json

    keep = {k: (sorted(v) if isinstance(v, set) else v) for k, v in kb.items() if k != "store"}
    Path(db + ".json").write_text(json.dumps(keep), encoding="utf-8")


def _reuse(db: str) -> dict:
    """What ``generate`` returned for a kept database; its accounts removed (the owner
    phase needs a database without any)."""
    import json

    from sqlalchemy import delete

    from redes.access.models import ApiToken, AuditEvent, User

    kb = json.loads(Path(db + ".json").read_text(encoding="utf-8"))
    kb["public"], kb["seconds"] = set(kb["public"]), 0.0
    kb["store"] = open_store(db)
    with kb["store"].session() as s:
        for table in (ApiToken, AuditEvent, User):
            s.execute(delete(table))
    return kb


def _q(samples: list[float], q: float) -> float:
    if q == 0.5:
        return statistics.median(samples)
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


if __name__ == "__main__":
    main()
