"""Actor names to groups (curated and through the knowledge base), and INEGI names and points."""

from __future__ import annotations

import pytest

from redes.events import geo
from redes.events.actors import (
    BY_SLUG,
    GROUPS,
    lookup,
    member,
    resolve_actor,
    split_acled_side,
    split_ucdp_side,
)
from redes.extract.normalize import key
from redes.store.models import Alias, Entity


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Jalisco Cartel New Generation", "cjng"),
        ("CJNG", "cjng"),
        ("cartel de jalisco nueva generacion", "cjng"),
        ("CJNG: Jalisco New Generation Cartel", "cjng"),
        ("Los Zetas - Cártel del Noreste faction", "cartel-del-noreste"),
        ("Police Forces of Mexico (2018-) Jalisco State Police", "government-of-mexico"),
        ("Civilians (Mexico)", "civilians"),
        ("Santa Rosa de Lima Cartel", "cartel-santa-rosa-de-lima"),
        ("Somebody Else", None),
    ],
)
def test_lookup(name, slug):
    assert lookup(name) == slug


def test_members_factions_and_coalitions():
    assert member("Sinaloa Cartel - Los Chapitos").group == "sinaloa-cartel"
    # An uncurated faction of a curated group still belongs to the group.
    unknown = member("Gulf Cartel - Los Nuevos faction")
    assert (unknown.actor, unknown.group) == ("gulf-cartel-los-nuevos-faction", "gulf-cartel")
    assert [m.group for m in split_ucdp_side("Caborca Cartel, Sinaloa Cartel - Los Mayos")] == [
        "cartel-de-caborca",
        "sinaloa-cartel",
    ]
    assert [m.actor for m in split_acled_side("Sinaloa Cartel", "Los Chapitos; ; Sinaloa Cartel")] == [
        "sinaloa-cartel",
        "los-chapitos",
    ]


def test_curated_table_is_consistent():
    assert len(BY_SLUG) == len(GROUPS)
    for g in GROUPS:
        assert g.parent is None or BY_SLUG[g.parent].parent is None, g.slug


def test_resolve_through_the_knowledge_base(store):
    with store.session() as s:
        cjng = Entity(slug="cjng", type="criminal_group", name="Cártel de Jalisco Nueva Generación", key="x")
        alias = "El Cártel de las Cuatro Letras"
        cjng.aliases.append(Alias(name=alias, key=key(alias)))  # keyed as the knowledge base keys it
        other = Entity(slug="los-cuinis", type="criminal_group", name="Los Cuinis", key="los cuinis")
        s.add_all([cjng, other])
    with store.session() as s:
        by_kb_alias = resolve_actor(s, "El Cártel de las Cuatro Letras")
        assert by_kb_alias.slugs == {"cjng"} and by_kb_alias.entity_ids == {cjng.id}
        assert resolve_actor(s, "CJNG").entity_ids == {cjng.id}
        kb_only = resolve_actor(s, "Los Cuinis")  # in the KB, in no event
        assert kb_only.found and not kb_only.slugs and kb_only.entity_ids == {other.id}


@pytest.mark.parametrize(
    "name, code",
    [
        ("Michoacán state", "16"),
        ("Michoacan de Ocampo", "16"),
        ("Distrito Federal", "09"),
        ("Ciudad de México", "09"),
        ("México state", "15"),
        ("Veracruz", "30"),
        ("Texas", None),
        ("", None),
    ],
)
def test_state_names(name, code):
    assert geo.state_code(name) == code


@pytest.mark.parametrize(
    "state, name, code",
    [
        ("11", "Dolores Hidalgo municipality", "11014"),  # INEGI adds "Cuna de la Independencia Nacional"
        ("11", "Silao municipality", "11037"),
        ("21", "Santa María Coronango municipality", "21034"),  # INEGI: "Coronango"
        ("02", "Tijuana muncipality", "02004"),
        ("14", "Manzanillo municipality", None),  # Manzanillo is in Colima, not Jalisco
        ("11", "", None),
    ],
)
def test_municipality_names(state, name, code):
    assert geo.municipality_code(state, name) == code


def test_points_in_polygons():
    lons = [-117.00371, -101.0, None, -90.0, -110.3128]
    lats = [32.5027, 21.0, None, 15.0, 24.142]
    # Tijuana; Guanajuato's centroid, inside Dolores Hidalgo; no point; Guatemala; La Paz BCS.
    assert geo.locator().locate(lons, lats) == ["02004", "11014", None, None, "03003"]
