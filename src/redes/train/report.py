"""Plain-text tables of cross-validation results: per fold, pooled, by language, by type,
each system side by side. The last line is the pooled figure in a fixed, greppable form."""

from __future__ import annotations

from typing import Any

from redes.train.cv import Evaluation

METRICS = ("entity", "mention", "b3", "relation")


def _f(x: float) -> str:
    return f"{x:.3f}"


def _prf(m: dict[str, Any]) -> str:
    return f"{_f(m['p'])} {_f(m['r'])} {_f(m['f1'])}"


def pooled_line(ev: Evaluation) -> str:
    p = ev.pooled
    return "pooled: " + " ".join(f"{k}={p[k]['f1']:.3f}" for k in METRICS)


def render(evals: list[Evaluation], header: str = "") -> str:
    """All systems in ``evals`` side by side; the last one is the system being measured."""
    out: list[str] = []
    if header:
        out += [header, ""]
    main = evals[-1]
    out.append(f"Per fold ({main.name}): F1")
    out.append(f"  {'fold':<6}{'docs':>5}  " + "  ".join(f"{m:>8}" for m in METRICS))
    for k, res in enumerate(main.folds):
        out.append(
            f"  {k + 1:<6}{res['documents']:>5}  " + "  ".join(f"{res[m]['f1']:>8.3f}" for m in METRICS)
        )
    out.append("")
    names = [e.name for e in evals]
    width = 21

    def block(title: str, rows: list[tuple[str, list[dict[str, Any]]]]) -> None:
        out.append(title)
        out.append(f"  {'':<22}" + "".join(f"{n + ' P/R/F1':>{width + 2}}" for n in names))
        for label, ms in rows:
            out.append(f"  {label:<22}" + "".join(f"{_prf(m):>{width + 2}}" for m in ms))
        out.append("")

    block("Pooled", [(m, [e.pooled[m] for e in evals]) for m in METRICS])
    for lang in main.by_lang:
        docs = main.by_lang[lang]["documents"]
        block(
            f"Language {lang} ({docs} documents)",
            [(m, [e.by_lang[lang][m] for e in evals]) for m in METRICS],
        )
    for set_name in main.by_set:
        docs = main.by_set[set_name]["documents"]
        block(
            f"Gold set {set_name} ({docs} documents)",
            [(m, [e.by_set[set_name][m] for e in evals]) for m in METRICS],
        )
    for kind in ("entity_by_type", "relation_by_type"):
        types = sorted({t for e in evals for t in e.pooled[kind] if t is not None}, key=str)
        rows = []
        for t in types:
            gold = main.pooled[kind].get(t, {}).get("gold", 0)
            empty = {"p": 0.0, "r": 0.0, "f1": 0.0}
            rows.append((f"{t} ({gold})", [e.pooled[kind].get(t, empty) for e in evals]))
        block(f"Pooled {kind.replace('_', ' ')} (gold count)", rows)
    for e in evals[:-1]:
        out.append(f"{e.name}: " + pooled_line(e).removeprefix("pooled: "))
    out.append(pooled_line(main))
    return "\n".join(out)
