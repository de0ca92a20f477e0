"""``redes claims``: claims with how far the sources corroborate them."""

from __future__ import annotations

import click

from redes.cli._kb import kb_errors
from redes.cli.common import as_option, db_option, echo_json, format_option, open_for, print_table
from redes.i18n import formats, label
from redes.kb import list_claims
from redes.kb.facts import ORDERS, STATUSES

KEY_CHARS = 10


def claim_rows(claims: list[dict]) -> list[tuple]:
    return [
        (
            c["key"][:KEY_CHARS],
            c["subject"]["name"],
            label("relation", c["predicate"]),
            c["object"]["name"] if c["object"] else formats.value(c["predicate"], c["value"]),
            c["year"] or formats.date(c["date"]),
            c["detail"] or "",
            c["corroboration"]["documents"],
            c["corroboration"]["publishers"],
            formats.date(c["corroboration"]["first_seen"]),
            formats.date(c["corroboration"]["last_seen"]),
            c["status"],
        )
        for c in claims
    ]


CLAIM_COLUMNS = [
    "key",
    "subject",
    "predicate",
    "object / value",
    "when",
    "detail",
    "docs",
    "pubs",
    "first",
    "last",
    "status",
]


@click.command("claims")
@click.option("--entity", help="Only claims about this entity (name, alias or id).")
@click.option("--predicate", help="Only this relation or attribute type (leads, founded, ...).")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims with this review status.")
@click.option("--min-documents", type=click.IntRange(1), default=1, show_default=True)
@click.option("--order", type=click.Choice(ORDERS), default="strongest", show_default=True)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--evidence", is_flag=True, help="Include the evidence (JSON output).")
@db_option
@as_option
@format_option()
def claims_command(
    entity, predicate, status, min_documents, order, limit, evidence, db, as_user, fmt
) -> None:
    """List claims with their corroboration: supporting documents, distinct publishers,
    first and last seen."""
    with kb_errors():
        claims = list_claims(
            open_for(db, as_user),
            entity=entity,
            predicate=predicate,
            status=status,
            min_documents=min_documents,
            order=order,
            limit=limit,
            with_evidence=evidence,
        )
    if fmt == "json":
        echo_json(claims)
        return
    print_table(claim_rows(claims), CLAIM_COLUMNS, title=f"{len(claims)} claims")


COMMANDS = [claims_command]
