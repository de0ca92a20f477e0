"""The Spanish catalogue: complete, compiled, shipped in the package and used."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from redes.i18n import LOCALE_DIR, label, labels, translations

TOOL = Path(__file__).resolve().parents[2] / "tools" / "i18n.py"


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_and_the_mo_is_current():
    assert _tool().check() == []


def test_the_compiled_catalogue_is_package_data():
    assert (LOCALE_DIR / "es" / "LC_MESSAGES" / "redes.mo").is_file()
    es = translations("es")
    assert es.gettext("Home") == "Inicio"
    assert es.ngettext("%(num)s mention", "%(num)s mentions", 1) == "%(num)s mención"
    assert es.ngettext("%(num)s mention", "%(num)s mentions", 3) == "%(num)s menciones"
    assert translations("en").gettext("Home") == "Home"


def test_every_vocabulary_value_has_a_spanish_label():
    from redes.extract.model import ATTRIBUTE_TYPES, ENTITY_TYPES, RELATION_TYPES
    from redes.kb.facts import STATUSES

    for kind, keys in (
        ("entity_type", ENTITY_TYPES),
        ("relation", (*RELATION_TYPES, *ATTRIBUTE_TYPES)),
        ("status", STATUSES),
    ):
        for key in keys:
            spanish = label(kind, key, "es")
            assert spanish and spanish != key.replace("_", " "), (kind, key)
    assert labels("es")["criminal_group"] == "grupo criminal"
