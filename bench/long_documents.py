"""Extraction time and peak memory of one long document, extracted whole (as before) and
section by section (``redes.extract.sections``), at several lengths.

usage: python bench/long_documents.py [--sizes 50000 400000] [--corpus DIR]

The document is the corpus's texts joined end to end until it has the length asked for.
Each measurement runs in a fresh process, so that its peak resident memory is its own
(the models loaded, then one extraction). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def document(corpus: Path, size: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    out, i = [], 0
    while sum(map(len, out)) < size:
        out.append(texts[i % len(texts)])
        i += 1
    return "\n\n".join(out)[:size]


def measure(corpus: Path, size: int, how: str) -> dict:
    from redes.extract import extract
    from redes.extract.sections import extract_sections

    text = document(corpus, size)
    extract("Warm-up: the models load here, in Culiacán.", "en")
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    if how == "whole":
        ex = extract(text)
    else:
        ex = extract_sections(text, None, extract)
    return {
        "seconds": time.perf_counter() - t,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024,
        "entities": len(ex.entities),
        "relations": len(ex.relations),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50_000, 400_000])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "public")
    ap.add_argument("--one", nargs=2, metavar=("HOW", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.corpus, int(args.one[1]), args.one[0])))
        return 0
    print(
        f"{'characters':>10}  {'how':8} {'seconds':>8} {'peak MB':>8} {'growth MB':>9} {'entities':>8} {'relations':>9}"
    )
    for size in args.sizes:
        for how in ("whole", "sections"):
            cmd = [sys.executable, __file__, "--corpus", str(args.corpus), "--one", how, str(size)]
            r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            print(
                f"{size:>10,}  {how:8} {r['seconds']:>8.1f} {r['peak_mb']:>8.0f} {r['growth_mb']:>9.0f} "
                f"{r['entities']:>8} {r['relations']:>9}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
