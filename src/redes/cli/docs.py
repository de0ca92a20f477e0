"""``redes docs``: list the documents in the store."""

from __future__ import annotations

import click

from redes.cli.common import as_option, db_option, echo_json, format_option, open_for, print_table
from redes.i18n import formats
from redes.store.documents import list_documents


@click.command("docs")
@click.option("--collection", help="Only this collection.")
@db_option
@as_option
@format_option()
def docs_command(collection, db, as_user, fmt) -> None:
    """List documents with collection, language, title, date and word count."""
    docs = list_documents(open_for(db, as_user), collection)
    if fmt == "json":
        echo_json(docs)
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


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


COMMANDS = [docs_command]
