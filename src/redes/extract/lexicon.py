"""The curated lexicons (``lexicons/*.csv``), loaded once and indexed for matching.

Every alias becomes a ``Form``: its folded tokens, which tokens must be capitalised
in the text, and its flags. ``Lexicon.forms`` maps a form's first token to the forms
that start with it, longest first, so the gazetteer looks up one dict per token.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from redes.extract.normalize import fold, key, slug

LEXICONS = Path(__file__).parent / "lexicons"
CURATED = ("groups.csv", "state_bodies.csv", "organizations.csv", "people.csv", "places_extra.csv")
GENERATED = ("places_world.csv", "places_mx.csv")

_FLAGGED = re.compile(r"^(.*?)\[([a-z, ]+)\]$")
_TOKEN = re.compile(r"[^\W_]+")

# A leading article may be written in lower case ("el Mencho", "la Familia Michoacana").
ARTICLES = frozenset("el la los las the".split())
# Capitalisation a text token needs to match an alias token.
ANY, CAPITAL, UPPER = 0, 1, 2


@dataclass(slots=True, eq=False)
class Entry:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    flags: frozenset[str] = frozenset()
    state: str = ""  # places: the Mexican or U.S. state it lies in
    pop: int = 0
    kind: str = ""  # places: country, state, municipality, us_state, us_city


@dataclass(slots=True, eq=False)
class Form:
    text: str
    tokens: tuple[str, ...]
    caps: tuple[int, ...]
    commas: bool  # the alias itself has commas between tokens
    # The entries this alias names, each with the alias's flags for that entry.
    options: list[tuple[Entry, frozenset[str]]] = field(default_factory=list)

    @property
    def is_acronym(self) -> bool:
        return len(self.tokens) == 1 and self.caps[0] == UPPER


def _split_flags(alias: str) -> tuple[str, frozenset[str]]:
    m = _FLAGGED.match(alias.strip())
    if not m:
        return alias.strip(), frozenset()
    return m.group(1).strip(), frozenset(f.strip() for f in m.group(2).split(",") if f.strip())


def _caps(alias: str, lowercase_first: bool) -> tuple[int, ...]:
    out = []
    for n, m in enumerate(_TOKEN.finditer(alias)):
        tok = m.group()
        if len(tok) > 1 and tok.isupper() and not tok.isdigit():
            out.append(UPPER)
        elif tok[0].isupper() and not (n == 0 and (lowercase_first or tok.lower() in ARTICLES)):
            out.append(CAPITAL)
        else:
            out.append(ANY)
    return tuple(out)


class Lexicon:
    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.forms: dict[str, list[Form]] = {}
        self._by_text: dict[tuple[str, ...], Form] = {}

    def add(self, entry: Entry, aliases: list[str]) -> None:
        # A curated row wins over a generated one with the same id; their names are pooled.
        known = self.entries.get(entry.id)
        if known is not None and known.type != entry.type:
            # "Reforma" the newspaper and Reforma, Chiapas: the generated place gets its state.
            entry.id = f"{entry.id}-{slug(entry.state or entry.kind)}"
            known = self.entries.get(entry.id)
        if known is not None and known is not entry:
            known.kind = known.kind or entry.kind
            known.state = known.state or entry.state
            known.pop = known.pop or entry.pop
            known.aliases.extend(a for a in [entry.name, *entry.aliases] if a not in known.aliases)
            entry = known
        self.entries[entry.id] = entry
        for alias in aliases:
            text, flags = _split_flags(alias)
            if not text:
                continue
            flags = flags | entry.flags
            toks = tuple(_TOKEN.findall(fold(text)))
            if not toks:
                continue
            if toks in self._by_text:
                form = self._by_text[toks]
                # The same words under several spellings: accept the most permissive case.
                caps = _caps(text, "lc" in flags)
                form.caps = tuple(min(x, y) for x, y in zip(form.caps, caps, strict=True))
                if all(e is not entry for e, _ in form.options):
                    form.options.append((entry, flags))
                continue
            caps = _caps(text, "lc" in flags)
            form = Form(text, toks, caps, "," in text, [(entry, flags)])
            self._by_text[toks] = form
            self.forms.setdefault(toks[0], []).append(form)

    def finish(self) -> None:
        for forms in self.forms.values():
            forms.sort(key=lambda f: -len(f.tokens))

    def lookup(self, text: str) -> Form | None:
        return self._by_text.get(tuple(_TOKEN.findall(fold(text))))

    def entry(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for n, row in enumerate(rows, 2):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"{path.name}:{n}: wrong number of columns (quote fields with commas)")
    return rows


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The lexicon of everything in ``lexicons/`` (built once per process)."""
    lex = Lexicon()
    for name in CURATED + GENERATED:
        path = LEXICONS / name
        if not path.exists():
            continue
        for row in _read_csv(path):
            canonical, name_flags = _split_flags(row["name"])
            aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
            flags = frozenset((row.get("flags") or "").split())
            entry = Entry(
                id=row["id"],
                type=row["type"],
                name=canonical,
                aliases=[_split_flags(a)[0] for a in aliases],
                flags=flags,
                state=row.get("state") or "",
                pop=int(row.get("pop") or 0),
                kind=row.get("kind") or "",
            )
            first = canonical + (f"[{','.join(sorted(name_flags))}]" if name_flags else "")
            lex.add(entry, [first, *aliases])
    lex.finish()
    return lex


@lru_cache(maxsize=4)
def word_list(name: str) -> frozenset[str]:
    """A whitespace-separated word list from ``lexicons/`` as folded keys."""
    out: set[str] = set()
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            out.update(key(w) for w in line.split())
    out.discard("")
    return frozenset(out)


def given_names() -> frozenset[str]:
    return word_list("given_names.txt")


def surnames() -> frozenset[str]:
    return word_list("surnames.txt")
