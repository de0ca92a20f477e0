"""Cross-referencing (xref) against OFAC's SDN list: import time, matching time, quality.

usage: python bench/xref.py SDN_FILE [--entities 100000] [--seed 3] [--nomenklatura 0.7,0.95]

1. Import: the whole list parsed (``redes.sources.ofac.entities``) and imported into an
   empty SQLite knowledge base in a temporary folder (``import_file``: list documents,
   entities, structured claims, and the judgements and safe matches re-derived).
2. Matching: ``--entities`` knowledge-base entities generated the way the documents name
   them (given names from redes' lexicon and surnames from the list's own Mexican names,
   so that blocking meets real, crowded surname blocks; two surnames or one, accents,
   'Jesús “N”' placeholders, "El ..." nicknames, groups and companies with or without
   "S.A. de C.V."; 1% of them listed people written another way) are matched against the
   list's index (built once): seconds, entities per second, candidates compared and
   matches proposed. Matching only: reading the entities from a database is not timed.
3. Quality: precision and recall of the best match at the default threshold on the
   hand-checked gold set (tests/resolve/data/xref_gold.csv).

4. With ``--nomenklatura THRESHOLDS`` (nomenklatura importable, which redes does not
   install): the same gold set scored by nomenklatura's logic-v1 matcher over the same
   blocking, for comparison.

Prints figures; nothing is asserted. Figures taken while other processes share the CPU
are disturbed by them.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import unicodedata
from pathlib import Path

from redes.extract.lexicon import given_names
from redes.resolve.xref import THRESHOLD, Index, Query, evaluate, gold_cases
from redes.sources import ofac

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "resolve" / "data" / "xref_gold.csv"
FORMS = ["S.A. de C.V.", "SA de CV", "S. de R.L. de C.V.", ""]
WORDS = (
    "Comercializadora Inmobiliaria Constructora Grupo Servicios Transportes Agrícola Distribuidora".split()
)
NICKS = (
    "Chapo Mencho Güero Flaco Gordo Chino Jefe Ingeniero Licenciado Contador Tigre Gato Pelón Chuy".split()
)


def _accents(word: str, rng: random.Random) -> str:
    """Accents as a Spanish text would write them (the list has none)."""
    table = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}
    if rng.random() < 0.3:
        i = rng.randrange(len(word))
        if word[i] in table:
            return word[:i] + table[word[i]] + word[i + 1 :]
    return word


def population(proxies: list, n: int, seed: int) -> list[Query]:
    rng = random.Random(seed)
    people = [p for p in proxies if p.schema.name == "Person" and p.get("lastName")]
    mexican = [p for p in people if "mx" in p.get("nationality")] or people
    surnames = sorted({s.title() for p in mexican for s in p.first("lastName").split()})
    given = sorted(g.title() for g in given_names())
    out: list[Query] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.01:  # a listed person as a document writes them
            p = rng.choice(mexican)
            name = f"{p.first('firstName')} {p.first('lastName').title()}"
            out.append(Query("person", " ".join(_accents(w, rng) for w in name.split())))
        elif r < 0.75:
            first = " ".join(rng.choice(given) for _ in range(rng.choice((1, 1, 2))))
            if rng.random() < 0.05:
                out.append(Query("person", f"{first} “N”", [f"El {rng.choice(NICKS)}"]))
                continue
            sur = " ".join(_accents(rng.choice(surnames), rng) for _ in range(rng.choice((1, 2, 2, 2))))
            names = [f"El {rng.choice(NICKS)}"] if rng.random() < 0.1 else []
            out.append(Query("person", f"{first} {sur}", names))
        elif r < 0.85:
            out.append(Query("criminal_group", f"Cártel de {rng.choice(surnames)}"))
        else:
            form = rng.choice(FORMS)
            name = f"{rng.choice(WORDS)} {rng.choice(surnames)}" + (f", {form}" if form else "")
            out.append(Query("organization", name))
    return out


def nomenklatura_scores(index: Index, proxies: list, thresholds: list[float]) -> None:
    """The gold set under nomenklatura's logic-v1, each name against the same candidates."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algorithm, config = get_algorithm("logic-v1"), ScoringConfig.defaults()
    by_id = {p.id: p for p in proxies}
    best: list[tuple[str | None, str | None, float]] = []
    for q, truth, _ in gold_cases(GOLD):
        e = model.make_entity({"person": "Person", "criminal_group": "Organization"}.get(q.type, "Company"))
        e.id = "query"
        e.add("name", q.name)
        e.add("alias", q.names[1:])
        # index.candidates: the same blocking and schemata as redes' matcher.
        scored = [(algorithm.compare(e, by_id[p.id], config).score, p.id) for p in index.candidates(q)]
        score, guess = max(scored, default=(0.0, None))
        best.append((truth, guess, score))
    for threshold in thresholds:
        tp = sum(1 for t, g, s in best if g is not None and s >= threshold and g == t)
        fp = sum(1 for t, g, s in best if g is not None and s >= threshold and g != t)
        fn = sum(1 for t, g, s in best if t is not None and not (s >= threshold and g == t))
        print(
            f"logic-v1  precision {tp / max(1, tp + fp):.3f}  recall {tp / (tp + fn):.3f}  (threshold {threshold})"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sdn", type=Path)
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--nomenklatura", help="Thresholds (comma-separated) to score logic-v1 at.")
    args = ap.parse_args()

    t = time.perf_counter()
    proxies = list(ofac.entities(args.sdn))
    parse = time.perf_counter() - t
    print(f"parse     {len(proxies):>8,} FtM entities      {parse:8.1f} s")

    from redes.sources.importing import import_file
    from redes.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        t = time.perf_counter()
        stats, bad = import_file(store, "ofac-sdn", args.sdn)
        took = time.perf_counter() - t
        store.close()
    print(f"import    {stats.records:>8,} records, {stats.entities:,} entities, {stats.claims:,} claims"
          f"  {took:8.1f} s  ({len(bad)} rows reported)")  # fmt: skip

    t = time.perf_counter()
    index = Index(proxies)
    print(f"index     {len(index):>8,} listed parties    {time.perf_counter() - t:8.1f} s")

    queries = population(proxies, args.entities, args.seed)
    compared = proposed = 0
    t = time.perf_counter()
    for q in queries:
        compared += len(index.candidates(q))
        proposed += bool(index.match(q))
    took = time.perf_counter() - t
    print(
        f"xref      {len(queries):>8,} entities          {took:8.1f} s  "
        f"({len(queries) / took:,.0f}/s; {compared / len(queries):.1f} listed parties compared "
        f"per entity, not {len(index):,}; {proposed:,} with a match at {THRESHOLD})"
    )

    result = evaluate(index, gold_cases(GOLD))
    cases = result["true_positives"] + result["false_negatives"]
    print(
        f"gold set  precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"(threshold {THRESHOLD}; {result['true_positives']}/{cases} listed found, "
        f"{result['false_positives']} wrong)"
    )
    for e in result["errors"]:
        print(
            f"  miss: {unicodedata.normalize('NFC', e['name'])}: truth {e['truth']}, proposed {e['proposed']}"
        )

    if args.nomenklatura:
        nomenklatura_scores(index, proxies, [float(t) for t in args.nomenklatura.split(",")])


if __name__ == "__main__":
    main()
