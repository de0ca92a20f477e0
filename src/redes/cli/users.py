"""``redes users`` and ``redes groups``: accounts, passwords, API tokens, groups.

Every command here needs the admin role (or the owner: local use of a SQLite file, or a
database without users). Secrets are printed once and never stored: a one-time link to set
a password, an API token. Every change lands in the audit log.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from redes.access import users as accounts
from redes.access.models import ApiToken
from redes.access.passwords import token_hash
from redes.access.users import SET_PASSWORD_PATH
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
from redes.store import Store

DEFAULT_URL = "http://127.0.0.1:8000"


def _admin(db: str, as_user: str | None) -> Store:
    """The whole database, for an admin or the owner. Setting up accounts may come before
    the first ingest: the database is made when missing."""
    return open_for(db, as_user, need="admin", create=True)


def _user(s, name: str):
    try:
        return accounts.need_user(s, name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


def _when(dt) -> str:
    return "" if dt is None else dt.strftime("%Y-%m-%d %H:%M")


def _link(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{SET_PASSWORD_PATH}{token}"


def _print_link(fmt: str, username: str, token: str, url: str, minutes: int, intro: str) -> None:
    link = _link(url, token)
    if fmt == "json":
        echo_json({"user": username, "token": token, "link": link, "expires_minutes": minutes})
        return
    click.echo(intro)
    click.echo(f"One-time link to set the password (valid {minutes} minutes, shown only now):")
    click.echo(f"  {link}")
    click.echo("Send it over a channel you trust; whoever opens it first chooses the password.")


def _url_option(f):
    f = click.option(
        "--minutes", type=click.IntRange(5, 7 * 24 * 60), default=60, show_default=True, help="Link lifetime."
    )(f)
    return click.option(
        "--url",
        default=DEFAULT_URL,
        show_default=True,
        envvar="REDES_URL",
        help="Address of the workbench, for the link.",
    )(f)


@click.group("users")
def users_group() -> None:
    """User accounts: add, list, disable, reset passwords, API tokens (admins only)."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "editor", "viewer"]), required=True)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of a link."
)
@_url_option
@db_option
@as_option
@format_option()
@refusals
def add_command(name, role, password_stdin, url, minutes, db, as_user, fmt) -> None:
    """Add the user NAME with a role; prints a one-time link that sets their password."""
    store = _admin(db, as_user)
    password = _read_password() if password_stdin else None
    with unrestricted(store).session() as s:
        if role != "admin" and store.dialect != "sqlite" and not accounts.has_users(s):
            # Once accounts exist, a PostgreSQL database needs one to manage them.
            raise click.ClickException("the first account of a PostgreSQL database must be an admin")
        user = accounts.create_user(s, name, role)
        if password is not None:
            accounts.set_password(s, user, password)
            token = None
        else:
            token = accounts.one_time_link(s, user, minutes=minutes)
        username = user.username
    audit(
        store,
        "user.create",
        target=username,
        detail={"role": role, "via": "stdin" if token is None else "link"},
    )
    if token is None:
        if fmt == "json":
            echo_json({"user": username, "role": role, "password_set": True})
        else:
            click.echo(f"added {username} ({role}) with the password read from standard input")
        return
    _print_link(fmt, username, token, url, minutes, f"added {username} ({role})")


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line[:-1] if line.endswith("\n") else line
    accounts.check_password(password.rstrip("\r"))
    return password.rstrip("\r")


@users_group.command("list")
@db_option
@as_option
@format_option()
def list_command(db, as_user, fmt) -> None:
    """Users with their role, state, groups and tokens."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        rows = [
            {
                "username": u.username,
                "role": u.role,
                "active": u.active,
                "password_set": u.password_hash is not None,
                "locked": accounts.is_locked(u),
                "groups": accounts.user_groups(s, u),
                "tokens": sum(1 for t in accounts.list_tokens(s, u) if not t.revoked),
                "created": u.created_at,
            }
            for u in accounts.list_users(s)
        ]
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [
            (
                r["username"],
                r["role"],
                "active" if r["active"] else "disabled",
                "yes" if r["password_set"] else "no",
                "locked" if r["locked"] else "",
                ", ".join(r["groups"]),
                r["tokens"],
                _when(r["created"]),
            )
            for r in rows
        ],
        ["user", "role", "state", "password", "lock", "groups", "tokens", "created"],
        title=f"{len(rows)} users",
    )


def _simple(name: str, action: str, doc: str, change, done: str):
    @users_group.command(name, help=doc)
    @click.argument("username")
    @db_option
    @as_option
    @format_option()
    @refusals
    def command(username, db, as_user, fmt) -> None:
        store = _admin(db, as_user)
        with unrestricted(store).session() as s:
            user = _user(s, username)
            change(s, user)
            username = user.username
        audit(store, action, target=username)
        if fmt == "json":
            echo_json({"user": username, "done": action})
        else:
            click.echo(f"{username}: {done}")

    return command


_simple(
    "disable",
    "user.disable",
    "Disable the user NAME: sign-in, sessions, API tokens and links stop working now.",
    accounts.disable_user,
    "disabled; sessions ended, API tokens revoked",
)
_simple(
    "enable",
    "user.enable",
    "Enable the user NAME again (revoked tokens stay revoked).",
    accounts.enable_user,
    "enabled",
)
_simple(
    "logout-everywhere",
    "logout.all",
    "End every web session of the user NAME.",
    accounts.end_all_sessions,
    "every session ended",
)


@users_group.command("reset-password")
@click.argument("username")
@_url_option
@db_option
@as_option
@format_option()
@refusals
def reset_password_command(username, url, minutes, db, as_user, fmt) -> None:
    """Clear the password of USERNAME, end their sessions, and print a one-time link to set
    a new one."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        user = _user(s, username)
        user.password_hash = None
        accounts.end_all_sessions(s, user)
        token = accounts.one_time_link(s, user, minutes=minutes)
        username = user.username
    audit(store, "user.reset_password", target=username)
    _print_link(fmt, username, token, url, minutes, f"{username}: password cleared, sessions ended")


