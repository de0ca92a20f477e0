"""Every error path of the CLI prints one clear line and no traceback: every command is run
against a directory, a file that is not a database, and a missing file as its ``--db``, and
every command that writes a file is pointed at a folder that does not exist."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from redes.cli import cli
from redes.cli.errors import one_line

# Commands that would serve, build the demo or need ../shared when their database opens.
LONG_RUNNING = {"serve", "demo", "train", "eval"}


def _leaves() -> dict[str, click.Command]:
    out = {}

    def walk(cmd: click.Command, path: list[str]) -> None:
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), [*path, name])
        else:
            out[" ".join(path)] = cmd

    walk(cli, [])
    return out


LEAVES = _leaves()


def _arguments(cmd: click.Command, tmp: Path) -> list[str]:
    """A value for each required argument and option: a file that exists where a path must
    exist, a valid choice where there are choices."""
    given = tmp / "given.txt"
    given.write_text("El Mencho leads CJNG.\n", encoding="utf-8")
    args = []
    for p in cmd.params:
        if not p.required:
            continue
        if isinstance(p.type, click.Path):
            value = str(given)
        elif isinstance(p.type, click.Choice):
            value = str(p.type.choices[0])
        else:
            value = "x"
        args += [value] if isinstance(p, click.Argument) else [p.opts[0], value]
    return args


def _has(cmd: click.Command, name: str) -> bool:
    return any(p.name == name for p in cmd.params)


def _run(argv: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, argv, env={"REDES_TOKEN": None, "REDES_DEBUG": None})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(f"redes {' '.join(argv)} raised {result.exception!r}")
    return result.exit_code, result.output


def _assert_one_error_line(argv: list[str], code: int, output: str) -> None:
    assert "Traceback" not in output, argv
    assert code in (1, 2), (argv, code, output)
    lines = [line for line in output.splitlines() if line.strip()]
    if code == 2:  # click's usage error: the usage line, then its reason
        assert any(line.startswith("Error: ") for line in lines), (argv, output)
        return
    assert lines and lines[-1].startswith("Error: "), (argv, output)
    if code == 1:  # click's usage errors (2) come with the usage line above them
        assert len([line for line in lines if line.startswith("Error")]) == 1, (argv, output)
        assert "sqlalche.me" not in output, argv


@pytest.mark.parametrize("name", sorted(n for n, c in LEAVES.items() if _has(c, "db")))
def test_a_bad_database_is_one_error_line(name, tmp_path):
    cmd = LEAVES[name]
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("these are notes, not a database\n", encoding="utf-8")
    for db in (tmp_path, not_a_database):
        argv = [*name.split(), *_arguments(cmd, tmp_path), "--db", str(db)]
        code, output = _run(argv)
        _assert_one_error_line(argv, code, output)


@pytest.mark.parametrize(
    "name", sorted(n for n, c in LEAVES.items() if _has(c, "db") and n.split()[0] not in LONG_RUNNING)
)
def test_a_missing_database_is_refused_or_made_without_a_traceback(name, tmp_path):
    cmd = LEAVES[name]
    argv = [*name.split(), *_arguments(cmd, tmp_path), "--db", str(tmp_path / "typo.db")]
    code, output = _run(argv)
    assert "Traceback" not in output
    if code and "no database at" in output:
        _assert_one_error_line(argv, code, output)


WRITERS = sorted(
    n for n, c in LEAVES.items() if _has(c, "db") and _has(c, "output") and n.split()[0] not in LONG_RUNNING
)


@pytest.mark.parametrize("name", WRITERS)
def test_an_output_in_a_missing_folder_is_one_error_line(name, demo_db, tmp_path):
    cmd = LEAVES[name]
    out = tmp_path / "no" / "such" / "folder" / "out.txt"
    argv = [*name.split(), *_arguments(cmd, tmp_path), "--db", demo_db, "--output", str(out)]
    if name == "entity":
        argv[1] = "El Mencho"
    code, output = _run(argv)
    if code == 0:  # the command made the folder
        assert out.exists() or out.parent.exists(), argv
        return
    _assert_one_error_line(argv, code, output)


def test_writers_are_found():
    assert {"entity", "export"} <= set(WRITERS)


def test_one_line_keeps_the_reason_and_drops_the_internals():
    try:
        open("/nonexistent-folder/x.json", "w")
    except OSError as exc:
        assert one_line(exc) == "cannot use /nonexistent-folder/x.json: no such file or directory"
    import sqlalchemy

    engine = sqlalchemy.create_engine("sqlite://")
    with engine.connect() as c:
        try:
            c.execute(sqlalchemy.text("select * from missing_table"))
        except sqlalchemy.exc.DBAPIError as exc:
            assert one_line(exc) == "the database says: no such table: missing_table"
    assert one_line(KeyError("claims")) == "internal error (KeyError: claims); REDES_DEBUG=1 shows where"
    assert one_line(ValueError("an unknown relation: leadz\nsecond line")) == (
        "an unknown relation: leadz second line"
    )


def test_redes_debug_lets_the_exception_through(demo_db, tmp_path):
    argv = ["export", "ftm", "--db", demo_db, "--output", str(tmp_path / "no" / "x.json")]
    result = CliRunner().invoke(cli, argv, env={"REDES_DEBUG": "1", "REDES_TOKEN": None})
    assert isinstance(result.exception, FileNotFoundError)
    code, output = _run(argv)
    assert (
        code == 1
        and output.strip() == f"Error: cannot use {tmp_path / 'no' / 'x.json'}: no such file or directory"
    )
