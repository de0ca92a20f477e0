"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from redes.store import DEFAULT_DB, Store, open_store

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


def store_for(db: str) -> Store:
    try:
        return open_store(db)
    except Exception as exc:  # a bad URL, an unreachable server, a file that is not SQLite
        raise click.ClickException(f"cannot open database {db!r}: {exc}") from exc


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


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
