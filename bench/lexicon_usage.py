"""Which curated lexicon entries fire in which documents: the check against entries that
exist for one document.

usage: python bench/lexicon_usage.py [--shared DIR] [--file organizations.csv] [--max-docs 1] [--all]

Runs the rule stages over every text in ``<shared>/corpus/*`` and records, for every entry
of the curated lexicons (``groups``, ``state_bodies``, ``organizations``, ``people``,
``places_extra``), the documents where one of its aliases survives candidate selection. For
annotated documents each hit is marked ``+`` when its surface is a gold mention of the same
type, ``-`` when it is not. Prints, per file, how many entries fire in 0, 1 and 2+
documents, then the entries that fire in at most ``--max-docs`` documents (or all with
``--all``). A curated entry is general knowledge when it would be expected in unseen
documents too: one that fires only in the document it was written for needs a reason.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--file", default=None, help="only this lexicon file")
    ap.add_argument("--max-docs", type=int, default=1)
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)

    from redes.extract.assemble import select
    from redes.extract.lexicon import CURATED, LEXICONS
    from redes.extract.pipeline import Pipeline
    from redes.ingest.readers import read_path

    sys.path.insert(0, str(args.shared / "eval"))
    from score import norm  # type: ignore[import-not-found]

    gold: dict[str, dict] = {}
    for path in sorted((args.shared / "eval").glob("*/*.gold.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        gold[Path(g["doc"]).name] = g
    pipe = Pipeline.rules_only()
    hits: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    n_docs = 0
    for path in sorted(args.shared.glob("corpus/*/*.txt")):
        text = read_path(path).text
        g = gold.get(path.name)
        doc = pipe.doc(text, g.get("lang") if g else None)
        gm = {(norm(m), e["type"]) for e in g["entities"] for m in e["mentions"]} if g else None
        n_docs += 1
        for c in select(doc):
            if c.key is None or c.rule != "lexicon":
                continue
            surface = text[c.start : c.end]
            mark = "?" if gm is None else ("+" if (norm(surface), c.type) in gm else "-")
            hits[c.key][path.name].add(f"{mark}{surface}")
    files = [args.file] if args.file else list(CURATED)
    for name in files:
        with open(LEXICONS / name, encoding="utf-8", newline="") as f:
            ids = [row["id"] for row in csv.DictReader(f)]
        counts = [len(hits.get(i, {})) for i in ids]
        print(
            f"{name}: {len(ids)} entries; fire in 0 docs: {counts.count(0)}, in 1: {counts.count(1)}, "
            f"in 2+: {sum(1 for c in counts if c >= 2)} (of {n_docs} documents)"
        )
        for i, c in zip(ids, counts, strict=True):
            if args.all or c <= args.max_docs:
                where = "; ".join(
                    f"{d[:24]} {' '.join(sorted(s))}" for d, s in sorted(hits.get(i, {}).items())
                )
                print(f"  {c:>2}  {i:<44} {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
