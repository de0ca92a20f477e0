"""``redes serve``: the web workbench."""

from __future__ import annotations

import click

from redes.cli.common import db_option, store_for


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; 0.0.0.0 exposes the data to the whole network.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@db_option
def serve_command(host: str, port: int, db: str) -> None:
    """Run the web workbench (search, dossiers, network, maps, review) and print its URL."""
    from redes.web import serve

    store_for(db).close()  # a clear error for a bad --db before the server starts
    serve(db=db, host=host, port=port)


COMMANDS = [serve_command]
