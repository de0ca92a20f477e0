"""The workbench's languages: which one a reader gets, the gettext catalogues of its
interface, the display labels of the knowledge base's vocabularies (``labels.json``) and
locale-aware formatting of money, numbers, dates and percentages (``redes.i18n.formats``).

The catalogues are compiled ``.mo`` files shipped in the package (``locale/``), read with
Babel; nothing is downloaded at run time. Ingested text is never translated.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "label",
    "negotiate",
    "translations",
]

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
DOMAIN = "redes"
LOCALE_DIR = Path(str(resources.files("redes.i18n"))) / "locale"


def language(value: str | None) -> str | None:
    """``value`` when it names a language of the interface ("es", "es-MX", "ES"), else None."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def negotiate(chosen: str | None, accept_language: str | None) -> str:
    """The reader's language: the one they chose (a cookie), else the first of their
    browser's ``Accept-Language`` the interface speaks (by quality), else English."""
    if language(chosen):
        return language(chosen)  # type: ignore[return-value]
    offered: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = language(tag)
        if code and q > 0:
            offered.append((-q, i, code))
    return min(offered)[2] if offered else DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> NullTranslations:
    """The interface catalogue of ``lang`` (English: the messages themselves)."""
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


@lru_cache(maxsize=len(LANGUAGES))
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LANGUAGE)


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    with (Path(str(resources.files("redes.i18n"))) / "labels.json").open(encoding="utf-8") as f:
        data = json.load(f)
    data.pop("_comment", None)
    return data


def label(kind: str, key: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The display label of a stored value of vocabulary ``kind`` (``entity_type``,
    ``relation``, ``status``, ``strategy``, ``conflict``, ``ged_precision``, ...): the key
    with spaces for its underscores when the vocabulary has no label for it."""
    entry = _labels().get(kind, {}).get(str(key))
    if entry:
        return entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return str(key if key is not None else "").replace("_", " ")


def labels(
    lang: str,
    kinds: tuple[str, ...] = ("entity_type", "relation", "status", "strategy", "judgement", "left_out"),
) -> dict:
    """Every label of ``kinds`` in ``lang``, by key: for the page scripts."""
    out: dict[str, str] = {}
    for kind in kinds:
        for key in _labels().get(kind, {}):
            out[key] = label(kind, key, lang)
    return out
