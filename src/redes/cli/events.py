"""``redes events``: import UCDP GED and ACLED tables, summarise them, chart them."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from redes.cli.common import (
    EXIT_FAILED,
    as_option,
    audit,
    console,
    db_option,
    echo_json,
    format_option,
    open_for,
    print_table,
    unrestricted,
)

VIOLENCE_NAMES = {1: "state-based", 2: "non-state", 3: "one-sided"}


@click.group()
def events() -> None:
    """Conflict events (UCDP GED, ACLED): import, summaries, charts and maps."""


@events.group("import")
def import_() -> None:
    """Import an event table (streamed; re-importing adds nothing)."""


@contextmanager
def _progress(enabled: bool):
    """A row counter on a terminal; nothing when output is piped."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console(True)
    ) as p:
        task = p.add_task("rows read: 0", total=None)
        yield lambda n: p.update(task, description=f"rows read: {n:,}")


def _run_import(db: str, as_user: str | None, fmt: str, run: Callable) -> None:
    from redes.events.importing import FileError

    # Event tables belong to no collection: importing them is an editor's job.
    store = unrestricted(open_for(db, as_user, need="editor", create=True))
    try:
        with _progress(fmt == "text") as progress:
            report = run(store, progress)
        audit(store, "events.import", target=str(report.file), detail={"imported": report.imported})
    except FileError as exc:
        if fmt == "json":
            echo_json({"error": str(exc)})
        else:
            click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        store.close()
    if fmt == "json":
        echo_json(report.as_dict())
    else:
        out = console()
        out.print(
            f"{report.file}: {report.read:,} rows read, {report.imported:,} imported, "
            f"{report.existing:,} already in the database, {report.bad_count:,} bad"
        )
        for bad in report.bad[:50]:
            out.print(f"  line {bad.line}: {bad.reason}", markup=False)
        if report.bad_count > 50:
            out.print(f"  ... and {report.bad_count - 50:,} more (--format json lists up to 1,000)")
    if report.bad_count:
        sys.exit(EXIT_FAILED)


@import_.command("ucdp")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="Import the shipped GED 24.1 Mexico table instead of FILE.")
@db_option
@as_option
@format_option("text", "json")
def import_ucdp_cmd(file: Path | None, demo: bool, db: str, as_user: str | None, fmt: str) -> None:
    """Import a UCDP GED CSV (.csv or .csv.gz)."""
    from redes.events import import_ucdp, load_demo

    if demo == (file is not None):
        raise click.UsageError("give either FILE or --demo")
    if demo:
        _run_import(db, as_user, fmt, lambda store, progress: load_demo(store, progress=progress))
    else:
        _run_import(db, as_user, fmt, lambda store, progress: import_ucdp(store, file, progress=progress))


@import_.command("acled")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@as_option
@format_option("text", "json")
def import_acled_cmd(file: Path, db: str, as_user: str | None, fmt: str) -> None:
    """Import an ACLED CSV export (.csv or .csv.gz)."""
    from redes.events import import_acled

    _run_import(db, as_user, fmt, lambda store, progress: import_acled(store, file, progress=progress))


def parse_violence(_ctx, _param, value: str | None) -> tuple[int, ...]:
    if not value:
        return ()
    try:
        types = tuple(sorted({int(v) for v in value.split(",") if v.strip()}))
    except ValueError:
        raise click.BadParameter("a comma-separated list of 1, 2 and 3") from None
    if not set(types) <= {1, 2, 3}:
        raise click.BadParameter("violence types are 1 (state-based), 2 (non-state), 3 (one-sided)")
    return types


def filter_options(f: Callable) -> Callable:
    """--actor, --from, --to, --violence, --min-precision, --source."""
    from redes.events.vocabulary import SOURCES

    for option in reversed(
        [
            click.option("--actor", required=True, help="A group: name, alias, acronym or slug (CJNG)."),
            click.option("--from", "start", type=int, help="First year (inclusive)."),
            click.option("--to", "end", type=int, help="Last year (inclusive)."),
            click.option(
                "--violence",
                callback=parse_violence,
                help="UCDP violence types to keep, e.g. 2 or 1,2,3 (default: all).",
            ),
            click.option(
                "--min-precision",
                type=click.IntRange(1, 7),
                help="Keep events located at least this precisely: 1 the exact place, 2 within 25 km, "
                "3 the municipality, 4 the state, 5 part of the country, 6 the country (UCDP GED's where_prec).",
            ),
            click.option("--source", type=click.Choice(SOURCES), default="ucdp", show_default=True),
        ]
    ):
        f = option(f)
    return f


