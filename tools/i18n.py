"""The interface's message catalogues: extract, update and compile.

usage: python tools/i18n.py update    # templates and marked Python strings -> redes.pot,
                                      # merged into every language's redes.po
       python tools/i18n.py compile   # redes.po -> redes.mo (shipped in the package)
       python tools/i18n.py check     # exit 1 if a message is untranslated or a .mo is stale

Messages are the templates' ``_()``/``{% trans %}`` and Python's ``N_()``/``_()`` in the
web package. Translate by editing ``src/redes/i18n/locale/<lang>/LC_MESSAGES/redes.po``,
then compile; tests/i18n/test_catalogue.py fails while a .mo is out of date.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "redes" / "web"
LOCALE = ROOT / "src" / "redes" / "i18n" / "locale"
DOMAIN = "redes"
LANGUAGES = ("es",)
METHODS = [("templates/**.html", "jinja2"), ("*.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "NP_": (1, 2)}


# A fixed date: the catalogue's header does not change at every update.
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def template() -> Catalog:
    catalog = Catalog(project="redes", domain=DOMAIN, creation_date=CREATED, copyright_holder="the redes authors")
    for path, line, message, comments, context in extract_from_dir(
        WEB, METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(str(Path("web") / path), line)], auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="redes")
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def update() -> None:
    pot = template()
    for lang in LANGUAGES:
        catalog = read(lang)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.revision_date = CREATED
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        with po_path(lang).open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
        missing = [m.id for m in catalog if m.id and not _translated(m)]
        print(f"{lang}: {len(catalog)} messages, {len(missing)} untranslated")


def _translated(message) -> bool:
    return all(message.string) if isinstance(message.string, tuple | list) else bool(message.string)


def mo_bytes(lang: str) -> bytes:
    out = io.BytesIO()
    write_mo(out, read(lang), use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for lang in LANGUAGES:
        po_path(lang).with_suffix(".mo").write_bytes(mo_bytes(lang))
        print(f"{lang}: compiled")


def check() -> list[str]:
    """Problems: untranslated messages, messages missing from a catalogue, stale .mo files."""
    problems = []
    wanted = {m.id for m in template() if m.id}
    for lang in LANGUAGES:
        catalog = read(lang)
        have = {m.id for m in catalog if m.id}
        problems += [f"{lang}: not in the catalogue: {_show(m)}" for m in sorted(wanted - have, key=_show)]
        problems += [f"{lang}: untranslated: {_show(m.id)}" for m in catalog if m.id and not _translated(m)]
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(lang):
            problems.append(f"{lang}: {mo.name} is out of date: run python tools/i18n.py compile")
    return problems


def _show(message_id) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = check()
        print("\n".join(problems) or "catalogues complete and compiled")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
