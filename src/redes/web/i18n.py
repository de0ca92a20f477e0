"""The interface's language in the workbench: chosen in the navigation bar (a cookie),
else the browser's ``Accept-Language``; gettext for the templates (``jinja2.ext.i18n``)
and Jinja filters for numbers, money, dates and the vocabularies' labels
(``redes.i18n``). Ingested text goes through none of them."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from jinja2 import Environment

from redes.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    labels,
    locale,
    negotiate,
    phrases,
    templating,
    translations,
)
from redes.kb.render import phrase

COOKIE = "redes_lang"
COOKIE_AGE = 365 * 24 * 3600
MAX_NEXT = 2000

router = APIRouter(include_in_schema=False)


def N_(message: str) -> str:
    """Marks a message for the catalogue (tools/i18n.py extracts it); translated where shown."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for the catalogue (like ``ngettext``); the page scripts
    choose the form by count (``redes.tn``)."""
    return singular, plural


# What the page scripts write themselves (common.js reads them from the page as JSON).
SCRIPT_STRINGS = (
    N_("Disruption curves"),
    N_("nodes removed"),
    N_("Running…"),
    N_("strategy"),
    N_("removed, in order"),
    N_("events"),
    N_("deaths"),
    N_("ties"),
    N_("community"),
    N_("documents"),
    N_("entities"),
    N_("claims"),
    N_("Claim {status} (decision {n})."),
    N_("Could not record the decision: {error}"),
    N_("(undone)"),
    N_("it comes undone at the next rebuild"),
    N_("the claim is {status} again"),
    N_("Decision {n} taken back: {then}."),
    N_("Could not undo: {error}"),
    N_("Done: {kind} {entity}{extra} (decision {n})."),
    N_("Refused: {error}."),
    N_("new entity {name}"),
    N_("Candidates:"),
    N_("{year}: {events}, {claims}"),
    N_("Left out: {notes}."),
    N_("{n} {reason}"),
    N_("{events}, {deaths}"),
    N_("The presence map could not be drawn: {error}"),
    N_("The heat map could not be drawn: {error}"),
    N_("The ego network could not be drawn: {error}"),
    N_("open"),
    N_("imported: {imported}, already there: {existing}, bad: {bad}"),
    N_("Rebuilding…"),
    N_("{documents}, {entities}, {claims}; {judgements}."),
    N_("Rebuild failed: {error}"),
    N_("No notes yet."),
    N_("Could not load the notes: {error}"),
    N_("Note added."),
    N_("Could not add the note: {error}"),
    N_("Nothing added by hand."),
    N_("Could not load what was added by hand: {error}"),
    N_("Added (decision {n})."),
    N_("Tick the claims to decide first."),
    N_("Could not save: {error}"),
    N_("Could not delete: {error}"),
    N_("No relations to draw."),
    N_("more quotes"),
    N_("The quotes could not be loaded: {error}"),
    # The network page (network.js, linkchart.js, graph.js).
    N_("people, groups, state bodies and officials"),
    N_("the criminal network (people and groups)"),
    N_("{view}: {nodes}, {edges}, {communities} (modularity {modularity})"),
    N_("; only the best-connected nodes are drawn"),
    N_("The graph could not be loaded: {error}"),
    N_("Group {n}"),
    N_("{type} · {group}{ties}"),
    N_("Expand"),
    N_("Expanding…"),
    N_("Added {nodes} and {ties}"),
    N_(" (the {cap} best connected of {total} neighbours)"),
    N_("Could not expand: {error}"),
    N_("Pin"),
    N_("Unpin"),
    N_("Hide"),
    N_("{name} is hidden."),
    N_("Path from here"),
    N_("Path to here"),
    N_("Show hidden"),
    N_("Show hidden ({n})"),
    N_("No node of that name in the chart."),
    N_("No brokers."),
    N_("No official or state body is tied to a criminal group under these filters."),
    N_("Their ties are drawn dashed green in the chart."),
    N_("Tick “state bodies and officials” to draw them in the chart."),
    N_("Searching…"),
    N_("No path between them under these filters."),
    N_("Show in chart"),
    N_("Path {i}: {hops}"),
    N_("thick outline: a leader · node size: "),
    N_(" · edge width: documents behind the tie"),
)

# Counts the page scripts write: (singular, plural) pairs, the form chosen by the number.
SCRIPT_PLURALS = (
    NP_("{n} node", "{n} nodes"),
    NP_("{n} edge", "{n} edges"),
    NP_("{n} community", "{n} communities"),
    NP_("{n} tie shown", "{n} ties shown"),
    NP_("{n} tie", "{n} ties"),
    NP_("{n} doc", "{n} docs"),
    NP_("{n} hop", "{n} hops"),
    NP_("{n} smaller group ({size})", "{n} smaller groups ({size})"),
    NP_("{n} event", "{n} events"),
    NP_("{n} claim", "{n} claims"),
    NP_("{n} document", "{n} documents"),
    NP_("{n} entity", "{n} entities"),
    NP_("{n} review decision re-applied", "{n} review decisions re-applied"),
    NP_("{file}: {n} row read", "{file}: {n} rows read"),
    NP_("{n} claim accepted{left}.", "{n} claims accepted{left}."),
    NP_("{n} claim rejected{left}.", "{n} claims rejected{left}."),
    NP_("; {n} left for review (other sentences support it)", "; {n} left for review (other sentences support them)"),
    NP_("{n} death", "{n} deaths"),
    NP_("{n} state with evidence of {group} in {year}", "{n} states with evidence of {group} in {year}"),
    NP_("{n} event, {reason}", "{n} events, {reason}"),
    NP_(
        "{n} municipality with events (darker: more, log scale).",
        "{n} municipalities with events (darker: more, log scale).",
    ),
)

# Counts that pick out every plural category of a language (CLDR: one, few, many, other...);
# the scripts ask the browser's Intl.PluralRules for the category of theirs.
_PLURAL_SAMPLES = (0, 1, 2, 3, 5, 7, 11, 21, 22, 25, 101, 1_000_000)


def _plural_forms(lang: str, singular: str, plural: str) -> dict[str, str]:
    """The pair's translation for each plural category of ``lang`` (the gettext catalogue
    chooses by count; the category is CLDR's, which Babel's catalogues follow)."""
    rule, catalogue = locale(lang).plural_form, translations(lang)
    forms: dict[str, str] = {}
    for n in _PLURAL_SAMPLES:
        forms.setdefault(rule(n), catalogue.ngettext(singular, plural, n))
    return forms


# The language of the page being rendered: macros imported without context (and filters
# called from them) read it here.
_CURRENT: ContextVar[str] = ContextVar("redes_language", default=DEFAULT_LANGUAGE)


def request_language(request: Request) -> str:
    """The request's language, also made the current one for the page about to render."""
    # ?lang= first: the selector's links for visitors who are not signed in (the tip line
    # promises no cookie), then the cookie, then the browser's languages.
    chosen = request.query_params.get("lang") or request.cookies.get(COOKIE)
    lang = negotiate(chosen, request.headers.get("accept-language"))
    _CURRENT.set(lang)
    return lang


