"""``redes export``: FollowTheMoney, GraphML, GEXF and CSV."""

from __future__ import annotations

import sys

import click

from redes import export
from redes.access.filters import within
from redes.cli.common import EXIT_USAGE, as_option, audit, db_option, open_for
from redes.export import FORMATS


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="File to write (default: stdout); for csv, the folder that receives the tables.",
)
@click.option(
    "--collection",
    "collections",
    multiple=True,
    metavar="NAME",
    help="Only what documents of this collection support (repeatable; default: every collection you may read).",
)
@db_option
@as_option
def export_command(fmt, output, collections, db, as_user) -> None:
    """Export the knowledge base (rejected claims left out).

    \b
    ftm      FollowTheMoney entities, one JSON object per line, with proof documents
    graphml  graph for Gephi, yEd, igraph
    gexf     graph for Gephi
    csv      entities, relations, attributes and evidence tables (-o FOLDER)
    """
    if fmt == "csv" and not output:
        click.echo("Error: csv writes several tables: give -o FOLDER", err=True)
        raise SystemExit(EXIT_USAGE)
    store = open_for(db, as_user)
    audit(
        store,
        "export",
        target=fmt,
        detail={"format": fmt, "output": output, "collections": list(collections)},
    )
    store = within(store, collections)
    if fmt == "csv":
        for path in export.write_csv(store, output):
            click.echo(f"wrote {path}", err=True)
        return
    if fmt == "ftm":
        if output:
            with open(output, "w", encoding="utf-8") as f:
                n = export.write_ftm(store, f)
            click.echo(f"wrote {n} entities to {output}", err=True)
        else:
            export.write_ftm(store, sys.stdout)
        return
    writer = export.write_graphml if fmt == "graphml" else export.write_gexf
    if output:
        with open(output, "wb") as f:
            writer(store, f)
        click.echo(f"wrote {output}", err=True)
    else:
        writer(store, sys.stdout.buffer)


COMMANDS = [export_command]
