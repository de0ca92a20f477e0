"""Locale-aware display of numbers, money, dates and the knowledge base's coded values,
for the web pages (Jinja filters) and the CLI's human output. JSON output keeps the raw
values: these are for people only.

Babel does the locale work (CLDR data): "US$15,000,000" in English, "15.000.000 US$" in
Spanish; "5 Dec 2026" / "5 dic 2026".
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime as DateTime
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

from redes.i18n import DEFAULT_LANGUAGE, label, locale

__all__ = ["date", "datetime", "money", "number", "percent", "precision", "left_out", "value"]

_MONEY = re.compile(r"^\s*([A-Z]{3})\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_MIN_PRECISION = re.compile(r"^where_prec above (\d+)")


def number(value: float | int | None, lang: str = DEFAULT_LANGUAGE, digits: int | None = None) -> str:
    """1234567 -> "1,234,567" / "1.234.567"; ``digits``: a fixed number of decimals."""
    if value is None:
        return ""
    fmt = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=locale(lang))


def percent(value: float | None, lang: str = DEFAULT_LANGUAGE, digits: int = 0) -> str:
    """0.905423 -> "91%" (``digits`` decimals: "90.5%")."""
    if value is None:
        return ""
    loc = locale(lang)
    fmt = loc.percent_formats[None].pattern  # the locale's own ("#,##0 %" in Spanish)
    if digits:
        fmt = fmt.replace("0", "0." + "0" * digits, 1)
    return format_percent(value, format=fmt, locale=loc)


def money(amount: float | int | Decimal | str, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """An amount in ``currency`` (ISO 4217), without cents when it has none."""
    loc = locale(lang)
    value = Decimal(str(amount))
    pattern = loc.currency_formats["standard"].pattern
    if value == value.to_integral_value():
        pattern = pattern.replace(".00", "")
    out = format_currency(value, currency, format=pattern, locale=loc, currency_digits=False)
    # Where the locale writes dollars as a bare "$", say which: in Mexican sources "$" is
    # as often pesos.
    if currency == "USD" and get_currency_symbol(currency, loc) == "$":
        out = out.replace("$", "US$", 1)
    return out


def date(value: Date | DateTime | str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date ("2015-05-01", a date, a datetime) as the locale writes it ("1 May 2015" /
    "1 may 2015"); a month "2015-05" as "May 2015"; a year, or anything else, as given."""
    if value is None or value == "":
        return ""
    if isinstance(value, DateTime):
        value = value.date()
    if isinstance(value, Date):
        return format_date(value, format="medium", locale=locale(lang))
    text = str(value)
    try:
        if m := _DAY.match(text):
            return format_date(Date(int(m[1]), int(m[2]), int(m[3])), format="medium", locale=locale(lang))
        if m := _MONTH.match(text):
            return format_date(Date(int(m[1]), int(m[2]), 1), format="LLLL y", locale=locale(lang))
    except ValueError:
        pass
    if text[:10] != text and _DAY.match(text[:10]):
        try:
            return datetime(DateTime.fromisoformat(text), lang)
        except ValueError:
            pass
    return text


def datetime(value: DateTime | str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A moment to the minute ("5 Dec 2026, 16:54"): seconds and microseconds are noise."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = DateTime.fromisoformat(value)
        except ValueError:
            return value
    return format_datetime(value, format="d MMM y, HH:mm", locale=locale(lang))


def value(predicate: str, raw: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An attribute claim's value for reading: a reward's amount as money, a date as a
    date, an age as a number; anything else as stored."""
    if raw is None:
        return ""
    text = str(raw)
    if predicate == "reward" and (m := _MONEY.match(text)):
        try:
            return money(Decimal(m[2].replace(",", "")), m[1], lang)
        except (InvalidOperation, ValueError):
            return text
    if predicate in ("died", "founded"):
        return date(text, lang)
    if predicate == "nationality":  # an ISO country code: the country's name
        return locale(lang).territories.get(text.upper(), text)
    return text


def precision(code: int | None, source: str = "ged", lang: str = DEFAULT_LANGUAGE) -> str:
    """A conflict event's location precision in words (GED ``where_prec`` 1-7, ACLED
    ``geo_precision`` 1-3)."""
    if code is None:
        return ""
    kind = "acled_precision" if source == "acled" else "ged_precision"
    return label(kind, code, lang)


def left_out(reason: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why events were left out of a count, in words: the summaries' reasons are keys of
    their JSON output (they name the source's columns) and stay as they are there."""
    if m := _MIN_PRECISION.match(reason):
        words = {
            "en": "located less precisely than “{}”",
            "es": "ubicados con menos precisión que «{}»",
        }
        return words.get(lang, words["en"]).format(precision(int(m[1]), "ged", lang))
    return label("left_out", reason, lang)
