import csv

from redes.extract.lexicon import LEXICONS, load


def test_every_lexicon_row_is_well_formed():
    for path in LEXICONS.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        width = len(rows[0])
        bad = [n for n, row in enumerate(rows[1:], 2) if len(row) != width]
        assert not bad, f"{path.name}: rows {bad} have the wrong number of columns"


def test_all_mexican_municipalities_and_states_are_there():
    lex = load()
    munis = [e for e in lex.entries.values() if e.kind == "municipality"]
    states = [e for e in lex.entries.values() if e.kind == "state"]
    # 2,469 municipalities, minus those named like their state or a country (the state wins).
    assert 2400 <= len(munis) <= 2469
    assert lex.lookup("Colima").options[0][0].kind == "state"
    assert len(states) == 32
    assert (LEXICONS / "README.md").read_text().count("INEGI") >= 2


def test_aliases_in_both_languages_reach_the_same_entry():
    lex = load()
    for alias in ("CJNG", "Jalisco New Generation Cartel", "Cártel de Jalisco Nueva Generación"):
        assert lex.lookup(alias).options[0][0].id == "cjng"
    for alias in ("SEDENA", "Secretariat of National Defense", "Secretaría de la Defensa Nacional"):
        assert lex.lookup(alias).options[0][0].id == "sedena"
    # Mexico's tax authority, beside the financial intelligence unit in money cases.
    for alias in ("SAT", "Servicio de Administración Tributaria", "Tax Administration Service"):
        assert lex.lookup(alias).options[0][0].id == "sat"
    assert lex.lookup("Alemania").options[0][0].id == "germany"
    assert lex.lookup("Estados Unidos").options[0][0].id == "united-states"


def test_father_and_son_are_distinct_entries():
    lex = load()
    assert lex.lookup("El Mencho").options[0][0].id == "nemesio-oseguera-cervantes"
    assert lex.lookup("El Menchito").options[0][0].id == "ruben-oseguera-gonzalez"
    assert lex.lookup("Rubén Oseguera").options[0][0].id == "ruben-oseguera-gonzalez"


def test_ambiguous_municipality_names_need_context():
    lex = load()
    la_paz = lex.lookup("La Paz")
    assert {e.state for e, _ in la_paz.options} >= {"Baja California Sur", "México"}
    assert all("ctx" in flags for _, flags in lex.lookup("Zamora").options)
    assert not any("ctx" in flags for _, flags in lex.lookup("Apatzingán").options)
