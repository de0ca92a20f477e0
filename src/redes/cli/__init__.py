"""The ``redes`` command line: a thin shell over the library.

Each module in this package adds its commands by listing them in ``COMMANDS``; the
main group discovers them, so command groups live in files named for what they do.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from redes import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redes")
def cli() -> None:
    """redes: an intelligence workbench for organized-crime networks."""


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="redes")
