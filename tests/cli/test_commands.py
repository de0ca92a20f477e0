"""The command list that ``redes --help`` reads from the source is what importing every
command module gives: the same names, modules and help."""

from __future__ import annotations

import importlib
import subprocess
import sys

from click import Command
from click.testing import CliRunner

from redes.cli import cli
from redes.cli.commands import index


def _imported() -> dict[str, tuple[str, str]]:
    found = {}
    for listed in index().values():
        module = importlib.import_module(f"redes.cli.{listed.module}")
        for command in module.COMMANDS:
            found[command.name] = (listed.module, command.get_short_help_str(80))
    return found


def test_the_index_matches_the_commands():
    listed = index()
    imported = _imported()
    assert set(listed) == set(imported)
    for name, (module, short) in imported.items():
        stand_in = cli.get_command(None, name)
        assert stand_in is not None and listed[name].module == module
        assert (
            Command(name, help=listed[name].help, short_help=listed[name].short_help).get_short_help_str(80)
            == short
        ), name


def test_help_lists_every_command_and_runs_none():
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in index():
        assert f"  {name} " in out, name


def test_help_loads_no_library_behind_the_commands():
    """``redes --help`` answers at once: igraph (which imports matplotlib), SQLAlchemy and
    the extractors load when a command needs them, not to list the commands."""
    code = (
        "import sys\n"
        "from redes.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('igraph', 'matplotlib', 'sqlalchemy', 'numpy', 'rapidfuzz')\n"
        "print('HEAVY', [m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out, out
