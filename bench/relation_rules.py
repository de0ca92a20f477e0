"""Where each relation rule fires and how often it is right: the check against rules, guards
and trigger words that exist for one sentence of one document.

usage:
  python bench/relation_rules.py [--shared DIR] [--gold-entities] [--lexicon] [--max-docs N]

Runs the rule system (``Pipeline.rules_only()`` entities, or the gold entities with
``--gold-entities``) over every text of ``<shared>/corpus/{seeds,public,news}`` and prints:

- per rule name (``ExtractedRelation.rule``): the documents it produced a relation in, by
  corpus, and its true and false positives against the gold of annotated documents. System
  entities are mapped to gold ids with the scorer's ``match_entities``; a relation is right
  when (type, subject, object) is a gold relation of the document (symmetric types
  unordered). Attributes (founded, died, age, reward) are not annotated: firing only.
- per sentence pattern (``patterns.PATTERNS``): the documents where its regex matches a
  masked sentence at all, whether or not the relation survived.
- with ``--lexicon``: every trigger fragment that matches the masked sentences of at most
  ``--max-docs`` documents (default 1), with those documents.

A rule that fires only in the seed documents it was written against, or in one document,
needs a reason to stay: a general construction that is merely rare, or a guard that stands
for a class of sentences rather than one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {"seeds": "dev", "public": "dev-public", "news": "dev-news"}
SYMMETRIC = {"family", "allied_with", "rival_of"}


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(rtype: str, s: str, o: str) -> tuple[str, str, str]:
    if rtype in SYMMETRIC and o < s:
        s, o = o, s
    return (rtype, s, o)


def collect(shared: Path, gold_entities: bool) -> list[dict]:
    """One record per document: corpus, name, gold triples (or None), analysis, id map."""
    from redes.extract import sentences as splitter
    from redes.extract.assemble import assemble, select
    from redes.extract.pipeline import Pipeline
    from redes.extract.relations import analyse
    from redes.ingest.readers import read_path

    bench = _module(ROOT / "bench" / "relations_dev.py", "relations_dev")
    scorer = _module(shared / "eval" / "score.py", "gold_score")
    pipeline = Pipeline.rules_only()
    out = []
    for corpus, gold_set in CORPORA.items():
        for path in sorted((shared / "corpus" / corpus).glob("*.txt")):
            text = read_path(path).text
            gold_path = shared / "eval" / gold_set / (path.stem + ".gold.json")
            gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.is_file() else None
            if gold_entities and gold is None:
                continue
            if gold_entities:
                assert gold is not None
                lang = gold.get("lang") or "en"
                entities = bench.gold_entities(text, gold)
                spans = splitter.split(text)
                idmap = {e.local_id: e.local_id for e in entities}
            else:
                doc = pipeline.doc(text, gold.get("lang") if gold else None)
                lang, entities, spans = doc.lang, assemble(doc, select(doc)), doc.sentences
                idmap = {}
                if gold is not None:
                    system = [
                        {
                            "id": e.local_id,
                            "type": e.type,
                            "name": e.name,
                            "mentions": [m.text for m in e.mentions],
                        }
                        for e in entities
                    ]
                    idmap = scorer.match_entities(gold["entities"], system)
            truth = None
            if gold is not None:
                truth = {_key(r["type"], r["subject"], r["object"]) for r in gold["relations"]}
            analysis = analyse(text, spans, entities, lang)
            out.append(
                {"corpus": corpus, "doc": path.name, "truth": truth, "analysis": analysis, "idmap": idmap}
            )
    return out


def rule_table(records: list[dict]) -> list[tuple]:
    """rule -> (docs by corpus, tp, fp) over distinct triples per document."""
    docs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    for rec in records:
        seen: set[tuple] = set()
        for r in rec["analysis"].relations:
            rule = r.rule or "?"
            docs[rule][rec["corpus"]].add(rec["doc"])
            if r.object is None or rec["truth"] is None:
                continue
            s, o = rec["idmap"].get(r.subject), rec["idmap"].get(r.object)
            key = _key(r.type, s or "?" + r.subject, o or "?" + r.object)
            if (rule, key) in seen:
                continue
            seen.add((rule, key))
            if key in rec["truth"]:
                tp[rule] += 1
            else:
                fp[rule] += 1
    rows = []
    for rule in sorted(docs):
        rows.append((rule, {c: sorted(docs[rule][c]) for c in CORPORA}, tp[rule], fp[rule]))
    return rows


def pattern_table(records: list[dict]) -> list[tuple[str, dict[str, list[str]]]]:
    from redes.extract.relations.patterns import PATTERNS

    rows = []
    for pat in PATTERNS:
        found: dict[str, set[str]] = defaultdict(set)
        for rec in records:
            for sent in rec["analysis"].sentences:
                if pat.needs <= sent.code_set and pat.regex.search(sent.masked):
                    found[rec["corpus"]].add(rec["doc"])
                    break
        rows.append((pat.name, {c: sorted(found[c]) for c in CORPORA}))
    return rows


def lexicon_usage(records: list[dict], max_docs: int) -> list[tuple[str, str, list[str]]]:
    from redes.extract.relations import lexicon as lex
    from redes.extract.relations.fragments import alt

    tables = {
        name: getattr(lex, name)
        for name in ("LEAD", "LEAD_VERB", "LEAD_PASSIVE", "MEMBER", "MEMBER_VERB", "KIN", "PART", "SPLIT_VERB",
                     "ALLY", "RIVAL", "PRESENCE", "LOCATIVE", "COLLUDE", "ACTION", "ROLE", "FOUNDED", "DIED")
    }  # fmt: skip
    out = []
    for name, table in tables.items():
        for part, fragments in table.items():
            for frag in fragments:
                rx = re.compile(alt([frag]))
                hits = sorted(
                    {
                        rec["doc"].split("_")[0]
                        for rec in records
                        for sent in rec["analysis"].sentences
                        if rx.search(sent.masked)
                    }
                )
                if len(hits) <= max_docs:
                    out.append((f"{name}.{part}", frag, hits))
    return out


def _docs(names: list[str]) -> str:
    """How many documents; the one document's number ("003", "f16") when there is only one."""
    return str(len(names)) if len(names) != 1 else names[0].split("_")[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--gold-entities", action="store_true", help="entities from the gold annotations")
    ap.add_argument("--lexicon", action="store_true", help="trigger fragments that fire in few documents")
    ap.add_argument("--max-docs", type=int, default=1)
    args = ap.parse_args(argv)
    if not (args.shared / "eval" / "score.py").is_file():
        print(f"no scorer under {args.shared}", file=sys.stderr)
        return 2
    records = collect(args.shared, args.gold_entities)
    annotated = sum(1 for r in records if r["truth"] is not None)
    print(f"{len(records)} documents ({annotated} annotated); docs fired per corpus, tp/fp on annotated ones")
    print(f"{'rule':<26}{'seeds':>7}{'public':>8}{'news':>7}{'tp':>6}{'fp':>5}{'P':>7}")
    for rule, docs, tp, fp in rule_table(records):
        p = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        cols = "".join(f"{_docs(docs[c]):>{w}}" for c, w in zip(CORPORA, (7, 8, 7), strict=True))
        print(f"{rule:<26}{cols}{tp:>6}{fp:>5}{p:>7}")
    print(f"\n{'pattern (regex matches)':<26}{'seeds':>7}{'public':>8}{'news':>7}")
    for name, docs in pattern_table(records):
        cols = "".join(f"{_docs(docs[c]):>{w}}" for c, w in zip(CORPORA, (7, 8, 7), strict=True))
        outside = (
            "" if docs["public"] or docs["news"] else "   only in seeds" if docs["seeds"] else "   never"
        )
        print(f"{name:<26}{cols}{outside}")
    if args.lexicon:
        print(f"\ntrigger fragments matching in at most {args.max_docs} document(s)")
        for table, frag, hits in lexicon_usage(records, args.max_docs):
            print(f"  {table:<22} {frag[:70]:<72} {' '.join(hits) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
