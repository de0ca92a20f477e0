"""``redes collections``: who may read and write each collection.

A collection is ``public`` (every user reads it; editors and admins write), ``team``
(admins, and users or groups with a grant) or ``confidential`` (only users or groups with a
grant; an admin too needs one, and granting it to themselves lands in the audit log).
Changes need the admin role; ``list`` shows anyone the collections they may read.
"""

from __future__ import annotations

import click
from sqlalchemy import func, select

from redes.access import users as accounts
from redes.access.models import VISIBILITIES
from redes.cli.common import (
    as_option,
    audit,
    db_option,
    echo_json,
    format_option,
    open_for,
    print_table,
    refusals,
    unrestricted,
)
from redes.store.models import Collection, Document


@click.group("collections")
def collections_group() -> None:
    """Collections: visibility (public, team, confidential) and grants."""


@collections_group.command("list")
@db_option
@as_option
@format_option()
def list_command(db, as_user, fmt) -> None:
    """Collections with their visibility and documents; admins also see every collection's
    grants (and the names of collections they cannot read, without their counts)."""
    store = open_for(db, as_user)
    scope = store.scope
    admin = scope.at_least("admin")
    # Admins manage every collection, so they list them all; others only what they read.
    view = unrestricted(store) if admin else store
    with view.session() as s:
        counts = dict(
            s.execute(
                select(Document.collection_id, func.count(Document.id)).group_by(Document.collection_id)
            ).all()
        )
        grants = accounts.list_grants(s) if admin else []
        rows = []
        for c in s.scalars(select(Collection).order_by(Collection.name)):
            readable = scope.can_read(c.id)
            row = {
                "name": c.name,
                "visibility": c.visibility,
                "documents": counts.get(c.id, 0) if readable else None,
                "access": "write" if scope.can_write(c.id) else "read" if readable else None,
            }
            if admin:
                row["grants"] = [
                    {k: g[k] for k in ("user", "group", "access") if g[k] is not None}
                    for g in grants
                    if g["collection"] == c.name
                ]
            rows.append(row)
    if fmt == "json":
        echo_json(rows)
        return
    columns = ["collection", "visibility", "documents", "your access"] + (["grants"] if admin else [])
    print_table(
        [
            (
                r["name"],
                r["visibility"],
                "-" if r["documents"] is None else r["documents"],
                r["access"] or "none",
                *(
                    [", ".join(f"{g.get('user') or '@' + g['group']}:{g['access']}" for g in r["grants"])]
                    if admin
                    else []
                ),
            )
            for r in rows
        ],
        columns,
        title=f"{len(rows)} collections",
    )


@collections_group.command("add")
@click.argument("name")
@click.option("--visibility", type=click.Choice(VISIBILITIES), default="confidential", show_default=True)
@click.option("--label", help="A longer description.")
@db_option
@as_option
@format_option()
@refusals
def add_command(name, visibility, label, db, as_user, fmt) -> None:
    """Create the empty collection NAME (confidential unless told otherwise), ready for
    grants before anything is ingested into it."""
    store = open_for(db, as_user, need="admin", create=True)
    with unrestricted(store).session() as s:
        accounts.create_collection(s, name, visibility, label)
    audit(store, "collection.create", target=name, detail={"visibility": visibility})
    _done(fmt, {"collection": name, "visibility": visibility}, f"added collection {name} ({visibility})")


@collections_group.command("set")
@click.argument("name")
@click.option("--visibility", type=click.Choice(VISIBILITIES), required=True)
@db_option
@as_option
@format_option()
@refusals
def set_command(name, visibility, db, as_user, fmt) -> None:
    """Change the visibility of the collection NAME."""
    store = open_for(db, as_user, need="admin", create=True)
    with unrestricted(store).session() as s:
        before = s.scalar(select(Collection.visibility).where(Collection.name == name))
        accounts.set_visibility(s, name, visibility)
    audit(store, "collection.visibility", target=name, detail={"from": before, "to": visibility})
    _done(fmt, {"collection": name, "visibility": visibility}, f"{name}: {before} -> {visibility}")


def _grantee(f):
    f = click.option("--group", help="A group (see 'redes groups').")(f)
    return click.option("--user", help="A user.")(f)


def _check_grantee(user, group) -> None:
    if (user is None) == (group is None):
        raise click.UsageError("give either --user or --group")


@collections_group.command("grant")
@click.argument("name")
@_grantee
@click.option("--access", type=click.Choice(["read", "write"]), default="read", show_default=True)
@db_option
@as_option
@format_option()
@refusals
def grant_command(name, user, group, access, db, as_user, fmt) -> None:
    """Let a user or a group read (or read and write) the collection NAME."""
    _check_grantee(user, group)
    store = open_for(db, as_user, need="admin", create=True)
    with unrestricted(store).session() as s:
        accounts.grant(s, name, user=user, group=group, access=access)
    who = {"user": user} if user else {"group": group}
    audit(store, "grant", target=name, detail={**who, "access": access})
    _done(fmt, {"collection": name, **who, "access": access}, f"{name}: {user or '@' + group} may {access}")


@collections_group.command("revoke")
@click.argument("name")
@_grantee
@db_option
@as_option
@format_option()
@refusals
def revoke_command(name, user, group, db, as_user, fmt) -> None:
    """Take a user's or a group's grant to the collection NAME away."""
    _check_grantee(user, group)
    store = open_for(db, as_user, need="admin", create=True)
    with unrestricted(store).session() as s:
        found = accounts.revoke(s, name, user=user, group=group)
    if not found:
        raise click.ClickException(f"{user or 'group ' + group} has no grant to {name}")
    who = {"user": user} if user else {"group": group}
    audit(store, "grant.revoke", target=name, detail=who)
    _done(
        fmt, {"collection": name, **who, "revoked": True}, f"{name}: grant of {user or '@' + group} revoked"
    )


def _done(fmt: str, data: dict, text: str) -> None:
    if fmt == "json":
        echo_json(data)
    else:
        click.echo(text)


COMMANDS = [collections_group]
