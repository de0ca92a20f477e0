"""``redes xref``: cross-reference the knowledge base against a structured list (OFAC's
SDN list, or any list imported with ``redes sources import``)."""

from __future__ import annotations

import click

from redes.cli._kb import kb_errors
from redes.cli.common import as_option, audit, db_option, echo_json, format_option, open_for, print_table


def _features(features: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in features.items())


@click.group("xref", invoke_without_command=True)
@click.option("--source", default="ofac-sdn", show_default=True, help="The list (as imported).")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--dry-run", is_flag=True, help="Only list the matches to review; accept none (any reader).")
@db_option
@as_option
@format_option()
@click.pass_context
def xref_group(ctx, source, limit, dry_run, db, as_user, fmt) -> None:
    """Match every person, group and company of the knowledge base against a list: very
    strong matches are accepted (machine output, as at every update), the others are
    listed for review with their score and features. Accept one with `redes xref accept
    ENTITY LISTED`, refuse it with `redes xref reject ENTITY LISTED`."""
    if ctx.invoked_subcommand is not None:
        return
    from redes.kb import xref

    with kb_errors():
        store = open_for(db, as_user) if dry_run else open_for(db, as_user, need="editor")
        merged = None if dry_run else xref.run(store)
        found = xref.candidates(store, source, limit)
    if merged is not None:
        audit(store, "xref.run", target=source, detail={"merged": merged})
    if fmt == "json":
        echo_json({"source": source, "merged": merged, "candidates": found})
        return
    if merged is not None:
        click.echo(f"{merged} entities merged automatically (safe duplicates and matches)")
    rows = [
        (f"{c['score']:.2f}", c["entity"]["id"], c["entity"]["name"], c["list_id"], c["listed"]["name"],
         _features(c["features"]))
        for c in found
    ]  # fmt: skip
    print_table(
        rows,
        ["score", "entity", "entity name", "listed", "listed name", "features"],
        title=f"{len(found)} {source} matches to review",
    )


def _decide(kind: str, entity: str, listed: str, opts: dict) -> None:
    from redes.cli.common import acting_user
    from redes.kb import review, xref

    with kb_errors():
        store = open_for(opts["db"], opts["as_user"], need="editor")
        author = acting_user(store) or opts["author"]
        if kind == "accept":
            result = review.merge(store, entity, listed, author=author, note=opts["note"])
        else:
            result = xref.reject(store, entity, listed, opts["source"], author=author, note=opts["note"])
    audit(
        store, f"xref.{kind}", target=entity, detail={"listed": listed, "judgement": result.get("judgement")}
    )
    if opts["fmt"] == "json":
        echo_json(result)
        return
    line = f"{kind}ed: {entity} / {listed} (judgement {result.get('judgement')})"
    if result.get("detached"):
        line += f"; {listed} is taken back out of {entity}"
    click.echo(line)


def _decision(f):
    f = click.option("--note", help="Why (kept with the judgement).")(f)
    f = click.option("--author", envvar="REDES_AUTHOR", help="Who decides (default: $REDES_AUTHOR).")(f)
    f = click.option("--source", default="ofac-sdn", show_default=True, help="The list.")(f)
    return format_option()(as_option(db_option(f)))


@xref_group.command("accept")
@click.argument("entity")
@click.argument("listed")
@_decision
def accept_command(entity, listed, **opts) -> None:
    """ENTITY (of the documents) is the listed party LISTED (its list id): the list's facts
    join its dossier. Survives rebuilds."""
    _decide("accept", entity, listed, opts)


@xref_group.command("reject")
@click.argument("entity")
@click.argument("listed")
@_decision
def reject_command(entity, listed, **opts) -> None:
    """ENTITY is not the listed party LISTED: never offered nor accepted again (an
    accepted match comes apart at the next rebuild)."""
    _decide("reject", entity, listed, opts)


COMMANDS = [xref_group]