def resolve(session, actor: str):
    from redes.events.actors import resolve_actor

    match = resolve_actor(session, actor)
    if not match.slugs:
        raise click.BadParameter(f"no events or known group match {actor!r}", param_hint="--actor")
    return match


def build_filters(start, end, violence, min_precision, source):
    from redes.events.summaries import Filters

    if start is not None and end is not None and start > end:
        raise click.BadParameter("--from is after --to")
    return Filters(start=start, end=end, violence=violence, min_precision=min_precision, source=source)


@events.command("summary")
@filter_options
@click.option(
    "--by",
    type=click.Choice(["year", "opponent", "state", "municipality"]),
    default="year",
    show_default=True,
)
@click.option(
    "--method",
    type=click.Choice(["ged", "pip"]),
    default="ged",
    show_default=True,
    help="State/municipality from the source's admin names (ged) or point-in-polygon (pip).",
)
@click.option("--factions", is_flag=True, help="By opponent: keep factions apart from their group.")
@db_option
@as_option
@format_option("text", "json", "csv")
def summary_cmd(
    actor, start, end, violence, min_precision, source, by, method, factions, db, as_user, fmt
) -> None:
    """Count an actor's events and best-estimate deaths by year, opponent, state or municipality.

    An event counts when either side contains the actor (alone, in a coalition, or
    through one of its factions).
    """
    from redes.events.summaries import summarize

    filters = build_filters(start, end, violence, min_precision, source)
    store = open_for(db, as_user)
    try:
        with store.session() as session:
            result = summarize(
                session, resolve(session, actor), by, filters, method=method, factions=factions
            )
    finally:
        store.close()
    if fmt == "json":
        echo_json(result.as_dict())
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([by, "events", "deaths", "code"])
        for row in result.rows:
            writer.writerow([row.key, row.events, row.deaths, row.code or ""])
        return
    from redes.i18n import formats

    span = f"{start or '…'}–{end or '…'}"
    print_table(
        [(r.key, formats.number(r.events), formats.number(r.deaths)) for r in result.rows],
        [by, "events", "deaths"],
        title=f"{result.actor}, {span}, by {by}",
    )
    out = console()
    out.print(
        f"{formats.number(result.events)} events, {formats.number(result.deaths)} deaths (best estimate)",
        markup=False,
    )
    if by == "opponent":
        out.print("A coalition on the other side counts once for each member.", markup=False)
    for reason, n in result.excluded.items():
        out.print(f"left out: {formats.number(n)} events, {formats.left_out(reason)}", markup=False)


@events.command("chart")
@click.argument("kind", type=click.Choice(["years", "opponents", "states", "municipalities"]))
@filter_options
@click.option("--method", type=click.Choice(["ged", "pip"]), default="ged", show_default=True)
@click.option("--top", type=click.IntRange(1, 100), default=12, show_default=True, help="Opponents shown.")
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file; .png or .svg.",
)
@db_option
@as_option
def chart_cmd(
    kind, actor, start, end, violence, min_precision, source, method, top, out, db, as_user
) -> None:
    """Draw events per year, top opponents, a state choropleth or a municipal heat map."""
    from redes.events import charts
    from redes.events.summaries import summarize

    if out.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("the file name must end in .png or .svg", param_hint="--out")
    filters = build_filters(start, end, violence, min_precision, source)
    by = {"years": "year", "opponents": "opponent", "states": "state", "municipalities": "municipality"}[kind]
    store = open_for(db, as_user)
    try:
        with store.session() as session:
            result = summarize(session, resolve(session, actor), by, filters, method=method)
    finally:
        store.close()
    draw = {
        "years": charts.events_per_year,
        "opponents": lambda s, p: charts.top_opponents(s, p, top=top),
        "states": charts.state_choropleth,
        "municipalities": charts.municipal_heatmap,
    }[kind]
    draw(result, out)
    click.echo(str(out))


@events.command("actors")
@click.option("--source", type=click.Choice(["ucdp", "acled", "all"]), default="all", show_default=True)
@db_option
@as_option
@format_option("text", "json")
def actors_cmd(source: str, db: str, as_user: str | None, fmt: str) -> None:
    """Actor names in the imported events, the group each maps to, and its knowledge-base entity."""
    from redes.events.actors import actor_table

    store = open_for(db, as_user)
    try:
        with store.session() as session:
            rows = actor_table(session, source)
    finally:
        store.close()
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [(r["name"], r["group"], r["faction_of"] or "", f"{r['events']:,}", r["entity"] or "") for r in rows],
        ["source name", "group", "faction of", "events", "knowledge-base entity"],
    )


COMMANDS = [events]
