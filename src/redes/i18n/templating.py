"""gettext and the formatting filters on a Jinja environment, for every renderer of the
shared templates (the workbench's pages, the dossier's print view and PDF). Each reads the
language from the template context's ``lang``, else from ``fallback``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, pass_context

from redes.i18n import DEFAULT_LANGUAGE, formats, label, phrases, translations


def install(env: Environment, fallback: Callable[[], str] = lambda: DEFAULT_LANGUAGE) -> None:
    """``{% trans %}``/``_()`` and the filters number, percent, date, datetime, label,
    claim_value, precision, left_out and span on ``env``; the dossier's ``relation_parts``
    global, when it has one, speaks the page's language too."""

    def lang_of(ctx: Any) -> str:
        return ctx.get("lang") or fallback()

    @pass_context
    def gettext(ctx: Any, message: str) -> str:
        return translations(lang_of(ctx)).gettext(message)

    @pass_context
    def ngettext(ctx: Any, singular: str, plural: str, n: int) -> str:
        return translations(lang_of(ctx)).ngettext(singular, plural, n)

    def in_lang(function: Callable[..., str]) -> Callable[..., str]:
        @pass_context
        def apply(ctx: Any, value: Any, *args: Any, **options: Any) -> str:
            return function(value, *args, lang=lang_of(ctx), **options)

        return apply

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    english = env.globals.get("relation_parts")
    if english is not None:
        env.globals["relation_parts"] = pass_context(
            lambda ctx, line: phrases.relation_parts(line, lang_of(ctx), english)
        )
    env.filters.update(
        number=in_lang(formats.number),
        percent=in_lang(formats.percent),
        date=in_lang(formats.date),
        datetime=in_lang(formats.datetime),
        label=in_lang(lambda value, kind="entity_type", *, lang: label(kind, value, lang)),
        claim_value=in_lang(lambda raw, predicate, *, lang: formats.value(predicate, raw, lang)),
        precision=in_lang(lambda code, source="ged", *, lang: formats.precision(code, source, lang)),
        left_out=in_lang(formats.left_out),
        span=in_lang(phrases.span),
    )
