"""``redes extract``: run extraction on files and print entities and relations.

    redes extract PATH... [--format text|json] [--jobs N | --cluster tcp://HOST:8786]
                          [--llm URL --llm-model NAME]

JSON output is the extraction contract (issue 3): one object ``{"documents": [...]}``
with, per document, its entities (run-wide ids, type, canonical name, distinct
mentions as written) and relations (with evidence sentences). Nothing is stored.

Files are read in this process; their extraction runs on Dask workers with ``--jobs N`` (a
cluster on this machine) or ``--cluster`` (docs/scale.md), as in ``redes ingest``, and gives
the output one process gives. The language model (``--llm``) is asked from this process.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TextColumn

from redes.cli.common import (
    EXIT_FAILED,
    console,
    echo_json,
    format_option,
    open_workers,
    print_table,
    workers_options,
)
from redes.cli.llm import TokenRate, bar_task, llm_options, open_llm, summary
from redes.extract.contract import document_json
from redes.extract.pipeline import ResolvedDocument, extract_documents
from redes.ingest.textsafety import printable


def _read(path: Path) -> tuple[str, str | None]:
    from redes.ingest.readers import read_path

    # The pipeline decides the language itself (function words, then lingua).
    return read_path(path).text, None


def _expand(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; in folders, every file redes can read (others are skipped)."""
    from redes.ingest.readers import format_of

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".") and format_of(f))
            )
        else:
            out.append(p)
    return out


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@workers_options("Extract")
@llm_options
@format_option("text", "json")
def extract_command(
    paths: tuple[str, ...],
    jobs: int,
    cluster: str | None,
    llm_url,
    llm_model,
    llm_concurrency,
    llm_context,
    llm_timeout,
    llm_retries,
    fmt: str,
) -> None:
    """Extract entities and relations from files (txt, md, html, pdf, docx) without storing them."""
    from redes.ingest.readers import ReadError

    items: list[tuple[str, str, str | None]] = []
    failed = 0
    for path in _expand(paths):
        try:
            text, lang = _read(path)
        except ReadError as exc:
            click.echo(f"{path}: {exc}", err=True)
            failed += 1
            continue
        items.append((path.name, text, lang))
    err = console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), console=err, disable=not err.is_terminal
    ) as bar:
        progress = TokenRate(bar_task(bar))
        llm = open_llm(
            llm_url, llm_model, llm_concurrency, llm_context, llm_timeout, llm_retries, None, progress
        )
        # No local cluster to start for a single document.
        with open_workers(jobs if len(items) > 1 else 1, cluster) as runner:
            docs = extract_documents(items, llm=llm, runner=runner)
    if fmt == "json":
        echo_json(
            {"documents": [document_json(d) for d in docs], **({"llm": llm.stats.as_dict()} if llm else {})}
        )
    else:
        _print_text(docs)
    if llm is not None:
        for line in summary(llm):
            click.echo(printable(line), err=True)
    if failed:
        sys.exit(EXIT_FAILED)


def _print_text(docs: list[ResolvedDocument]) -> None:
    rows = []
    for d in docs:
        data = document_json(d)
        types = Counter(e["type"] for e in data["entities"])
        rows.append(
            (
                d.name,
                data["lang"],
                len(data["entities"]),
                ", ".join(f"{t} {n}" for t, n in sorted(types.items())),
                len(data["relations"]),
            )
        )
    print_table(rows, ["document", "lang", "entities", "by type", "relations"], title="Extraction")
    for d in docs:
        data = document_json(d)
        print_table(
            [(e["id"], e["type"], e["name"], "; ".join(e["mentions"])) for e in data["entities"]],
            ["id", "type", "name", "mentions"],
            title=d.name,
        )


COMMANDS = [extract_command]
