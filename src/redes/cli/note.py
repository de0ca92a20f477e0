"""``redes note``: notes on entities, claims, documents and saved investigations, with
who wrote them and when. A note on something the user may not read is, for them, a note
that does not exist."""

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
from redes.kb import notes

KIND = click.Choice(notes.KINDS)


@click.group("note")
def note_group() -> None:
    """Notes on entities, claims, documents and investigations; they survive rebuilds."""


@note_group.command("add")
@click.argument("kind", type=KIND)
@click.argument("target")
@click.argument("text")
@click.option(
    "--author", envvar="REDES_AUTHOR", help="Who writes (with --as or REDES_TOKEN: always that user)."
)
@db_option
@as_option
@format_option()
def add_command(kind, target, text, author, db, as_user, fmt) -> None:
    """Write TEXT on the KIND (entity, claim, document, investigation) named TARGET (a
    name, slug, claim key or id). Use "-" as TEXT to read it from standard input."""
    store = open_for(db, as_user, need="editor")
    if text == "-":
        text = click.get_text_stream("stdin").read()
    with kb_errors():
        note = notes.add(store, kind, target, text, acting_user(store) or author)
    audit(store, "note.add", target=f"{kind}:{note['target']['id']}", detail={"note": note["id"]})
    if fmt == "json":
        echo_json(note)
        return
    click.echo(f"note {note['id']} on {kind} {note['target']['id']}")


@note_group.command("list")
@click.option("--on", "kind", type=KIND, help="Only notes on this kind of target (with TARGET).")
@click.argument("target", required=False)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@db_option
@as_option
@format_option()
def list_command(kind, target, limit, db, as_user, fmt) -> None:
    """Notes on TARGET (with --on KIND), oldest first; without, the latest notes on what
    you may read, newest first."""
    if bool(kind) != bool(target):
        raise click.UsageError("give both --on KIND and TARGET, or neither")
    store = open_for(db, as_user)
    with kb_errors():
        rows = notes.list_for(store, kind, target)[-limit:] if kind else notes.recent(store, limit)
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [
            (
                n["id"],
                (n["created_at"] or "")[:16].replace("T", " "),
                n["author"] or "",
                f"{n['target']['kind']} {n['target'].get('name') or n['target']['id']}",
                n["text"],
            )
            for n in rows
        ],
        ["id", "when", "author", "on", "note"],
        title=f"{len(rows)} notes",
    )


COMMANDS = [note_group]
