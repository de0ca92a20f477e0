"""Publication dates in English and Spanish, as ISO strings that keep their precision."""

from __future__ import annotations

import re
from functools import lru_cache

_MONTHS_EN = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTHS_ES = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
_MON = rf"(?:{_MONTHS_EN}|{_MONTHS_ES}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"

# Date expressions, most specific first. Each match is handed to dateparser.
_DATE = re.compile(
    rf"""(?ix)
    \b(?:
        \d{{4}}-\d{{1,2}}-\d{{1,2}}                          # 2023-09-30
      | \d{{1,2}}/\d{{1,2}}/\d{{4}}                          # 09/30/2023
      | \d{{1,2}}\s+(?:de\s+)?{_MON}\s+(?:de\s+|del\s+)?\d{{4}}  # 23 de febrero de 2026, 2 June 2024
      | {_MON}\s+\d{{1,2}},?\s+\d{{4}}                       # September 18, 2023
      | {_MON}\s+(?:de\s+|del\s+)?\d{{4}}                    # July 2009, mayo de 2016
    )\b
    """
)
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@lru_cache(maxsize=4096)
def _parse(expr: str) -> str | None:
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False}
    parsed = dateparser.parse(expr, languages=["en", "es"], settings=settings)
    if parsed is None:
        return None
    has_day = bool(re.search(r"\d{1,2}\D+\d{1,2}\D+\d{4}|\d{4}-\d+-\d+|\b\d{1,2}\b(?!\d)", expr))
    if not has_day:
        return parsed.strftime("%Y-%m")
    return parsed.strftime("%Y-%m-%d")


def find_date(text: str) -> str | None:
    """The first date expression in ``text`` as an ISO date (YYYY-MM-DD or YYYY-MM)."""
    for m in _DATE.finditer(text):
        found = _parse(m.group(0))
        if found:
            return found
    return None


def parse_date(value: str) -> str | None:
    """Normalise a metadata date ("2023-09-18", "2009-07", "2009 (c. July)", "July 2009")."""
    value = value.strip()
    m = _ISO_PARTIAL.match(value)
    if m:
        year, month, day = m.groups()
        if month and not 1 <= int(month) <= 12:
            return year
        if day:
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{int(month):02d}" if month else year
    return find_date(value)
