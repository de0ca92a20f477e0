"""Options and output helpers shared by every command."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from redes.cli.errors import one_line
from redes.store import DEFAULT_DB, Store, open_store

if TYPE_CHECKING:
    from redes.scale.cluster import Cluster, Inline

# Exit statuses: 0 success, 1 partial failure (some inputs failed), 2 usage error.
EXIT_FAILED = 1
EXIT_USAGE = 2


def db_option(f: Callable) -> Callable:
    return click.option(
        "--db",
        default=DEFAULT_DB,
        show_default=True,
        envvar="REDES_DB",
        help="SQLite file, or a postgresql://user:pass@host/db URL.",
    )(f)


def format_option(*choices: str) -> Callable[[Callable], Callable]:
    choices = choices or ("text", "json")

    def deco(f: Callable) -> Callable:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
            help="Output format.",
        )(f)

    return deco


def workers_options(work: str) -> Callable[[Callable], Callable]:
    """``--jobs N`` and ``--cluster ADDRESS``: where a command's per-document ``work``
    ("Extract", "Parse and extract") runs; open the runner with ``open_workers``."""

    def deco(f: Callable) -> Callable:
        f = click.option(
            "--cluster",
            metavar="ADDRESS",
            help=f"{work} on the workers of this Dask scheduler (tcp://HOST:8786) instead; "
            "see docs/scale.md.",
        )(f)
        return click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1, 64),
            default=1,
            show_default=True,
            help="Worker processes (a Dask cluster on this machine when more than 1).",
        )(f)

    return deco


@contextmanager
def open_workers(jobs: int, cluster: str | None) -> Iterator[Inline | Cluster]:
    """``redes.scale.cluster.workers(jobs, cluster)``, with a scheduler that cannot be reached
    as one error line, and the link to Dask's dashboard on stderr."""
    from redes.scale.cluster import workers

    with ExitStack() as stack:
        try:
            runner = stack.enter_context(workers(jobs, cluster))
        except (OSError, TimeoutError) as exc:
            where = f"reach the Dask scheduler at {cluster}" if cluster else f"start {jobs} Dask workers"
            raise click.ClickException(f"cannot {where}: {exc}") from None
        if runner.dashboard:
            click.echo(f"Dask dashboard: {runner.dashboard}", err=True)
        yield runner


def need_database(db: str) -> None:
    """Refuse a SQLite file that does not exist (a URL is the server's to answer for)."""
    if "://" in str(db) or str(db) == ":memory:":
        return
    if not os.path.exists(os.path.expanduser(str(db))):
        raise click.ClickException(
            f"no database at {db}: check --db (or REDES_DB); `redes ingest` or `redes demo` makes one"
        )


def store_for(db: str) -> Store:
    """The database as it is, unrestricted: for ``serve`` and ``demo``, which apply access
    control themselves. Every other command opens its store with ``open_for``."""
    try:
        store = open_store(db)
    except Exception as exc:  # a bad URL, an unreachable server, a file that is not SQLite
        raise click.ClickException(f"cannot open database {db!r}: {one_line(exc)}") from exc
    # Its connections close with the command, not when the process ends: a program (or a
    # test) that runs many commands in one process would hold a server's every slot.
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(store.close)
    return store


# --- who is running the command ------------------------------------------------------------

TOKEN_ENV = "REDES_TOKEN"
ORIGIN = "cli"


def as_option(f: Callable) -> Callable:
    return click.option(
        "--as",
        "as_user",
        metavar="USER",
        envvar="REDES_AS",
        help="Run as this user: only their collections, their role's rights (default: the owner "
        "of a SQLite file; required on PostgreSQL once users exist, or set REDES_TOKEN).",
    )(f)


