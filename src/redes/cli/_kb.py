"""Error handling shared by the knowledge-base commands (not a command module)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from redes.cli.common import EXIT_FAILED
from redes.kb import LookupFailed
from redes.store import Busy


@contextmanager
def kb_errors() -> Iterator[None]:
    """Unknown or ambiguous names, refused review requests and decisions that waited too
    long for a rebuild exit with status 1 and say why; an ambiguous name lists its
    candidates."""
    try:
        yield
    except LookupFailed as exc:
        click.echo(f"Error: {exc}", err=True)
        for c in exc.candidates:
            n = c.get("mentions", 0)
            click.echo(f"  {c['id']}  {c['name']} ({c['type']}, {n} mention{'s' * (n != 1)})", err=True)
        raise SystemExit(EXIT_FAILED) from None
    except (LookupError, ValueError, PermissionError, Busy) as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(EXIT_FAILED) from None
