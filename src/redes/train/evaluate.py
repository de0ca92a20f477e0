"""``redes eval`` and ``bench/eval.py``: cross-validated quality next to the rules alone."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from redes.extract.pipeline import Pipeline
from redes.train.corpus import FOLDS, data_hash, default_shared, load
from redes.train.cv import Evaluation, cross_validate, evaluate_fixed
from redes.train.report import render
from redes.train.scoring import load_scorer

if TYPE_CHECKING:
    from redes.extract.llm import LLMConfig


def run(
    shared: Path | None = None, jobs: int = 1, llm: LLMConfig | None = None
) -> tuple[list[Evaluation], str]:
    """Rules-only baseline and the cross-validated learned pipeline, and their report; with
    ``llm``, also the language model alone and merged with the learned pipeline."""
    from redes.train.models import train_pipeline

    shared = Path(shared) if shared else default_shared()
    t0 = time.perf_counter()
    docs = load(shared)
    scorer = load_scorer(shared)
    rules = evaluate_fixed(docs, Pipeline.rules_only(), scorer, "rules-only")
    cost = ""
    if llm is None:
        evals = [rules, cross_validate(docs, train_pipeline, scorer, jobs=jobs, name="learned")]
    else:
        from redes.train.llm import evaluate_llm

        with_llm, stats = evaluate_llm(docs, train_pipeline, scorer, llm, jobs=jobs)
        evals = [rules, *with_llm]
        cost = f"\nLLM {llm.extractor} at {llm.url}: {stats.summary()}"
        cost += "".join(
            f"\n  LLM failed, scored without it: {d}: {why}" for d, why in sorted(stats.failed.items())
        )
    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(_count(d.lang for d in docs).items()))
    header = (
        f"Cross-validation: {len(docs)} documents ({langs}), {FOLDS} folds of whole documents "
        f"(fixed split), {time.perf_counter() - t0:.0f} s\ntraining data sha256 {data_hash(docs)}{cost}"
    )
    return evals, render(evals, header)


def _count(items: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:  # type: ignore[attr-defined]
        out[x] = out.get(x, 0) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Cross-validated extraction quality.")
    ap.add_argument("--shared", type=Path, default=None, help="folder with eval/ and corpus/")
    ap.add_argument(
        "--jobs", type=int, default=2, help="folds trained at once (a Dask cluster of this many processes)"
    )
    ap.add_argument("--json", type=Path, default=None, help="also write the scores as JSON")
    ap.add_argument(
        "--llm",
        metavar="URL",
        default=None,
        help="also score a language model on this OpenAI-compatible server",
    )
    ap.add_argument("--llm-model", metavar="NAME", default=None, help="the model (with --llm)")
    ap.add_argument("--llm-concurrency", type=int, default=4, help="LLM requests at once")
    ap.add_argument("--llm-context", type=int, default=8192, help="the model's context in tokens")
    args = ap.parse_args(argv)
    llm = None
    if args.llm:
        from redes.extract.llm import LLMError, from_options

        try:
            llm = from_options(
                args.llm, args.llm_model, concurrency=args.llm_concurrency, context=args.llm_context
            )
        except LLMError as exc:
            ap.error(str(exc))
    evals, text = run(args.shared, args.jobs, llm)
    print(text)
    if args.json:
        data = {e.name: {"pooled": e.pooled, "by_lang": e.by_lang, "folds": e.folds} for e in evals}
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0