@users_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["admin", "editor", "viewer"]))
@db_option
@as_option
@format_option()
@refusals
def set_role_command(username, role, db, as_user, fmt) -> None:
    """Give USERNAME another role."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        user = _user(s, username)
        before = user.role
        accounts.set_role(s, user, role)
        username = user.username
    audit(store, "user.role", target=username, detail={"from": before, "to": role})
    if fmt == "json":
        echo_json({"user": username, "role": role})
    else:
        click.echo(f"{username}: {before} -> {role}")


@users_group.command("token")
@click.argument("username")
@click.option("--name", "label", default="cli", show_default=True, help="A label to recognise the token by.")
@db_option
@as_option
@format_option()
@refusals
def token_command(username, label, db, as_user, fmt) -> None:
    """Create an API token for USERNAME and print it, once (REDES_TOKEN for the CLI, or
    'Authorization: Bearer' for the API)."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        user = _user(s, username)
        token = accounts.create_api_token(s, user, label)
        token_id = s.scalar(select(ApiToken.id).where(ApiToken.token_hash == token_hash(token)))
        username = user.username
    audit(store, "token.create", target=username, detail={"id": token_id, "name": label})
    if fmt == "json":
        echo_json({"user": username, "id": token_id, "name": label, "token": token})
        return
    click.echo(f"API token {token_id} ({label}) for {username}, shown only now:")
    click.echo(f"  {token}")


@users_group.command("tokens")
@click.argument("username")
@db_option
@as_option
@format_option()
@refusals
def tokens_command(username, db, as_user, fmt) -> None:
    """The API tokens of USERNAME (never their values)."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        rows = [
            {
                "id": t.id,
                "name": t.name,
                "created": t.created_at,
                "last_used": t.last_used,
                "revoked": t.revoked,
            }
            for t in accounts.list_tokens(s, _user(s, username))
        ]
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [
            (
                r["id"],
                r["name"],
                _when(r["created"]),
                _when(r["last_used"]),
                "revoked" if r["revoked"] else "",
            )
            for r in rows
        ],
        ["id", "name", "created", "last used", "state"],
        title=f"{len(rows)} tokens",
    )


@users_group.command("revoke-token")
@click.argument("token_id", type=int)
@db_option
@as_option
@format_option()
def revoke_token_command(token_id, db, as_user, fmt) -> None:
    """Revoke the API token TOKEN_ID (see 'redes users tokens')."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        found = accounts.revoke_token(s, token_id)
    if not found:
        raise click.ClickException(f"no API token {token_id}")
    audit(store, "token.revoke", target=str(token_id))
    if fmt == "json":
        echo_json({"id": token_id, "revoked": True})
    else:
        click.echo(f"API token {token_id} revoked")


# --- groups --------------------------------------------------------------------------------


@click.group("groups")
def groups_group() -> None:
    """Groups of users, to grant collections to several people at once (admins only)."""


@groups_group.command("add")
@click.argument("name")
@db_option
@as_option
@format_option()
@refusals
def group_add_command(name, db, as_user, fmt) -> None:
    """Add the group NAME."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        name = accounts.add_group(s, name).name
    audit(store, "group.create", target=name)
    if fmt == "json":
        echo_json({"group": name})
    else:
        click.echo(f"added group {name}")


@groups_group.command("list")
@db_option
@as_option
@format_option()
def group_list_command(db, as_user, fmt) -> None:
    """Groups with their members."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        rows = [
            {"group": g.name, "members": accounts.group_members(s, g.name)} for g in accounts.list_groups(s)
        ]
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [(r["group"], ", ".join(r["members"])) for r in rows],
        ["group", "members"],
        title=f"{len(rows)} groups",
    )


@groups_group.command("members")
@click.argument("name")
@db_option
@as_option
@format_option()
@refusals
def group_members_command(name, db, as_user, fmt) -> None:
    """The members of the group NAME."""
    store = _admin(db, as_user)
    with unrestricted(store).session() as s:
        members = accounts.group_members(s, name)
    if fmt == "json":
        echo_json(members)
        return
    for m in members:
        click.echo(m)


def _membership(name: str, action: str, doc: str, join: bool):
    @groups_group.command(name, help=doc)
    @click.argument("group")
    @click.argument("usernames", nargs=-1, required=True)
    @db_option
    @as_option
    @format_option()
    @refusals
    def command(group, usernames, db, as_user, fmt) -> None:
        store = _admin(db, as_user)
        with unrestricted(store).session() as s:
            for username in usernames:
                if join:
                    accounts.add_member(s, group, username)
                else:
                    accounts.remove_member(s, group, username)
        for username in usernames:
            audit(store, action, target=accounts.normalize_username(group), detail={"user": username})
        if fmt == "json":
            echo_json({"group": group, "joined" if join else "left": list(usernames)})
        else:
            click.echo(f"{group}: {' '.join(usernames)} {'added' if join else 'removed'}")

    return command


_membership("join", "group.add", "Add the users USERNAMES to GROUP.", True)
_membership("leave", "group.remove", "Take the users USERNAMES out of GROUP.", False)


COMMANDS = [users_group, groups_group]
