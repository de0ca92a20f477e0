"""``redes sources``: structured lists (OFAC's SDN list, any FtM entity stream) as a second
source of facts beside the documents (``redes.sources``; docs/sources.md)."""

from __future__ import annotations

import sys
from datetime import date
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
)

KINDS = ("ofac-sdn", "ftm")


@click.group("sources")
def sources_group() -> None:
    """Structured lists (OFAC SDN, FtM streams) as a second source of facts."""


def _date(_ctx, _param, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("a date as YYYY-MM-DD") from None


@sources_group.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--name", help="Dataset name of an FtM stream (its collection and source).")
@click.option(
    "--date", "published", callback=_date, help="The list's date (default: the date in the file name)."
)
@click.option("--collection", help="Collection to keep the list in (default: the list's name).")
@db_option
@as_option
@format_option("text", "json")
def import_command(
    kind: str,
    file: Path,
    name: str | None,
    published: date | None,
    collection: str | None,
    db: str,
    as_user: str | None,
    fmt: str,
) -> None:
    """Import a list: ofac-sdn FILE (OFAC's sdn.csv, .gz too) or ftm FILE --name DATASET
    (FtM JSON lines, e.g. an OpenSanctions export). Importing the same file again changes
    nothing; a newer list updates what changed and records who was delisted."""
    from redes.sources.importing import OFAC, import_file

    target = collection or (OFAC.name if kind == "ofac-sdn" else name)
    store = open_for(db, as_user, need="editor", write=target, create=True)
    try:
        stats, problems = import_file(
            store, kind, file, name=name, published=published, collection=collection
        )
        audit(
            store, "sources.import", target=stats.source, detail={"file": file.name, "version": stats.version}
        )
    finally:
        store.close()
    if fmt == "json":
        echo_json(stats.as_dict())
    else:
        out = console()
        if stats.unchanged:
            out.print(
                f"{file.name}: already imported (version {stats.version}); nothing changed", markup=False
            )
        else:
            out.print(
                f"{file.name}: {stats.source} as of {stats.published}: {stats.records:,} records, "
                f"{stats.documents_added:,} new entries, {stats.entities:,} entities, {stats.claims:,} claims, "
                f"{stats.delisted:,} delisted, {stats.skipped:,} bad rows skipped",
                markup=False,
            )
        for problem in problems[:50]:
            out.print(f"  {problem}", markup=False)
        if len(problems) > 50:
            out.print(f"  ... and {len(problems) - 50:,} more (--format json lists them all)")
    if stats.skipped and not stats.unchanged:
        sys.exit(EXIT_FAILED)


COMMANDS = [sources_group]
