"""``redes train`` and ``redes eval``: the learned extraction stages and their measure.

    redes train [--shared DIR] [--out DIR] [--check]
    redes eval  [--shared DIR] [--jobs N] [--json FILE]

Both read the annotated corpus (``<shared>/eval`` and ``<shared>/corpus``; ``$REDES_SHARED``
or the ``shared`` folder beside the repository by default). ``redes extract`` never does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from redes.cli.common import EXIT_FAILED, EXIT_USAGE

_SHARED = click.option(
    "--shared",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    envvar="REDES_SHARED",
    help="Folder with eval/ (gold annotations) and corpus/ (texts).",
)


@click.command("train")
@_SHARED
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the models (default: the package's own models folder).",
)
@click.option("--check", is_flag=True, help="Train, and compare with the shipped models instead of writing.")
def train_command(shared: Path | None, out: Path | None, check: bool) -> None:
    """Train the entity tagger and the relation classifier on every annotated document."""
    import tempfile

    from redes.extract.models import DIR
    from redes.train.corpus import CorpusError, load
    from redes.train.models import train_models, write

    try:
        docs = load(shared)
    except CorpusError as exc:
        click.echo(f"redes train: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    models = train_models(docs, log=lambda msg: click.echo(msg, err=True))
    if check:
        with tempfile.TemporaryDirectory() as tmp:
            manifest = write(models, docs, Path(tmp))
            differ = [
                name
                for name in manifest["files"]  # type: ignore[union-attr]
                if (Path(tmp) / name).read_bytes() != (DIR / name).read_bytes()
                if (DIR / name).is_file()
            ]
            missing = [name for name in manifest["files"] if not (DIR / name).is_file()]  # type: ignore[union-attr]
        if differ or missing:
            click.echo(f"differ from the shipped models: {', '.join(differ + missing)}")
            sys.exit(EXIT_FAILED)
        click.echo(f"the shipped models are reproduced bit for bit ({len(manifest['files'])} files)")  # type: ignore[arg-type]
        return
    target = out or DIR
    manifest = write(models, docs, target)
    click.echo(f"wrote {', '.join(manifest['files'])} to {target}")  # type: ignore[arg-type]
    click.echo(f"training data sha256 {manifest['training_data_sha256']}")


@click.command("eval")
@_SHARED
@click.option(
    "--jobs", "-j", default=2, show_default=True, type=click.IntRange(1), help="Folds trained at once."
)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write scores as JSON."
)
def eval_command(shared: Path | None, jobs: int, json_path: Path | None) -> None:
    """5-fold cross-validation of the learned stages, next to the rules alone."""
    from redes.train.corpus import CorpusError
    from redes.train.evaluate import main

    args = ["--jobs", str(jobs)]
    if shared:
        args += ["--shared", str(shared)]
    if json_path:
        args += ["--json", str(json_path)]
    try:
        sys.exit(main(args))
    except CorpusError as exc:
        click.echo(f"redes eval: {exc}", err=True)
        sys.exit(EXIT_USAGE)


COMMANDS = [train_command, eval_command]
