"""Dossiers on paper: the print view (HTML) and its PDF, rendered by WeasyPrint.

The print view is the workbench's own template (``dossier_print.html``, beside the
dossier page's and sharing its macros), loaded from the package's folder so that the
library does not import the web shell. Every line carries all its evidence quotes and
numbered citations, [1], [2]..., into the list of sources at the end (title, publisher,
date, web address). The print style sheet (``static/css/print.css``) sets the pages:
margins, running title, page numbers.

Rendering never reaches the network: WeasyPrint's URL fetcher reads only files under the
package's ``static`` folder and refuses every other address, so a web address in an
ingested document (which is escaped text anyway) is never fetched.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from redes import __version__
from redes.i18n import DEFAULT_LANGUAGE, LANGUAGES, templating
from redes.kb.template_helpers import relation_parts, strength

WEB = Path(str(resources.files("redes"))) / "web"
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"
TEMPLATE = "dossier_print.html"
STYLESHEET = "css/print.css"
# Quotes per line in a print view or PDF asked from the web: all of them but for the most
# corroborated lines of a hub (thousands of quotes are hundreds of pages and minutes of
# layout in a server's worker); the line then says how many more there are.
WEB_QUOTES = 200
MISSING = (
    "PDF export needs WeasyPrint and Pango: pip install weasyprint, "
    "and apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)


# The language of the print view being rendered: the shared macros are imported without
# the template's context, so their words (and the dossier's lines) read it here.
_LANG: ContextVar[str] = ContextVar("redes_print_language", default=DEFAULT_LANGUAGE)


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the Pango library it draws text with, is not installed."""


@cache
def environment() -> Environment:
    """The same settings as the workbench's templates (``redes.web.pages``)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name: ingested text is hostile
        auto_reload=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, relation_parts=relation_parts, strength=strength)
    templating.install(env, fallback=_LANG.get)  # the context's lang, else the one being rendered
    return env


def print_html(
    d: dict[str, Any],
    stylesheet: str | None = None,
    links: Sequence[tuple[str, str]] = (),
    printed: datetime | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The print view of the dossier ``d`` (``kb.dossier(..., quotes=None)``: with every
    quote) in the language ``lang`` (``redes.i18n.LANGUAGES``). ``stylesheet``: the print
    style sheet's address (default: the package's file); ``links``: (href, label) pairs of
    a toolbar shown on screen only, the labels translated here."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    when = (printed or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    token = _LANG.set(lang)
    try:
        return (
            environment()
            .get_template(TEMPLATE)
            .render(
                d=d,
                lang=lang,
                stylesheet=stylesheet if stylesheet is not None else (STATIC / STYLESHEET).as_uri(),
                links=list(links),
                printed=when,
            )
        )
    finally:
        _LANG.reset(token)


def dossier_pdf(
    d: dict[str, Any], base_url: str | None = None, url_fetcher: Any = None, lang: str = DEFAULT_LANGUAGE
) -> bytes:
    """The dossier ``d`` as a PDF in the language ``lang``. ``base_url``: where the workbench's own links
    (``/entity/…``) point in the PDF, e.g. the server the PDF was asked from; without it
    they are left relative. ``url_fetcher``: one from ``fetcher()`` (default: a new one).
    Raises ``PdfUnavailable`` when WeasyPrint or Pango is missing."""
    weasyprint = _weasyprint()
    html = print_html(d, lang=lang)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher or fetcher())
    return document.write_pdf()


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there, Pango is not
        raise PdfUnavailable(MISSING) from exc
    return weasyprint


class RefusedURL(ValueError):
    """An address outside the package's static files: never fetched."""


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackageFetcher(URLFetcher):
        """Reads the package's static files; refuses anything else (WeasyPrint then
        renders without it and logs a warning). ``refused`` lists what was asked for."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            path = static_file(url)
            if path is None:
                self.refused.append(url)
                raise RefusedURL(f"not fetched (PDF rendering stays offline): {url[:200]}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return PackageFetcher


def static_file(url: str) -> Path | None:
    """The file under the package's ``static`` folder that the ``file:`` address ``url``
    names, or None for any other address (another scheme, a host, a path outside)."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    root = STATIC.resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def fetcher():
    """A URL fetcher of the kind ``dossier_pdf`` uses (for tests and callers that render
    other print views)."""
    _weasyprint()
    return _fetcher_class()()
