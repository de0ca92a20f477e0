"""``redes demo``: build the demo database and open the richest view there is."""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from redes.cli.common import EXIT_FAILED, console, db_option, store_for
from redes.cli.ingest import _progress
from redes.demo import build_demo


@click.command("demo")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address the workbench binds to (loopback: no sign-in while no user exists).",
)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the database, then exit.")
@db_option
def demo_command(jobs, host, port, no_serve, db) -> None:
    """Build a demo database from the bundled corpus, then open the workbench."""
    store = store_for(db)
    out = console()
    with _progress(sys.stderr.isatty()) as tick:
        report = build_demo(store, jobs=jobs, progress=tick)
    counts = report.counts()
    out.print(
        f"demo database [bold]{db}[/]: {counts['ingested']} documents ingested, "
        f"{counts['duplicate']} already there, {counts['failed']} failed"
    )
    for r in report.of("failed"):
        out.print(f"  [red]failed[/] {escape(r.path)}: {escape(r.reason or '')}", soft_wrap=True)
    if no_serve:
        out.print(
            'Try:  redes docs   ·   redes search "Nueva Generación"   ·   redes search Mencho --format json'
        )
    else:
        from redes.web import ServeRefused, serve

        try:
            serve(db=db, host=host, port=port)
        except ServeRefused as exc:
            raise click.UsageError(f"{exc} (use redes serve for its TLS and proxy options)") from exc
    if not report.ok:
        sys.exit(EXIT_FAILED)


COMMANDS = [demo_command]
