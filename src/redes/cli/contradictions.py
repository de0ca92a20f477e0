"""``redes contradictions``: conflicting values of single-valued facts."""

from __future__ import annotations

import click

from redes.cli._kb import kb_errors
from redes.cli.common import as_option, db_option, echo_json, format_option, open_for
from redes.i18n import label
from redes.kb import contradictions
from redes.kb.conflicts import KINDS
from redes.kb.render import where


@click.command("contradictions")
@click.option("--entity", help="Only contradictions about this entity (name, alias or id).")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of contradiction.")
@db_option
@as_option
@format_option()
def contradictions_command(entity, kind, db, as_user, fmt) -> None:
    """Conflicting founding years, deaths, activity after death, rewards and ages, with
    the evidence on each side."""
    with kb_errors():
        found = contradictions(open_for(db, as_user), entity=entity, kind=kind)
    if fmt == "json":
        echo_json(found)
        return
    if not found:
        click.echo("no contradictions found")
        return
    for c in found:
        click.echo(f"{c['summary']}  [{label('conflict', c['kind'])}]")
        for side in c["sides"]:
            click.echo(f"  {side['value']}:")
            for ev in side["evidence"]:
                click.echo(f"    - ({where(ev['document'])}) “{' '.join(ev['quote'].split())}”")
        click.echo()
    click.echo(f"{len(found)} contradiction{'s' * (len(found) != 1)}")


COMMANDS = [contradictions_command]
