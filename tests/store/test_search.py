"""Full-text search on both backends: case, accents, phrases, operators, snippets."""

import pytest

from redes.ingest.pipeline import ingest
from redes.store.search import fts5_query, search_documents


@pytest.fixture
def corpus(store, tmp_path):
    docs = {
        "cjng.txt": "Informe\n\nEl Cártel de Jalisco Nueva Generación opera en Michoacán y Jalisco.",
        "zetas.txt": "Report\n\nLos Zetas fought the Gulf Cartel in Tamaulipas.",
        "familia.txt": "Report\n\nLa Familia Michoacana was founded in Michoacán; the cartel recruited locals.",
        "evil.txt": "Nota\n\n<script>alert(1)</script> cartel de prueba",
    }
    for name, body in docs.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    ingest(store, [tmp_path], extract=False)
    return store


def names(hits):
    return {h.file_name for h in hits}


def test_case_and_accents_are_ignored(corpus):
    assert names(search_documents(corpus, "cartel")) == {"cjng.txt", "zetas.txt", "familia.txt", "evil.txt"}
    assert names(search_documents(corpus, "Michoacan")) == {"cjng.txt", "familia.txt"}
    assert names(search_documents(corpus, "NUEVA GENERACION")) == {"cjng.txt"}


def test_phrase_or_and_exclusion(corpus):
    assert names(search_documents(corpus, '"Gulf Cartel"')) == {"zetas.txt"}
    assert names(search_documents(corpus, '"cartel gulf"')) == set()
    assert names(search_documents(corpus, "Zetas OR Familia")) == {"zetas.txt", "familia.txt"}
    assert names(search_documents(corpus, "cartel -Michoacan")) == {"zetas.txt", "evil.txt"}


def test_snippets_highlight_the_original_accented_text(corpus):
    (hit,) = search_documents(corpus, "generacion")
    assert "**Generación**" in hit.snippet


def test_snippet_html_is_escaped(corpus):
    (hit,) = search_documents(corpus, "prueba")
    # SQLite keeps the tag as text (escaped here); PostgreSQL's ts_headline drops tags.
    assert "<script>" not in hit.snippet_html
    assert "<mark>prueba</mark>" in hit.snippet_html


def test_collection_filter(corpus):
    assert search_documents(corpus, "cartel", collections=["secret"]) == []
    assert len(search_documents(corpus, "cartel", collections=["public"])) == 4


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT", "*", "NEAR(", ")))", "col:umn", ""])
def test_odd_queries_never_raise(corpus, query):
    search_documents(corpus, query)


def test_fts5_query_quotes_every_word():
    assert (
        fts5_query('cjng "gulf cartel" OR zetas -familia')
        == '"cjng" AND "gulf cartel" OR "zetas" NOT "familia"'
    )
