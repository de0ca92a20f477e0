"""What the LLM extractor's verification keeps and drops, and what the machinery costs,
with a fake OpenAI-compatible server (tests/extract/llm/fakeserver.py) standing in for the
model: no GPU, no download.

usage: python bench/llm.py [--corpus DIR] [--concurrency 4]

The fake model answers each chunk with what the trained stages found in it (their
entities with every mention, their relations with the evidence sentence as the quote),
plus two hallucinations per chunk: a person who is not in the text, and a relation between
two of its entities with a quote that is not. Printed: the share of the true (echoed)
relations verification keeps, and why the others were dropped; the hallucinations dropped;
the run's time with requests on loopback, and the verification and merging alone. Times
depend on the machine and on what else runs on it; nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def answers_for(text: str, ex) -> dict:
    by_id = {e.local_id: e for e in ex.entities}
    entities = [
        {"name": e.name, "type": e.type, "mentions": sorted({m.text for m in e.mentions})} for e in ex.entities
    ]
    relations = [
        {
            "type": r.type,
            "subject": by_id[r.subject].name,
            "object": by_id[r.object].name,
            "year": r.year,
            "detail": r.detail,
            "evidence": r.evidence.text,
            "_span": (r.evidence.start, r.evidence.end),
        }
        for r in ex.relations
        if r.object is not None and r.subject in by_id and r.object in by_id
    ]
    return {"entities": entities, "relations": relations}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "src" / "redes" / "data" / "corpus")
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args(argv)

    from tests.extract.llm.fakeserver import fake_llm

    from redes.extract import extract
    from redes.extract.llm.config import LLMConfig
    from redes.extract.llm.runner import LLMExtractor, MemoryCache
    from redes.extract.model import DocExtraction

    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))}
    trained = {name: extract(text) for name, text in texts.items()}
    echoed = {name: answers_for(texts[name], ex) for name, ex in trained.items()}
    sent = Counter()

    def respond(passage: str) -> dict:
        # The document holding this chunk, and what its trained output says inside it.
        name = next(n for n, t in texts.items() if passage in t)
        start = texts[name].index(passage)
        end = start + len(passage)
        truth = echoed[name]
        rels = [
            {k: v for k, v in r.items() if k != "_span"}
            for r in truth["relations"]
            if start <= r["_span"][0] and r["_span"][1] <= end
        ]
        ents = [e for e in truth["entities"] if any(m in passage for m in e["mentions"])]
        sent["true relations"] += len(rels)
        fakes = []
        groups = [e["name"] for e in ents if e["type"] == "criminal_group"]
        if len(groups) >= 2:  # of the right types: only the quote gives it away
            a, b = groups[:2]
            fakes.append(
                {"type": "allied_with", "subject": a, "object": b, "year": None, "detail": None,
                 "evidence": f"{a} signed a secret pact with {b} in Madrid"}  # fmt: skip
            )
        sent["hallucinated relations"] += len(fakes)
        sent["hallucinated entities"] += 1
        ghost = {"name": "Próspero Quintanilla Urdiales", "type": "person", "mentions": ["El Espectro Azul"]}
        return {"entities": [*ents, ghost], "relations": rels + fakes}

    cache = MemoryCache()
    with fake_llm() as server:
        server.responder = respond
        config = LLMConfig(server.url, "echo", concurrency=args.concurrency, timeout=30)
        llm = LLMExtractor(config, cache)
        t = time.perf_counter()
        llm.run([(n, texts[n], DocExtraction(trained[n].lang)) for n in texts])
        asked = time.perf_counter() - t
    # Verification and merging alone: the same answers from the cache, onto the trained output.
    again = LLMExtractor(config, cache)
    t = time.perf_counter()
    again.run([(n, texts[n], extract(texts[n])) for n in texts])
    merged = time.perf_counter() - t
    t = time.perf_counter()
    for n in texts:
        extract(texts[n])
    base = time.perf_counter() - t

    s = llm.stats
    true_kept = s.relations  # alone: every relation kept is new
    print(f"corpus: {len(texts)} documents, {sum(map(len, texts.values())):,} characters, {s.chunks} chunks")
    print(
        f"alone, echoing the trained output: kept {true_kept} of {sent['true relations']} true relations "
        f"({true_kept / max(sent['true relations'], 1):.1%}), {s.entities} entities"
    )
    print(f"dropped (by reason): {dict(sorted(s.drops.items()))}; documents failed: {len(s.failed)}")
    print(
        f"sent {sent['hallucinated entities']} hallucinated entities and {sent['hallucinated relations']} "
        "hallucinated relations: all must be among the drops above"
    )
    print(
        f"merged onto the trained output: confirmed {again.stats.confirmed}, added {again.stats.relations} "
        f"relations, {again.stats.entities} entities; dropped {dict(sorted(again.stats.drops.items()))}"
    )
    print(
        f"time: {asked:.2f} s with {s.requests} loopback requests at concurrency {args.concurrency}; "
        f"cached answers merged onto extraction {merged:.2f} s vs extraction alone {base:.2f} s "
        f"(verification and merging {max(merged - base, 0) / len(texts) * 1000:.1f} ms a document)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
