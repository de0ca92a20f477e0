"""``redes docs``: list the documents in the store."""

from __future__ import annotations

import click

from redes.cli.common import as_option, db_option, echo_json, format_option, open_for, print_table
from redes.i18n import formats
from redes.store.documents import list_documents


@click.command("docs")
@click.option("--collection", help="Only this collection.")
@click.option(
    "--given-up",
    is_flag=True,
    help="Only documents whose extraction ingest gave up on, with why (redes rebuild tries them again).",
)
@db_option
@as_option
@format_option()
def docs_command(collection, given_up, db, as_user, fmt) -> None:
    """List documents with collection, language, title, date and word count."""
    docs = list_documents(open_for(db, as_user), collection, given_up=given_up)
    if fmt == "json":
        echo_json(docs)
        return
    if given_up:
        print_table(
            [(d["id"], d["collection"], _clip(d["title"] or d["file_name"], 40), d["attempts"], d["error"]) for d in docs],
            ["id", "collection", "title", "attempts", "why"],
            title=f"{len(docs)} documents whose extraction was given up",
        )
        return
    print_table(
        [
            (
                d["id"],
                d["collection"],
                d["language"],
                _clip(d["title"] or d["file_name"], 70),
                formats.date(d["published"]),
                formats.number(d["words"]),
            )
            for d in docs
        ],
        ["id", "collection", "lang", "title", "date", "words"],
        title=f"{len(docs)} documents",
    )
    stuck = sum(1 for d in docs if d["extraction"] == "given up")
    if stuck:
        click.echo(f"Extraction was given up on {stuck}: redes docs --given-up", err=True)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


COMMANDS = [docs_command]
