"""``redes audit``: read the audit log, and check that nobody edited it.

``redes audit verify`` checks the hash chain, then compares the log with the checkpoint the
previous check left outside the database (a small JSON file, by default in
``$XDG_STATE_HOME/redes/``): rows cut off the end of the log, or a log rewritten with fresh
hashes, no longer match it. A chain without a checkpoint cannot show a cut end. Copy the
printed head hash somewhere else too (a notebook, a message to yourself) for a record that
someone with access to this machine cannot change.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from click.core import ParameterSource

from redes.access import audit as log
from redes.cli.common import (
    EXIT_FAILED,
    as_option,
    audit,
    db_option,
    echo_json,
    format_option,
    open_for,
    print_table,
    unrestricted,
)
from redes.i18n import formats
from redes.store.db import db_url

CHECKPOINT_ENV = "REDES_AUDIT_CHECKPOINT"
_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")


def parse_since(value: str | None) -> datetime | None:
    """'2026-01-31', '2026-01-31T12:00', or a span back from now: '30m', '12h', '7d', '2w'."""
    if not value:
        return None
    m = _RELATIVE.match(value.strip().lower())
    if m:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[m.group(2)]
        return datetime.now(UTC) - timedelta(**{unit: int(m.group(1))})
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            "a date (2026-01-31), a time (2026-01-31T12:00) or a span (12h, 7d)"
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@click.group("audit", invoke_without_command=True)
@click.option("--actor", help="Only events by this user ('owner' for the local owner).")
@click.option("--action", help="Only this action, or a family of them ('login' also finds 'login.failed').")
@click.option("--since", help="Only events since a date, a time, or a span back from now (12h, 7d).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@db_option
@as_option
@format_option()
@click.pass_context
def audit_group(ctx, actor, action, since, limit, db, as_user, fmt) -> None:
    """The audit log, newest first (admins only): sign-ins, failed sign-ins, searches,
    views, exports, review decisions, user and grant changes.

    'redes audit verify' checks that no row was edited, deleted or moved."""
    if ctx.invoked_subcommand is not None:
        # 'redes audit --db X verify' means the same as 'redes audit verify --db X'.
        ctx.obj = {"db": db, "as_user": as_user}
        return
    since_at = parse_since(since)
    store = open_for(db, as_user, need="admin")
    with unrestricted(store).session() as s:
        rows = log.events(s, actor=actor, action=action, since=since_at, limit=limit)
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [
            (
                r["id"],
                formats.datetime(r["at"]),
                r["actor"] or "-",
                r["action"],
                r["target"] or "",
                "" if not r["detail"] else json.dumps(r["detail"], ensure_ascii=False, sort_keys=True),
                r["origin"] or "",
            )
            for r in rows
        ],
        ["id", "when (UTC)", "actor", "action", "target", "detail", "from"],
        title=f"{len(rows)} events",
    )


def _database(db: str) -> str:
    """The database's identity for the checkpoint: a SQLite file's absolute path, a
    PostgreSQL URL without its password."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url(db))
    if url.get_backend_name() == "sqlite" and url.database:
        return "sqlite:///" + str(Path(url.database).expanduser().resolve())
    return url.set(password=None).render_as_string(hide_password=True)


def default_checkpoint(db: str) -> Path:
    if os.environ.get(CHECKPOINT_ENV):
        return Path(os.environ[CHECKPOINT_ENV])
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    key = hashlib.sha256(_database(db).encode()).hexdigest()[:16]
    return state / "redes" / f"audit-{key}.json"


@audit_group.command("verify")
@click.option(
    "--checkpoint",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Checkpoint file (default: ${CHECKPOINT_ENV}, or one per database in $XDG_STATE_HOME/redes).",
)
@click.option("--no-checkpoint", is_flag=True, help="Check the chain only; read and write no checkpoint.")
@db_option
@as_option
@format_option()
@click.pass_context
def verify_command(ctx, checkpoint, no_checkpoint, db, as_user, fmt) -> None:
    """Check the hash chain and the checkpoint of the last check; exit 1 when rows were
    edited, deleted, moved, or cut off the end. When all is well, record the check and
    move the checkpoint to the new end of the log."""
    parent = ctx.obj or {}
    if ctx.get_parameter_source("db") in (ParameterSource.DEFAULT, None) and parent.get("db"):
        db = parent["db"]
    as_user = as_user or parent.get("as_user")
    store = open_for(db, as_user, need="admin")
    path = None if no_checkpoint else checkpoint or default_checkpoint(db)
    previous = None
    if path is not None and path.exists():
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
            int(previous["last_id"]), int(previous["rows"]), str(previous["last_hash"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise click.ClickException(f"cannot read the checkpoint {path}: {exc}") from None
    with unrestricted(store).session() as s:
        problems = log.verify(s, previous)
        checked = log.head(s)
    if not problems:
        audit(store, "audit.verify", detail={"rows": checked["rows"], "last_hash": checked["last_hash"]})
        with unrestricted(store).session() as s:
            now = log.head(s)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            record = {"database": _database(db), "checked_at": datetime.now(UTC).isoformat(), **now}
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
            tmp.replace(path)
    else:
        now = checked
    if fmt == "json":
        echo_json(
            {
                "ok": not problems,
                "problems": problems,
                "head": now,
                "checkpoint": None if path is None else str(path),
                "previous_checkpoint": previous,
            }
        )
    else:
        if problems:
            click.echo(
                f"the audit log was tampered with ({len(problems)} problem{'s' * (len(problems) != 1)}):"
            )
            for p in problems:
                click.echo(f"  {p}")
        else:
            click.echo(f"audit log intact: {checked['rows']} rows, chain verified")
            if previous is None and path is not None:
                click.echo("no earlier checkpoint: rows cut off the end before now could not be detected")
            if path is not None:
                click.echo(f"checkpoint saved to {path}")
            else:
                click.echo("no checkpoint: rows cut off the end of the log cannot be detected")
            click.echo(f"head: row {now['last_id']}, {now['rows']} rows, hash {now['last_hash']}")
    if problems:
        raise SystemExit(EXIT_FAILED)


COMMANDS = [audit_group]
