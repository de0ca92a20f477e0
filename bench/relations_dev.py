"""Measure relation extraction on its own, with entities taken from the gold annotations.

The entity stage is developed separately; feeding ``find_relations`` the gold entities
(located in the text by their mention strings) shows relation precision and recall
without entity errors. Writes a ``score.py``-compatible JSON file, and with ``--diff``
prints the missed and spurious triples with their evidence.

usage:
  python bench/relations_dev.py [--gold DIR] [--corpus DIR] [--out FILE] [--diff] [--pipeline]

Defaults: ``../shared/eval/dev`` and ``../shared/corpus/seeds`` relative to the repository.
``--pipeline`` uses ``redes.extract.extract`` for entities instead of the gold (end to end).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from redes.extract import sentences as sentence_splitter
from redes.extract.model import ATTRIBUTE_TYPES, ExtractedEntity, ExtractedRelation, Span
from redes.extract.relations import find_relations

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _pattern(mention: str) -> re.Pattern[str]:
    # Word boundaries only where the mention itself starts or ends with a word character.
    left = r"(?<!\w)" if mention[:1].isalnum() else ""
    right = r"(?!\w)" if mention[-1:].isalnum() else ""
    return re.compile(left + re.escape(mention) + right)


def gold_entities(text: str, gold: dict) -> list[ExtractedEntity]:
    """Gold entities with every occurrence of their mention strings as spans.

    Overlaps keep the longest mention; a string shared by two entities goes to the place
    (a bare "Sinaloa" or "Jalisco" is usually the state) or else to the first entity listed.
    """
    owners: dict[str, list[dict]] = {}
    for ent in gold["entities"]:
        for m in ent["mentions"]:
            if m and ent not in owners.setdefault(m, []):
                owners[m].append(ent)
    candidates: list[tuple[int, int, str]] = []
    for mention, ents in owners.items():
        places = [e for e in ents if e["type"] == "place"]
        owner = places[0] if places and len(ents) > 1 else ents[0]
        for m in _pattern(mention).finditer(text):
            candidates.append((m.start(), m.end(), owner["id"]))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = bytearray(len(text) + 1)
    chosen: dict[str, list[Span]] = {}
    for start, end, eid in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.setdefault(eid, []).append(Span(start, end, text[start:end]))
    out = []
    for ent in gold["entities"]:
        spans = sorted(chosen.get(ent["id"], []), key=lambda s: s.start)
        out.append(
            ExtractedEntity(
                local_id=ent["id"],
                type=ent["type"],
                name=ent.get("name") or ent["mentions"][0],
                mentions=spans,
                aliases=list(ent["mentions"]),
            )
        )
    return out


def relation_json(rel: ExtractedRelation) -> dict:
    out: dict = {"type": rel.type, "subject": rel.subject, "object": rel.object}
    if rel.year is not None:
        out["year"] = rel.year
    if rel.detail:
        out["detail"] = rel.detail
    out["evidence"] = rel.evidence.text
    if rel.rule:
        out["rule"] = rel.rule
    return out


def run(gold_dir: Path, corpus: Path, pipeline: bool) -> tuple[list[dict], dict[str, list], float, int]:
    docs, attributes = [], {}
    elapsed, words = 0.0, 0
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (corpus / gold["doc"]).read_text(encoding="utf-8")
        lang = gold.get("lang", "en")
        if pipeline:
            from redes.extract import extract  # type: ignore[attr-defined]

            result = extract(text, lang)
            entities, rels = result.entities, result.relations
            entity_json = [
                {
                    "id": e.local_id,
                    "type": e.type,
                    "name": e.name,
                    "mentions": sorted({m.text for m in e.mentions}),
                }
                for e in entities
            ]
        else:
            entities = gold_entities(text, gold)
            sentences = sentence_splitter.split(text)
            t0 = time.perf_counter()
            rels = find_relations(text, sentences, entities, lang)
            elapsed += time.perf_counter() - t0
            words += len(text.split())
            entity_json = gold["entities"]
        docs.append(
            {
                "doc": gold["doc"],
                "lang": lang,
                "entities": entity_json,
                "relations": [
                    relation_json(r) for r in rels if r.object is not None and r.type not in ATTRIBUTE_TYPES
                ],
            }
        )
        attributes[gold["doc"]] = [r for r in rels if r.type in ATTRIBUTE_TYPES]
    return docs, attributes, elapsed, words


def _scorer():
    """The shared scorer as a module, for its entity matching."""
    import importlib.util

    path = SHARED / "eval" / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("gold_score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def diff(gold_dir: Path, docs: list[dict]) -> None:
    """Missed and spurious triples, system ids mapped to gold ids ("?id" when unmatched)."""
    sym = {"family", "allied_with", "rival_of"}

    def key(r: dict) -> tuple[str, str, str]:
        s, o = r["subject"], r["object"]
        if r["type"] in sym and o < s:
            s, o = o, s
        return (r["type"], s, o)

    scorer = _scorer()
    for doc in docs:
        gold = json.loads((gold_dir / (Path(doc["doc"]).stem + ".gold.json")).read_text(encoding="utf-8"))
        g = {key(r): r for r in gold["relations"]}
        # System ids are mapped to gold ids as the scorer does (identity with oracle entities).
        idmap = scorer.match_entities(gold["entities"], doc["entities"]) if scorer else {}
        s: dict = {}
        for r in doc["relations"]:
            mapped = dict(
                r,
                subject=idmap.get(r["subject"], "?" + r["subject"]),
                object=idmap.get(r["object"], "?" + r["object"]),
            )
            s.setdefault(key(mapped), mapped)
        print(f"=== {doc['doc']}")
        for k in sorted(set(g) - set(s)):
            print("  MISS", *k, "|", (g[k].get("evidence") or "")[:150])
        for k in sorted(set(s) - set(g)):
            print("  FP  ", *k, f"[{s[k].get('rule')}]", "|", s[k]["evidence"][:150])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "dev")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "seeds")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "relations_dev.json")
    ap.add_argument("--diff", action="store_true", help="print missed and spurious triples")
    ap.add_argument("--attributes", action="store_true", help="print attribute facts")
    ap.add_argument("--pipeline", action="store_true", help="entities from redes.extract.extract")
    args = ap.parse_args(argv)
    if not args.gold.is_dir():
        print(f"no gold annotations at {args.gold}", file=sys.stderr)
        return 2
    docs, attributes, elapsed, words = run(args.gold, args.corpus, args.pipeline)
    args.out.write_text(json.dumps({"documents": docs}, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.diff:
        diff(args.gold, docs)
    if args.attributes:
        for doc, facts in attributes.items():
            for f in facts:
                print(doc, f.type, f.subject, f.value, f.detail, f.year, "|", f.evidence.text[:120])
    if elapsed:
        print(f"find_relations: {words / elapsed:,.0f} words/s over {words} words", file=sys.stderr)
    scorer = SHARED / "eval" / "score.py"
    if scorer.exists():
        subprocess.run([sys.executable, str(scorer), str(args.gold), str(args.out)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
