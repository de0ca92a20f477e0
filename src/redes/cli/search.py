"""``redes search``: full-text search over documents."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from redes.cli.common import as_option, audit, console, db_option, echo_json, format_option, open_for
from redes.store.search import HL_END, HL_START, search_documents


@click.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--collection", "collections", multiple=True, help="Only these collections.")
@db_option
@as_option
@format_option()
def search_command(query, limit, collections, db, as_user, fmt) -> None:
    """Search documents; case and accents are ignored ("cartel" finds "Cártel").

    Words must all match; use "quoted phrases", OR, and -word to exclude.
    """
    store = open_for(db, as_user)
    audit(store, "search", target=query, detail={"collections": list(collections)} if collections else None)
    hits = search_documents(store, query, limit=limit, collections=list(collections) or None)
    if fmt == "json":
        echo_json({"query": query, "count": len(hits), "results": [h.as_dict() for h in hits]})
        return
    if not hits:
        console().print("no documents match")
        return
    table = Table(show_lines=True, header_style="bold")
    for col in ("id", "document", "snippet"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(
            str(h.document_id), Text(f"{h.title or h.file_name}\n{h.file_name}"), _highlight(h.marked)
        )
    console().print(table)


def _highlight(marked: str) -> Text:
    out = Text()
    for i, part in enumerate(marked.replace(HL_END, HL_START).split(HL_START)):
        out.append(part, style="bold yellow" if i % 2 else None)
    return out


COMMANDS = [search_command]
