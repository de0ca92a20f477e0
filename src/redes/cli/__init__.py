"""The ``redes`` command line: a thin shell over the library.

Each module in this package adds its commands by listing them in ``COMMANDS``; the main
group finds them, so command groups live in files named for what they do. A command's
module is imported when the command runs: ``redes --help`` lists every command from its
source (``commands.index``), without importing igraph, SQLAlchemy or the extractors.
"""

from __future__ import annotations

import importlib

import click

from redes import __version__
from redes.cli.commands import index
from redes.cli.errors import debugging, one_line


class LazyGroup(click.Group):
    """The top-level group: commands found in the package's modules, loaded when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(index())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        found = index().get(name)
        if found is None:
            return None
        module = importlib.import_module(f"{__name__}.{found.module}")
        return next(c for c in module.COMMANDS if c.name == name)

    def invoke(self, ctx: click.Context):
        # Every error path ends here as one line with exit status 1 (click's own usage
        # errors keep status 2); a traceback is for REDES_DEBUG=1 only.
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click says these itself; it turns Ctrl-C into "Aborted!"
        except BrokenPipeError:
            # ``redes ... | head``: the reader has what it wanted.
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if debugging():
                raise
            raise click.ClickException(one_line(exc)) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As click lays them out, from stand-ins with the same help (nothing imported).
        listed = index()
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name in listed)
        rows = [
            (name, click.Command(name, help=c.help, short_help=c.short_help).get_short_help_str(limit))
            for name, c in sorted(listed.items())
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redes")
def cli() -> None:
    """redes: an intelligence workbench for organized-crime networks."""


def main() -> None:
    from redes.runtime import collect_less

    collect_less()
    cli(prog_name="redes")
