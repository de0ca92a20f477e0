"""``redes rebuild``: re-derive all machine output from the documents."""

from __future__ import annotations

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
from redes.cli.llm import TokenRate, bar_task, llm_options, open_llm, summary
from redes.ingest.textsafety import printable
from redes.kb import rebuild
from redes.store import Busy


@click.command("rebuild")
@workers_options("Extract")
@llm_options
@db_option
@as_option
@format_option()
def rebuild_command(
    jobs, cluster, llm_url, llm_model, llm_concurrency, llm_context, llm_timeout, llm_retries, db, as_user, fmt
) -> None:
    """Re-run extraction and resolution on every document, then re-apply every review
    judgement, all in one transaction: readers see the old knowledge base until the new
    one is complete. Exits 1 when some documents failed or another rebuild is running.
    Needs the admin role."""
    store = open_for(db, as_user, need="admin")
    audit(store, "rebuild")
    store = unrestricted(store)
    err = console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal or fmt == "json",
    ) as bar:
        task = bar.add_task("extracting", total=None)
        progress = TokenRate(bar_task(bar))
        llm = open_llm(llm_url, llm_model, llm_concurrency, llm_context, llm_timeout, llm_retries, store, progress)
        try:
            with open_workers(jobs, cluster) as runner:
                stats = rebuild(store, progress=lambda n: bar.advance(task, n), llm=llm, runner=runner)
        except Busy as exc:  # another rebuild (or a long write) holds the knowledge base
            raise click.ClickException(str(exc)) from None
    if fmt == "json":
        echo_json({**stats.as_dict(), **({"llm": llm.stats.as_dict()} if llm else {})})
    else:
        click.echo(
            f"documents: {stats.documents}, failed: {len(stats.failed)}, entities: {stats.entities_created}, "
            f"mentions: {stats.mentions}, claims: {stats.claims_created}, evidence: {stats.evidence}, "
            f"judgements re-applied: {stats.judgements_applied} ({stats.judgements_pending} pending)"
        )
        for doc_id, reason in sorted(stats.failed.items()):
            click.echo(f"  failed: document {doc_id}: {reason}", err=True)
        for line in summary(llm) if llm else ():
            click.echo(printable(line), err=True)
    if stats.failed:
        raise SystemExit(EXIT_FAILED)


COMMANDS = [rebuild_command]