def _lang(ctx: Any) -> str:
    return ctx.get("lang") or _CURRENT.get()


def script_strings(lang: str) -> dict[str, Any]:
    """The page scripts' strings, plural forms and the vocabularies' labels in ``lang``."""
    return {
        "lang": lang,
        "strings": {s: translations(lang).gettext(s) for s in SCRIPT_STRINGS},
        "plurals": {one: _plural_forms(lang, one, many) for one, many in SCRIPT_PLURALS},
        "labels": labels(lang),
    }


def install(env: Environment) -> None:
    """gettext and the formatting filters on ``env`` (``redes.i18n.templating``), in the
    page's ``lang`` or the request's; the language list and the scripts' strings."""
    templating.install(env, fallback=_CURRENT.get)
    env.globals.update(languages=LANGUAGES)


def phrase_in(lang: str) -> Callable[[dict[str, Any]], str]:
    """A dossier line in words in ``lang`` (for the timeline chart's labels)."""
    return partial(phrases.phrase, lang=lang, english=phrase)


def _local(target: str | None) -> str:
    """``target`` when it is a path on this site, else the home page (no open redirect)."""
    target = target or "/"
    parts = urlsplit(target)
    # "//host" and "/\\host" are other sites to a browser.
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return "/"
    return target


@router.get("/language/{code}/strings.js")
def strings_script(code: Annotated[str, Path(max_length=8)]) -> Response:
    """The scripts' strings of a language as a script that sets ``window.REDES_I18N``
    (the CSP allows no inline script): one cached file, not 12 KB in every page."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}: choose one of {', '.join(LANGUAGES)}")
    # ASCII JSON is a valid JavaScript literal (U+2028 and U+2029 escaped too).
    body = f"window.REDES_I18N = {json.dumps(script_strings(code), ensure_ascii=True)};\n"
    return Response(
        body,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},  # the page asks for it with ?v=version
    )


@router.get("/language/{code}")
def choose_language(
    request: Request,
    code: Annotated[str, Path(max_length=8)],
    next: Annotated[str | None, Query(max_length=MAX_NEXT)] = None,
) -> RedirectResponse:
    """Remember the reader's language (a cookie) and go back to the page they were on."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}: choose one of {', '.join(LANGUAGES)}")
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        COOKIE,
        code,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="lax",
        secure=request.app.state.auth.secure_cookies,
    )
    return response
