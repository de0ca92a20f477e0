"""``redes add``: an entity or a relation the documents support but extraction missed,
added by hand with a citation (a document span, or a URL and the words it says). It is a
judgement: re-made after every rebuild, listed in `redes review history`, undone with
`redes review undo`."""

from __future__ import annotations

import click

from redes.cli._kb import kb_errors
from redes.cli.common import acting_user, as_option, audit, db_option, echo_json, format_option, open_for
from redes.extract.model import ATTRIBUTE_TYPES, ENTITY_TYPES, RELATION_TYPES
from redes.kb import manual


@click.group("add")
def add_group() -> None:
    """Add an entity or a relation by hand, with a citation."""


def _citation(f):
    f = click.option("--note", help="Why (kept with the judgement).")(f)
    f = click.option("--author", envvar="REDES_AUTHOR", help="Who adds it (with --as: always that user).")(f)
    f = click.option(
        "--collection", default="public", show_default=True, help="With --url: where the citation is kept."
    )(f)
    f = click.option("--quote", help="With --url: the words the page says.")(f)
    f = click.option("--url", help="Cite a web page (with --quote).")(f)
    f = click.option("--span", metavar="START-END", help="With --doc: character offsets of the cited text.")(
        f
    )
    return click.option(
        "--doc", "document", type=click.IntRange(1), help="Cite this document (with --span)."
    )(f)


def _cite(store, document, span, url, quote, collection) -> dict:
    start = end = None
    if span:
        first, sep, last = span.partition("-")
        if not (sep and first.isdigit() and last.isdigit()):
            raise click.UsageError(f"--span {span!r}: write START-END (character offsets)")
        start, end = int(first), int(last)
    return manual.cite(store, document, start, end, url, quote, collection)


def _report(store, result: dict, fmt: str, note: str | None) -> None:
    target = result.get("claim") or result["entity"]["id"]
    audit(
        store,
        f"review.{result['kind']}",
        target=target,
        detail={"judgement": result["judgement"], "note": note},
    )
    if fmt == "json":
        echo_json(result)
        return
    click.echo(f"judgement {result['judgement']}: {result['kind']} {target}")


@add_group.command("entity")
@click.argument("type_", metavar="TYPE", type=click.Choice(ENTITY_TYPES))
@click.argument("name")
@_citation
@db_option
@as_option
@format_option()
def entity_command(
    type_, name, document, span, url, quote, collection, author, note, db, as_user, fmt
) -> None:
    """Add an entity of TYPE called NAME; the cited text must name it."""
    store = open_for(db, as_user, need="editor")
    with kb_errors():
        citation = _cite(store, document, span, url, quote, collection)
        result = manual.add_entity(store, type_, name, citation, acting_user(store) or author, note)
    _report(store, result, fmt, note)


@add_group.command("relation")
@click.argument("subject")
@click.argument("predicate", type=click.Choice(RELATION_TYPES + ATTRIBUTE_TYPES))
@click.argument("obj", metavar="OBJECT", required=False)
@click.option(
    "--value",
    help=f"For an attribute ({', '.join(ATTRIBUTE_TYPES)}): its value (a nationality: a country's name or code; an identifier: a CURP or an RFC).",
)
@click.option("--year", type=click.IntRange(1000, 2100), help="The year the relation is about.")
@click.option("--detail", help='A qualifier ("wife", "leader", ...).')
@_citation
@db_option
@as_option
@format_option()
def relation_command(
    subject,
    predicate,
    obj,
    value,
    year,
    detail,
    document,
    span,
    url,
    quote,
    collection,
    author,
    note,
    db,
    as_user,
    fmt,
) -> None:
    """Add SUBJECT PREDICATE OBJECT (or an attribute with --value) as an accepted claim of
    origin "manual", with the citation as its evidence."""
    store = open_for(db, as_user, need="editor")
    with kb_errors():
        citation = _cite(store, document, span, url, quote, collection)
        result = manual.add_relation(
            store, subject, predicate, citation, obj, value, year, detail, acting_user(store) or author, note
        )
    _report(store, result, fmt, note)


COMMANDS = [add_group]
