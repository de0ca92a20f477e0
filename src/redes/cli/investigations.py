"""``redes investigations``: saved sets of entities with a network view, reopened at
``/investigations/{id}``; each is readable only by users who read every collection its
owner could read when saving it."""

from __future__ import annotations

import click

from redes.cli._kb import kb_errors
from redes.cli.common import (
    acting_user,
    as_option,
    audit,
    db_option,
    echo_json,
    format_option,
    open_for,
    print_table,
)
from redes.kb import investigations


@click.group("investigations")
def investigations_group() -> None:
    """Saved investigations: entities, a network view, notes, a permalink."""


@investigations_group.command("list")
@db_option
@as_option
@format_option()
def list_command(db, as_user, fmt) -> None:
    """The investigations you may open, newest first."""
    rows = investigations.list_all(open_for(db, as_user))
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [(i["id"], i["name"], i["owner"] or "owner", i["entity_count"], i["permalink"]) for i in rows],
        ["id", "name", "owner", "entities", "permalink"],
        title=f"{len(rows)} investigations",
    )


@investigations_group.command("show")
@click.argument("investigation", type=click.IntRange(1))
@db_option
@as_option
@format_option()
def show_command(investigation, db, as_user, fmt) -> None:
    """One investigation: its entities and the network view that reopens it."""
    store = open_for(db, as_user)
    with kb_errors():
        inv = investigations.get(store, investigation)
    audit(store, "investigation.view", target=str(investigation))
    if fmt == "json":
        echo_json(inv)
        return
    click.echo(f"{inv['name']}  ({inv['permalink']}, by {inv['owner'] or 'the owner'})")
    for e in inv["entities"]:
        click.echo(f"  {e['id']}  {e['name']} ({e['type']})")
    click.echo(f"network: {inv['network']}")


@investigations_group.command("create")
@click.argument("name")
@click.argument("entities", nargs=-1, required=True)
@click.option(
    "--view",
    "view",
    multiple=True,
    metavar="FILTER=VALUE",
    help=f"A network filter to keep ({', '.join(investigations.VIEW_KEYS)}); repeatable.",
)
@db_option
@as_option
@format_option()
def create_command(name, entities, view, db, as_user, fmt) -> None:
    """Save an investigation called NAME of ENTITIES (names, aliases or slugs)."""
    store = open_for(db, as_user, need="editor")
    filters = {}
    for item in view:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--view {item!r}: write FILTER=VALUE")
        filters[key.strip()] = value
    with kb_errors():
        inv = investigations.create(store, name, list(entities), filters, acting_user(store))
    audit(store, "investigation.create", target=str(inv["id"]), detail={"name": inv["name"]})
    if fmt == "json":
        echo_json(inv)
        return
    click.echo(
        f"investigation {inv['id']}: {inv['name']} ({len(inv['entities'])} entities) {inv['permalink']}"
    )


@investigations_group.command("delete")
@click.argument("investigation", type=click.IntRange(1))
@db_option
@as_option
@format_option()
def delete_command(investigation, db, as_user, fmt) -> None:
    """Delete an investigation and its notes (its owner or an admin)."""
    store = open_for(db, as_user, need="editor")
    with kb_errors():
        result = investigations.delete(store, investigation, acting_user(store))
    audit(store, "investigation.delete", target=str(investigation))
    if fmt == "json":
        echo_json(result)
        return
    click.echo(f"investigation {investigation} deleted")


COMMANDS = [investigations_group]
