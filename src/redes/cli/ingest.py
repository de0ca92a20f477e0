"""``redes ingest``: add folders of documents to the store."""

from __future__ import annotations

import sys

import click
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from redes.cli.common import (
    EXIT_FAILED,
    as_option,
    audit,
    console,
    db_option,
    echo_json,
    format_option,
    open_for,
    open_workers,
    unrestricted,
    workers_options,
)
from redes.cli.llm import TokenRate, llm_options, open_llm, summary
from redes.ingest import mapping as mappings
from redes.ingest.pipeline import DEFAULT_COLLECTION, DEFAULT_MAX_SIZE, ingest
from redes.ingest.resume import MAX_ATTEMPTS
from redes.ingest.textsafety import printable

PHASES = {"read": "Reading", "extract": "Extracting", "llm": "LLM chunks"}


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--collection", default=DEFAULT_COLLECTION, show_default=True, help="Collection to add to.")
@workers_options("Parse and extract")
@click.option(
    "--max-size",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_MAX_SIZE / 1024 / 1024,
    show_default=True,
    help="Refuse files larger than this many MB.",
)
@click.option("--no-extract", is_flag=True, help="Store the documents without running extraction.")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="A followthemoney mapping (YAML): the rows of the tables ingested become entities and claims.",
)
@click.option(
    "--attempts",
    type=click.IntRange(1, 100),
    default=MAX_ATTEMPTS,
    show_default=True,
    help="Give up a document's extraction after this many interrupted or failed attempts.",
)
@llm_options
@db_option
@as_option
@format_option()
def ingest_command(
    paths,
    collection,
    jobs,
    cluster,
    max_size,
    no_extract,
    attempts,
    llm_url,
    llm_model,
    llm_concurrency,
    llm_context,
    llm_timeout,
    llm_retries,
    db,
    as_user,
    fmt,
    mapping_file,
) -> None:
    """Ingest files and folders (recursive): text, Markdown, HTML, PDF (scans by OCR), images
    (OCR), DOCX, ODT, RTF, DOC, mail (.eml, .mbox), archives (.zip, .gz), tables (.csv, .xlsx).

    Ingesting the same files again adds nothing. Each ingest first extracts what an
    interrupted one left unfinished; one ingest runs at a time on a database (a second
    waits). Exit status: 0 when every file was
    ingested or skipped as a duplicate, 1 when some failed.
    """
    # Editors write to collections they may write; only admins and the owner create new ones.
    # Ingest itself sees the whole store: de-duplication and entity resolution must not
    # depend on who ingests.
    store = open_for(db, as_user, need="editor", write=collection, create=True)
    try:
        queries = mappings.load(mapping_file) if mapping_file else None
    except mappings.MappingError as exc:
        raise click.ClickException(str(exc)) from exc
    show_bar = sys.stderr.isatty() and fmt == "text"
    bars = _progress(show_bar)
    llm = open_llm(
        llm_url,
        llm_model,
        llm_concurrency,
        llm_context,
        llm_timeout,
        llm_retries,
        unrestricted(store),
        TokenRate(lambda n, text: bars.describe("llm", n, text)),
    )
    with open_workers(jobs, cluster) as runner:
        with bars as tick:
            report = ingest(
                unrestricted(store),
                paths,
                collection=collection,
                max_size=int(max_size * 1024 * 1024),
                extract=not no_extract,
                progress=tick,
                max_attempts=attempts,
                waiting=lambda: click.echo("Another ingest of this database is running: waiting for it.", err=True),
                runner=runner,
                llm=llm,
            )
    mapped = None
    if queries:
        ingested = [i for r in report.results if r.document_id for i in (r.document_id, *r.children)]
        mapped = mappings.apply(unrestricted(store), queries, ingested, author=as_user or "mapping")
    counts = report.counts()
    audit(store, "ingest", target=collection, detail={"counts": counts})
    if fmt == "json":
        echo_json(
            {
                "counts": counts,
                **({"mapping": vars(mapped)} if mapped else {}),
                "resumed": len(report.resumed),
                **({"llm": llm.stats.as_dict()} if llm else {}),
                "extraction_given_up": [{"document": k, "reason": v} for k, v in sorted(report.given_up.items())],
                "files": [
                    {"path": r.path, "status": r.status, "reason": r.reason, "document": r.document_id}
                    for r in report.results
                ],
            }
        )
    else:
        out = console()
        out.print(
            f"[bold]ingested[/] {counts['ingested']}   [bold]duplicates[/] {counts['duplicate']}   "
            f"[bold]failed[/] {counts['failed']}"
            + (f"   ignored (unsupported type) {counts['ignored']}" if counts["ignored"] else "")
            + (f"   [bold]extracted[/] {len(report.resumed)} left unfinished" if report.resumed else "")
        )
        for doc_id, reason in sorted(report.given_up.items()):
            out.print(f"  [red]extraction given up[/] document {doc_id}: {escape(reason)}", soft_wrap=True)
        for line in summary(llm) if llm else ():
            out.print(escape(printable(line)), soft_wrap=True)
        if mapped:
            out.print(
                f"[bold]mapping[/] {mapped.rows} rows   entities added {mapped.entities}   "
                f"claims {mapped.claims}" + (f"   not mapped {len(mapped.skipped)}" if mapped.skipped else "")
            )
            for reason in mapped.skipped[:10]:
                out.print(f"  not mapped: {escape(reason)}", soft_wrap=True)
        for r in report.of("failed"):
            out.print(f"  [red]failed[/] {escape(printable(r.path))}: {escape(printable(r.reason or ''))}", soft_wrap=True)
    if not report.ok:
        sys.exit(EXIT_FAILED)


class RateColumn(ProgressColumn):
    """Documents per second, across every worker (they are counted as they are stored)."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} docs/s" if speed else "", style="progress.data.speed")


class _progress:
    """Progress bars on a terminal (one per phase); a no-op callback elsewhere."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar: Progress | None = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        if self.enabled:
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                RateColumn(),
                TimeRemainingColumn(),
                console=console(stderr=True),
                transient=False,
            )
            self.bar.start()
        return self.tick

    def tick(self, phase: str, advance: int, total: int | None) -> None:
        if self.bar is None:
            return
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(PHASES.get(phase, phase), total=total)
        elif total is not None:
            self.bar.update(self.tasks[phase], total=total)
        if advance:
            self.bar.advance(self.tasks[phase], advance)

    def describe(self, phase: str, advance: int, description: str) -> None:
        """Advance ``phase`` and say something new about it (the LLM's tokens per second)."""
        self.tick(phase, advance, None)
        if self.bar is not None:
            self.bar.update(self.tasks[phase], description=description)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


COMMANDS = [ingest_command]
