"""Extraction speed and memory on the seeds corpus repeated to about a million words.

usage: python bench/extract.py [--words 1000000] [--corpus DIR] [--no-relations] [--no-tagger]
                               [--no-classifier]

Runs the whole pipeline (the rule stages, the shipped entity tagger, the relation rules and
the shipped relation classifier) document by document in one process, so words per second
is per core; the cross-document resolver runs over every document too, as ``redes extract``
does. Prints words/s per core, the time of each stage on its own line and peak resident
memory. ``--no-tagger`` and ``--no-classifier`` measure without a learned stage, for a side
by side comparison. Floors (issues 3 and 10): 50,000 words/s per core and under 500 MB
peak RSS. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    ap.add_argument("--no-relations", action="store_true")
    ap.add_argument("--no-tagger", action="store_true", help="entities from the rule stages alone")
    ap.add_argument("--no-classifier", action="store_true", help="relations from the rules alone")
    args = ap.parse_args(argv)

    from redes.extract.assemble import assemble, select
    from redes.extract.doc import Doc
    from redes.extract.lexicon import load
    from redes.extract.pipeline import Pipeline
    from redes.extract.sentences import split
    from redes.extract.tokens import tokenize
    from redes.resolve import Resolver

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        print(f"no .txt files in {args.corpus}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    load()
    resolver = Resolver()
    print(f"lexicons and resolver loaded in {time.perf_counter() - t0:.2f}s")

    # The default pipeline: the rule stages, then the shipped entity tagger (if its model is
    # there; ``--no-tagger`` measures the rules alone).
    pipe = Pipeline(relations=False)
    if args.no_tagger:
        pipe.tagger = None
    print(f"entity tagger: {'none' if pipe.tagger is None else type(pipe.tagger).__name__}")
    from redes.extract.relations import analyse

    classifier = None if args.no_classifier else Pipeline().relation_model
    print(f"relation classifier: {'none' if classifier is None else type(classifier).__name__}")
    langs = {name: pipe.doc(text[:3000]).lang for name, text in texts}
    total_words = 0
    spent = {
        "candidates": 0.0,
        "tagger": 0.0,
        "assemble": 0.0,
        "relations": 0.0,
        "classifier": 0.0,
        "resolve": 0.0,
    }
    n_docs = n_entities = n_relations = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    # Stages are timed in CPU seconds: on a shared machine wall time says more of the others.
    clock = time.process_time
    while total_words < args.words:
        for name, text in texts:
            t = clock()
            # What ``pipe.doc`` does, with the tagger timed on its own.
            doc = Doc(text=text, lang=langs[name], tokens=tokenize(text), sentences=split(text))
            for _, stage in pipe.stages:
                stage(doc)
            t0 = clock()
            if pipe.tagger is not None:
                pipe.tagger(doc)
            t1 = clock()
            entities = assemble(doc, select(doc))
            t2 = clock()
            rels = []
            t3 = t2
            if not args.no_relations:
                analysis = analyse(text, doc.sentences, entities, doc.lang)
                rels = analysis.relations
                t3 = clock()
                if classifier is not None:
                    rels = classifier(text, entities, doc.lang, analysis)
            t3b = clock()
            resolver.resolve(entities)
            t4 = clock()
            spent["candidates"] += t0 - t
            spent["tagger"] += t1 - t0
            spent["assemble"] += t2 - t1
            spent["relations"] += t3 - t2
            spent["classifier"] += t3b - t3
            spent["resolve"] += t4 - t3b
            total_words += len(text.split())
            n_docs += 1
            n_entities += len(entities)
            n_relations += len(rels)
            if total_words >= args.words:
                break
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"documents: {n_docs}  words: {total_words:,}  entities: {n_entities:,}  relations: {n_relations:,}"
    )
    # CPU time is the per-core figure that other load on the machine does not distort.
    print(
        f"elapsed: {elapsed:.1f}s wall, {cpu:.1f}s CPU  words/s per core: {total_words / cpu:,.0f} (CPU),"
        f" {total_words / elapsed:,.0f} (wall)"
    )
    for stage, sec in spent.items():
        rate = total_words / sec if sec else float("inf")
        print(f"  {stage:11s} {sec:6.1f}s CPU  ({rate:,.0f} words/s on its own)")
    print(f"peak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
