"""The trigger lexicons as data (``extract/lexicons/relation_*.json``, ``relations.lexicon``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from redes.extract.relations import lexicon as lex

DATA = Path(lex.__file__).resolve().parents[1] / "lexicons"


def test_every_table_is_documented_and_every_fragment_compiles_without_groups() -> None:
    triggers = json.loads((DATA / "relation_triggers.json").read_text(encoding="utf-8"))
    for name, table in triggers.items():
        if name == "about":
            continue
        assert table.get("about"), name
        for part, fragments in table.items():
            if part == "about":
                continue
            assert fragments and len(fragments) == len(set(fragments)), (name, part)
            for fragment in fragments:
                assert re.compile(fragment).groups == 0, (name, fragment)


def test_language_tables_and_value_tables() -> None:
    for table in (lex.LEAD, lex.MEMBER, lex.KIN, lex.PART, lex.ALLY, lex.RIVAL, lex.PRESENCE, lex.ROLE):
        assert set(table) == {"en", "es"}
    assert set(lex.ACTION) >= {
        "arrest",
        "killed",
        "extradited",
        "indicted",
        "sanctioned",
        "reward",
        "designated",
    }
    assert lex.KIN_DETAIL["hijastro"] == "stepson"
    assert "méxico" in lex.COUNTRY_NAMES["mexico"]
    assert lex.CURRENCY["pesos"] == "MXN" and lex.MULTIPLIER["millones"] == 1_000_000
