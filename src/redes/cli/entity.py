"""``redes entity``: an entity's dossier."""

from __future__ import annotations

import click

from redes.cli._kb import kb_errors
from redes.cli.common import as_option, audit, db_option, echo_json, format_option, open_for
from redes.i18n import DEFAULT_LANGUAGE, LANGUAGES
from redes.kb import dossier
from redes.kb.render import FORMATS


@click.command("entity")
@click.argument("name")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option(
    "--pdf",
    "pdf_path",
    type=click.Path(dir_okay=False),
    help="Write the dossier as a PDF to this file (every quote, numbered sources).",
)
@click.option(
    "--lang",
    type=click.Choice(list(LANGUAGES)),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="The language of the PDF's headings and wording (quotes and names stay as written).",
)
@click.option(
    "--as-of",
    type=click.IntRange(1000, 9999),
    metavar="YEAR",
    help="The dossier as of YEAR: what had ended by then is listed as past, what began later is left out.",
)
@db_option
@as_option
@format_option("text", "md", "html", "json")
def entity_command(name, output, pdf_path, lang, as_of, db, as_user, fmt) -> None:
    """Dossier of the entity NAME (a name, alias or id; case and accents are ignored):
    aliases, positions, relations with their sources, places, timeline, contradictions.

    An ambiguous name lists the candidates and exits with status 1."""
    store = open_for(db, as_user)
    with kb_errors():
        d = dossier(store, name, as_of=as_of)
    audit(store, "dossier.view", target=str(d.get("id")), detail={"asked": name})
    if pdf_path:
        _write_pdf(store, d, pdf_path, lang)
        return
    if fmt == "json" and not output:
        echo_json(d)
        return
    if fmt == "json":
        import json

        out = json.dumps(d, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        out = FORMATS[fmt](d)
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(out)
    else:
        click.echo(out, nl=False)


def _write_pdf(store, d, path: str, lang: str = DEFAULT_LANGUAGE) -> None:
    from redes.export.pdf import PdfUnavailable, dossier_pdf

    try:
        data = dossier_pdf(d, lang=lang)
    except PdfUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    audit(store, "export", target="pdf", detail={"entity": d["id"]})
    click.echo(f"wrote {path}: dossier of {d['name']}, {len(d['sources'])} sources", err=True)


COMMANDS = [entity_command]
