from redes.extract.normalize import fold, key, slug
from redes.extract.tokens import tokenize


def test_fold_keeps_offsets_and_strips_accents():
    text = "Cártel «Jalisco» — Oseguera‑Cervantes ÑANDÚ"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith('cartel "jalisco" - oseguera-cervantes')
    assert folded.endswith("nandu")


def test_key_ignores_accents_hyphens_case_and_leading_article():
    assert key("Oseguera-Cervantes") == key("oseguera cervantes")
    assert key("the Cártel del Milenio") == key("Cartel del milenio")
    assert key("U.S.") == "u s"
    assert key("El Mencho") != key("El Menchito")


def test_slug_is_lowercase_ascii():
    assert slug("Nemesio Rubén Oseguera Cervantes") == "nemesio-ruben-oseguera-cervantes"
    assert slug("James P. O’Neill") == "james-p-oneill"
    assert (
        slug("Bureau of Alcohol, Tobacco, Firearms and Explosives")
        == "bureau-of-alcohol-tobacco-firearms-and-explosives"
    )


def test_tokens_split_on_hyphens_dots_and_apostrophes():
    toks = tokenize("U.S. Attorney O’Neill met Oseguera-Cervantes.")
    assert toks.words == ["u", "s", "attorney", "o", "neill", "met", "oseguera", "cervantes"]
    assert toks.surface(3) == "O" and toks.gap(4) == "’"
    assert toks.is_cap(2) and not toks.is_cap(5)
    assert toks.at(toks.starts[6]) == 6


def test_fold_of_a_long_text_is_the_table_applied_character_by_character():
    # Long texts take the byte route (ASCII letters folded over the UTF-8 bytes): the same result.
    text = ("Cártel `Jalisco` — ÑANDÚ Ελλάδα \ud800 İstanbul “N” straße Æ ") * 20
    assert fold(text) == "".join(fold(ch) for ch in text)


def test_token_offsets_match_the_word_pattern():
    import re

    text = "Él dijo: «Oseguera‑Cervantes», 12ª Zona_Militar… O’Neill\n\nFin"
    toks = tokenize(text)
    spans = [m.span() for m in re.finditer(r"[^\W_]+", fold(text))]
    assert list(zip(toks.starts, toks.ends, strict=True)) == spans
    assert toks.words == [fold(text)[a:b] for a, b in spans]
    assert toks.caps == [text[a].isupper() for a, _ in spans]
    assert tokenize("").words == [] and tokenize("  ,. ").starts == []


def test_upper_line_counts_capitals_whatever_the_shortcut():
    from redes.extract.context import upper_line

    lines = [
        "CÁRTEL DE SINALOA: ÚLTIMAS NOTICIAS",
        "El cártel de Sinaloa opera en Culiacán.",
        "ÑÑÑÑÑÑÑÑ ab",
        "ÁÉÍÓÚ ÁÉÍÓÚ ÁÉÍÓÚ abc",
    ]
    for line in lines:
        upper = sum(map(str.isupper, line))
        lower = sum(map(str.islower, line))
        assert upper_line(line, 0, {}) == (upper + lower >= 12 and upper > 0.7 * (upper + lower))
