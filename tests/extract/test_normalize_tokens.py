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
