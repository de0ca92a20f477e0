"""Years and calendar dates stated in English and Spanish text, by regex.

dateparser is accurate but costs milliseconds per call; relation extraction needs the
year of a sentence thousands of times per second, so the common written forms are
matched directly: "in 2015", "Since 2014", "February 27, 2015", "the 20th of September
2011", "Feb. 22", "el 20 de septiembre de 2011", "en mayo del 2016", "del 1º de octubre
del 2024".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    # English, full and abbreviated
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|º|°|o)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
# A year on its own: not part of a longer number, an amount or a phone number.
YEAR_RE = re.compile(r"(?<![\w$€.,/-])(?:1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)")

_DATE_RES = [
    # February 27, 2015 / Feb. 22 / February 2015
    re.compile(rf"(?i)\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b"),
    # the 27th of February, 2015 / 27 February 2015
    re.compile(rf"(?i)\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    # 20 de septiembre de 2011 / 1º de octubre del 2024 / 20 de febrero
    re.compile(rf"(?i)\b{_DAY}\s+de\s+{_MONTH}(?:\s+(?:de|del)\s+{_YEAR})?\b"),
    # mayo del 2016 / May 2021 / agosto de 2018
    re.compile(rf"(?i)\b{_MONTH}\s+(?:(?:de|del)\s+)?{_YEAR}\b"),
]


@dataclass(slots=True, frozen=True)
class DateMatch:
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self, default_year: int | None = None) -> str | None:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None without any year."""
        year = self.year or default_year
        if year is None:
            return None
        if self.month and self.day:
            return f"{year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{year:04d}-{self.month:02d}"
        return f"{year:04d}"


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Dates and bare years in ``text[start:end]``, non-overlapping, in text order."""
    end = len(text) if end is None else end
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for rx in _DATE_RES:
        for m in rx.finditer(text, start, end):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            gd = m.groupdict()
            day = int(gd["day"]) if gd.get("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            year = int(gd["year"]) if gd.get("year") else None
            found.append(DateMatch(m.start(), m.end(), year, MONTHS[gd["month"].lower()], day))
            taken.append((m.start(), m.end()))
    for m in YEAR_RE.finditer(text, start, end):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            found.append(DateMatch(m.start(), m.end(), int(m.group())))
    found.sort(key=lambda d: d.start)
    return found


def years(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(offset, year) of every year written in ``text[start:end]``."""
    end = len(text) if end is None else end
    return [(m.start(), int(m.group())) for m in YEAR_RE.finditer(text, start, end)]


def nearest_year(text: str, pos: int, start: int = 0, end: int | None = None) -> int | None:
    """The year written closest to offset ``pos`` within ``text[start:end]``."""
    best: tuple[int, int] | None = None
    for off, year in years(text, start, end):
        dist = abs(off - pos)
        if best is None or dist < best[0]:
            best = (dist, year)
    return best[1] if best else None


def document_date(text: str, head: int = 600) -> DateMatch | None:
    """The first full date in the opening of a document (a dateline), if any."""
    for d in find_dates(text, 0, min(len(text), head)):
        if d.year and d.month:
            return d
    return None
