"""The shipped relation classifier's decisions that the rules' guards overrule."""

from __future__ import annotations

import pytest

from redes.extract import extract


def _presence(text: str, lang: str) -> set[tuple[str, str]]:
    found = extract(text, lang)
    names = {e.local_id: e.name for e in found.entities}
    return {(names[r.subject], names[r.object]) for r in found.relations if r.type == "operates_in"}


@pytest.mark.parametrize(
    ("lang", "text", "place"),
    [
        ("en", "Raúl Soto Ruiz, who was born in Culiacán, leads the Sierra Cartel, which operates in Sonora.",
         "Culiacán"),
        ("es", "Raúl Soto Ruiz, originario de Culiacán, es líder del Cártel de la Sierra, que opera en Sonora.",
         "Culiacán"),
        ("en", "The Sierra Cartel operates in Sonora. Its leader was extradited from Colombia in 2019.",
         "Colombia"),
    ],
)  # fmt: skip
def test_a_place_of_origin_or_extradition_is_no_presence(lang: str, text: str, place: str) -> None:
    found = _presence(text, lang)
    assert any(p == "Sonora" for _, p in found)  # the group's presence is read
    assert not any(p == place for _, p in found)
