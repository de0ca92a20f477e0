"""``redes serve``: the web workbench."""

from __future__ import annotations

import click

from redes.cli.common import db_option, store_for


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. Any address but loopback needs TLS or --behind-proxy, and sign-in.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--ssl-certfile", type=click.Path(exists=True, dir_okay=False), help="TLS certificate (PEM).")
@click.option("--ssl-keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS private key (PEM).")
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="A TLS-terminating reverse proxy (Caddy, nginx) forwards to this server: trust its "
    "X-Forwarded-For/-Proto from 127.0.0.1, secure cookies, no owner mode.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Another host name the server answers to (the proxy's public name). Repeatable.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes serving requests at once (default: one per core, at most 4).",
)
@db_option
def serve_command(host, port, ssl_certfile, ssl_keyfile, behind_proxy, allowed_hosts, workers, db) -> None:
    """Run the web workbench (search, dossiers, network, maps, review) and print its URL.

    With no user account, a loopback server opens for its owner without signing in, and
    prints a one-time link that creates the first administrator (never a default password).
    """
    from redes.web import ServeRefused, default_workers, serve

    store_for(db).close()  # a clear error for a bad --db before the server starts
    try:
        serve(
            db=db,
            host=host,
            port=port,
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
            behind_proxy=behind_proxy,
            allowed_hosts=list(allowed_hosts),
            workers=workers or default_workers(),
        )
    except ServeRefused as exc:
        raise click.UsageError(str(exc)) from exc


COMMANDS = [serve_command]
