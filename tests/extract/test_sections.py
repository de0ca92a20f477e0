"""Long documents extracted section by section: cut at paragraph breaks, entities merged
across sections, offsets into the whole text."""

from redes.extract import extract
from redes.extract.sections import extract_sections, sections

PARAGRAPH = (
    "Los Zetas operan en Tamaulipas y Veracruz desde 2008, según la Fiscalía General de la República. "
    "El Cártel de Sinaloa opera en Sonora.\n\n"
)


def test_sections_cut_at_paragraph_breaks_and_cover_the_text():
    text = PARAGRAPH * 40
    spans = list(sections(text, size=1000))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(spans, spans[1:], strict=False))
    assert all(end - start <= 1000 for start, end in spans)
    assert all(text[end - 2 : end] == "\n\n" for _, end in spans[:-1])


def test_a_text_without_breaks_is_cut_at_spaces_or_hard():
    assert all(b - a <= 100 for a, b in sections("palabra " * 100, size=100))
    assert list(sections("x" * 250, size=100)) == [(0, 100), (100, 200), (200, 250)]


def test_a_short_text_is_extracted_whole():
    calls = []

    def spy(text, lang):
        calls.append(text)
        return extract(text, lang)

    extract_sections(PARAGRAPH, "es", spy, size=10_000)
    assert calls == [PARAGRAPH]


def test_sections_merge_entities_and_keep_offsets():
    text = PARAGRAPH * 30
    ex = extract_sections(text, "es", extract, size=1500)
    zetas = [e for e in ex.entities if e.name == "Los Zetas"]
    assert len(zetas) == 1  # one entity, mentioned in every section
    assert len(zetas[0].mentions) == 30
    for m in zetas[0].mentions:
        assert text[m.start : m.end] == m.text
    ids = {e.local_id for e in ex.entities}
    assert len(ids) == len(ex.entities)
    for r in ex.relations:
        assert r.subject in ids and (r.object is None or r.object in ids)
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text
    whole = extract(PARAGRAPH, "es")
    assert {(r.type, r.evidence.text) for r in whole.relations} <= {
        (r.type, r.evidence.text) for r in ex.relations
    }
