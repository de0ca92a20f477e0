"""Head words that make a capitalised run the name of a public body, an organisation or a
criminal group, and the modifiers that decide between public body and organisation."""

from __future__ import annotations

# Heads that always name a public body.
STATE_HEADS = frozenset(
    """
    department ministry secretariat agency administration bureau office commission police guard army
    navy marines court tribunal district congress senate parliament legislature cabinet command
    force division section directorate embassy consulate government patrol corps brigade battalion
    regiment prosecutor authority authorities forces marshals
    secretaria subsecretaria procuraduria fiscalia comision policia guardia ejercito armada marina
    agencia direccion unidad gabinete tribunal juzgado corte congreso senado camara brigada batallon
    regimiento mando comando coordinacion oficina departamento gobierno ayuntamiento ministerio
    fuerza fuerzas zona alcaldia inteligencia
    """.split()
)
# Heads that name a public body only with a public modifier ("National Institute of ...").
AMBIGUOUS_HEADS = frozenset(
    "institute center centre council committee service system instituto centro consejo comite servicio sistema".split()
)
# Heads of other organisations.
ORG_HEADS = frozenset(
    """
    university college school institution foundation association society observatory network project
    group party movement company corporation corp inc ltd llc bank journal times post news press
    magazine tribune herald gazette daily weekly radio television channel watch monitor
    federation confederation church hospital museum library alliance coalition organization
    universidad colegio escuela fundacion asociacion sociedad observatorio red proyecto partido
    movimiento empresa compania banco diario periodico revista noticias radio television
    confederacion federacion iglesia alianza coalicion organizacion
    """.split()
)
GROUP_HEADS = frozenset("cartel cartels carteles clan gang mara".split())
# Modifiers that mark an ambiguous head as a public body.
PUBLIC_MODIFIERS = frozenset(
    """
    national federal state municipal mexican ministerial intelligence security military police defense
    defence justice penal penitentiary public fusion coordination customs border homeland executive
    nacional federales estatal municipal mexicano mexicana ministerial inteligencia seguridad militar
    policia defensa justicia penitenciario publica publico aduanas fronteriza ejecutivo gobierno
    congressional presidential
    """.split()
)


# Word -> its head class, the first set that has it winning (as the tests in order would).
_HEAD_OF = {
    w: kind
    for kind, words in (
        ("group", GROUP_HEADS),
        ("org", ORG_HEADS),
        ("ambiguous", AMBIGUOUS_HEADS),
        ("state", STATE_HEADS),
    )
    for w in words
}
HEAD_WORDS = frozenset(_HEAD_OF)


def head_of(word: str) -> str | None:
    """The head class of a folded word: state, ambiguous, org or group (None if not a head)."""
    return _HEAD_OF.get(word)
