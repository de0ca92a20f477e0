"""Small context tests shared by the rule stages: titles, quotes, citations, all-caps lines."""

from __future__ import annotations

import re

from redes.extract.tokens import Tokens

# Person titles and roles (folded). A capitalised word after one of these is a name.
TITLES = frozenset(
    """
    president presidente presidenta expresidente ex-presidente secretary secretario secretaria
    governor gobernador gobernadora gov gen general mr mrs ms miss dr dra doctor lic licenciado
    licenciada ing ingeniero judge juez jueza justice senator senador senadora sen rep representative
    congressman congresswoman diputado diputada mayor alcalde alcaldesa commissioner comisionado
    comisionada director directora administrator administradora ambassador embajador embajadora
    minister ministro ministra attorney fiscal agent sheriff chief jefe jefa commander comandante
    capitan captain capt lieutenant lt teniente coronel colonel col sergeant sgt sargento admiral
    almirante marshal officer prosecutor pope king queen prince don dona senor senora sr sra srta
    sir lord deputy undersecretary subsecretario subsecretaria coordinator coordinador coordinadora
    spokesman spokeswoman spokesperson vocero vocera portavoz head titular magistrate magistrado
    magistrada alias aka assistant deputy acting
    """.split()
)

# Words that may sit between a title and a name ("Secretary of State Antony Blinken").
TITLE_FILLERS = frozenset("of the for and de la del los las y acting assistant associate executive".split())

MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

OPEN_QUOTES = "\"“‘«'"
CLOSE_QUOTES = "\"”’»'"

_CITE_BEFORE = re.compile(r"[\"”’»]\s*,?\s*$|\)\s*,\s*$")
_CITE_AFTER = re.compile(
    r"^\s*[,.]\s*(?:\d|vol\b|no\b|pp?\b|(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre)\b)",
    re.I,
)


def title_before(tokens: Tokens, i: int, max_back: int = 6) -> bool:
    """True when a person title ends right before token i (fillers and caps titles allowed)."""
    k = i - 1
    steps = 0
    while k >= 0 and steps < max_back:
        if "\n" in tokens.gap(k + 1) or any(c in tokens.gap(k + 1) for c in ',;:()“”"'):
            return False
        w = tokens.words[k]
        if w in TITLES:
            return True
        if w in TITLE_FILLERS or (tokens.is_cap(k) and steps < 3):
            k -= 1
            steps += 1
            continue
        return False
    return False


def quoted(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is wrapped in quotes (allowing a comma before the close)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end : end + 2]
    return before in OPEN_QUOTES and bool(after) and (after[0] in CLOSE_QUOTES or after[:2] in (",”", ',"'))


def citation(text: str, start: int, end: int) -> bool:
    """True when the span sits where a citation names its publisher: after a quoted title
    (``“Title”, Outlet``) or before a date (``Outlet, 8 January 2021``)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 6) : start]
    if _CITE_BEFORE.search(before):
        return True
    return bool(_CITE_AFTER.match(text, end, min(len(text), end + 24)))


def upper_line(text: str, pos: int, cache: dict[int, bool]) -> bool:
    """True when the line around ``pos`` is written in capitals (a heading or a shout)."""
    start = text.rfind("\n", 0, pos) + 1
    hit = cache.get(start)
    if hit is None:
        end = text.find("\n", pos)
        line = text[start : end if end >= 0 else len(text)]
        if _mostly_lower(line):
            hit = False
        else:
            upper = sum(map(str.isupper, line))
            lower = sum(map(str.islower, line))
            hit = upper + lower >= 12 and upper > 0.7 * (upper + lower)
        cache[start] = hit
    return hit


_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _mostly_lower(line: str) -> bool:
    """A cheap sufficient test that ``line`` is not in capitals: counting its ASCII lower-case
    letters (in C) bounds both counts ``upper_line`` makes letter by letter. In UTF-8 no byte
    of a non-ASCII character is an ASCII letter."""
    data = line.encode("utf-8", "surrogatepass")
    lower = len(data) - len(data.translate(None, _ASCII_LOWER))
    # At most len(line) - lower capitals against at least ``lower`` lower-case letters: with
    # 3 * upper < 7 * lower, upper > 0.7 * (upper + lower) cannot hold.
    return 3 * (len(line) - lower) < 7 * lower


def title_line(text: str, pos: int, cache: dict[int, bool]) -> bool:
    """True when the line around ``pos`` is a title-case heading ("Leader Faces Charges in ...")."""
    start = text.rfind("\n", 0, pos) + 1
    hit = cache.get(start)
    if hit is None:
        end = text.find("\n", pos)
        line = text[start : end if end >= 0 else len(text)]
        # The cheap tests first: a line of prose ends with a full stop.
        if line.rstrip().endswith((".", ";", ":")) or line.lstrip().startswith("["):
            hit = False
        else:
            words = [w for w in line.split() if w[:1].isalpha()]
            long_words = [w for w in words if len(w) > 3]
            hit = (
                4 <= len(long_words)
                and len(words) <= 40
                and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)
            )
        cache[start] = hit
    return hit