def open_for(
    db: str,
    as_user: str | None = None,
    *,
    need: str | None = None,
    write: str | None = None,
    create: bool = False,
) -> Store:
    """Open the database for the person running the command, as a store restricted to what
    they may read (``store.scope`` says who they are). Every command but serve and demo
    opens its store here; this is the CLI's only access check.

    Who: the user of the API token in ``$REDES_TOKEN``, else ``--as USER``, else the owner
    (everything) on a SQLite file or on a PostgreSQL database without users. A PostgreSQL
    database with users refuses a command that names nobody.

    ``need``: the least role the command needs ("viewer", "editor", "admin"; the owner has
    every role). ``write``: a collection the command writes to, which the user must be
    allowed to write; only admins (and the owner) may name a new one, which is created. A
    collection that exists but is not writable and one that does not exist get the same
    answer, so that a refusal does not tell that a hidden collection exists.

    ``create``: the command makes the database when the file is missing (ingest, events
    import); any other command refuses a missing file, so that a mistyped ``--db`` is not
    answered from a new, empty database.
    """
    if not create:
        need_database(db)

    store = store_for(db)
    try:
        with store.session() as s:
            scope = _scope(s, store, as_user, need, write)
    except click.ClickException:
        store.close()
        raise
    return store.scoped(scope)


def _scope(s, store: Store, as_user: str | None, need: str | None, write: str | None):
    from redes.access import OWNER, scope_for, users

    token = os.environ.get(TOKEN_ENV) or None
    user = None
    if token:
        user = users.user_for_token(s, token)
        if user is None:
            raise click.ClickException(
                f"${TOKEN_ENV} is not a valid API token here (unknown, revoked, or its user is disabled)"
            )
        if as_user and users.normalize_username(as_user) != user.username:
            raise click.ClickException(f"--as {as_user} is not the user of ${TOKEN_ENV}")
    elif as_user:
        user = users.get_user(s, as_user)
        if user is None:
            raise click.ClickException(f"no user {users.normalize_username(as_user)!r} in this database")
        if not user.active:
            raise click.ClickException(f"user {user.username!r} is disabled")
    elif store.dialect != "sqlite" and users.has_users(s):
        raise click.UsageError(
            f"this PostgreSQL database has user accounts: say who you are with --as USER "
            f"or ${TOKEN_ENV}=<API token> (see docs/security.md)"
        )
    scope = OWNER if user is None else scope_for(s, user)
    who = "the owner" if user is None else f"{user.username} ({user.role})"
    if need is not None and not scope.at_least(need):
        raise click.ClickException(f"{who} may not do this: it needs the {need} role")
    if write is not None:
        coll = store.collection(s, write, create=False)
        allowed = scope.at_least("admin") if coll is None else scope.can_write(coll.id)
        if not allowed:
            raise click.ClickException(
                f"{who} may not write to a collection named {write!r} "
                "(editors write to public collections and to those an admin grants them)"
            )
    return scope


def actor(store: Store) -> str:
    """The name the audit log knows the command's user by ("owner" for the owner)."""
    scope = store.scope
    return getattr(scope, "username", None) or "owner"


def acting_user(store: Store) -> str | None:
    """The user account behind the command, None for the owner."""
    scope = store.scope
    return scope.username if scope is not None and getattr(scope, "user_id", None) is not None else None


def unrestricted(store: Store) -> Store:
    """The same database without the read filter: for writes that must see everything
    (ingest's de-duplication and entity resolution) once ``open_for`` allowed them."""
    return store.scoped(None)


def audit(store: Store, action: str, target: str | None = None, detail: dict | None = None) -> None:
    """Append an event to the audit log, by the command's user, from "cli"."""
    from redes.access import audit as log

    with unrestricted(store).session() as s:
        log.record(s, action, actor(store), target=target, detail=detail, origin=ORIGIN)


def refusals(fn: Callable) -> Callable:
    """Library refusals (a bad name, a duplicate, the last admin) exit 1 with their reason."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


# Output that goes to a file or a pipe has no terminal width: Rich would lay tables out in
# 80 columns and cut words across lines. $COLUMNS still decides when it is set.
PIPE_WIDTH = 160


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() or os.environ.get("COLUMNS") else PIPE_WIDTH
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def echo_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(rows: Iterable[Sequence[Any]], columns: Sequence[str], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        # Text(), not markup: ingested strings such as "[1]" must print as they are.
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    console().print(table)
