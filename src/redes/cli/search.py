"""``redes search``: full-text search over documents."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

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
from redes.store.search import HL_END, HL_START, search_documents

_WORD = "\x00"  # marks an argument that looked like an option but is a word to exclude


class SearchCommand(click.Command):
    """``-cartel`` is a word to exclude, not a bundle of short options (-c -a -r ...): any
    single-dash argument that is no option of the command reaches the query as it is."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = {name for param in self.params for name in getattr(param, "opts", ())}
        options |= set(self.get_help_option_names(ctx))
        marked = [
            _WORD + a
            if a.startswith("-") and not a.startswith("--") and len(a) > 1 and a not in options
            else a
            for a in args
        ]
        return super().parse_args(ctx, marked)


@click.command("search", cls=SearchCommand)
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--collection", "collections", multiple=True, help="Only these collections.")
@db_option
@as_option
@format_option()
def search_command(words, limit, collections, db, as_user, fmt) -> None:
    """Search documents; case and accents are ignored ("cartel" finds "Cártel").

    Words must all match; use "quoted phrases", OR, and -word to exclude (redes search
    Jalisco -cartel). Exits with status 1 when no document matches.
    """
    query = " ".join(w.removeprefix(_WORD) for w in words)
    store = open_for(db, as_user)
    audit(store, "search", target=query, detail={"collections": list(collections)} if collections else None)
    hits = search_documents(store, query, limit=limit, collections=list(collections) or None)
    if fmt == "json":
        echo_json({"query": query, "count": len(hits), "results": [h.as_dict() for h in hits]})
    elif not hits:
        console().print("no documents match")
    if not hits:
        raise SystemExit(EXIT_FAILED)
    if fmt == "json":
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
