"""The trigger lexicons of the relation rules, loaded from data files.

``extract/lexicons/relation_triggers.json`` holds the trigger words, English and Spanish, as
regular-expression fragments (matched case-insensitively on word boundaries unless a
fragment says otherwise; no capturing groups). ``extract/lexicons/relation_values.json``
holds the word -> value tables: kin words to the English detail, country adjectives and
names, heads of state, currencies. A new trigger word is a one-line change in the data
file; the prefilter stems (``cues``) are derived from it.

Tables keyed by language are ``{"en": [...], "es": [...]}``; ``ACTION`` and ``DIED`` are
keyed by the relation's detail instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parents[1] / "lexicons"


def _load(name: str) -> dict[str, Any]:
    with open(_DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def _table(data: dict[str, Any], name: str) -> dict[str, list[str]]:
    return {k: v for k, v in data[name].items() if k != "about"}


_TRIGGERS = _load("relation_triggers.json")
_VALUES = {k: v["table"] for k, v in _load("relation_values.json").items() if k != "about"}

# People leading or belonging to criminal groups.
LEAD = _table(_TRIGGERS, "LEAD")
LEAD_VERB = _table(_TRIGGERS, "LEAD_VERB")
LEAD_PASSIVE = _table(_TRIGGERS, "LEAD_PASSIVE")
MEMBER = _table(_TRIGGERS, "MEMBER")
MEMBER_VERB = _table(_TRIGGERS, "MEMBER_VERB")
# Family.
KIN = _table(_TRIGGERS, "KIN")
# Groups and groups.
PART = _table(_TRIGGERS, "PART")
SPLIT_VERB = _table(_TRIGGERS, "SPLIT_VERB")
ALLY = _table(_TRIGGERS, "ALLY")
RIVAL = _table(_TRIGGERS, "RIVAL")
NEGATION = _table(_TRIGGERS, "NEGATION")
# Groups and places.
PRESENCE = _table(_TRIGGERS, "PRESENCE")
LOCATIVE = _table(_TRIGGERS, "LOCATIVE")
# Corruption.
COLLUDE = _table(_TRIGGERS, "COLLUDE")
# State action against people and groups, by detail.
ACTION = _table(_TRIGGERS, "ACTION")
# Positions held.
ROLE = _table(_TRIGGERS, "ROLE")
HONORIFIC: list[str] = _TRIGGERS["HONORIFIC"]["any"]
# Generic references to a group ("the cartel", "la organización") and to a person.
GROUP_ANAPHOR = _table(_TRIGGERS, "GROUP_ANAPHOR")
PERSON_ANAPHOR = _table(_TRIGGERS, "PERSON_ANAPHOR")
# Attributes.
FOUNDED = _table(_TRIGGERS, "FOUNDED")
DIED = _table(_TRIGGERS, "DIED")

KIN_DETAIL: dict[str, str] = _VALUES["KIN_DETAIL"]
HEADS_OF_STATE: dict[str, list[str]] = _VALUES["HEADS_OF_STATE"]
COUNTRY_ADJECTIVE: dict[str, str] = _VALUES["COUNTRY_ADJECTIVE"]
COUNTRY_NAMES: dict[str, set[str]] = {k: set(v) for k, v in _VALUES["COUNTRY_NAMES"].items()}
CURRENCY: dict[str, str] = _VALUES["CURRENCY"]
MULTIPLIER: dict[str, int] = _VALUES["MULTIPLIER"]
