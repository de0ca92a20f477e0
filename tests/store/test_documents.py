"""Browsing the documents: filters, sorting, paging and the choices to filter by."""

from __future__ import annotations

import pytest

from redes.store.documents import browse_documents
from redes.store.models import Collection, Document

DOCS = [
    # collection, title, language, publisher, published
    ("news", "b. Ataque en Jalisco", "es", "El Universal", "2019-05-01"),
    ("news", "a. Arrest in Sinaloa", "en", "Reuters", "2021-01-10"),
    ("news", "C. Reward offered", "en", "Reuters", None),
    ("reports", "d. Informe anual", "es", "SSPC", "2020-12-31"),
]


@pytest.fixture
def docs(store):
    with store.session() as s:
        colls = {name: Collection(name=name) for name in ("news", "reports")}
        s.add_all(colls.values())
        s.flush()
        for i, (coll, title, lang, pub, date) in enumerate(DOCS):
            s.add(
                Document(
                    collection_id=colls[coll].id,
                    content_hash=f"{i:064d}",
                    file_name=f"doc{i}.txt",
                    format="txt",
                    title=title,
                    language=lang,
                    publisher=pub,
                    published=date,
                    text="x",
                    word_count=1,
                )
            )
        s.commit()
    return store


def titles(result):
    return [d["title"][:2] for d in result["documents"]]


def test_by_date_newest_first_undated_last(docs):
    r = browse_documents(docs)
    assert titles(r) == ["a.", "d.", "b.", "C."]
    assert r["total"] == 4


def test_sort_by_title_and_publisher_both_ways(docs):
    assert titles(browse_documents(docs, sort="title")) == ["a.", "b.", "C.", "d."]  # case-blind
    assert titles(browse_documents(docs, sort="title", descending=True)) == ["d.", "C.", "b.", "a."]
    assert titles(browse_documents(docs, sort="publisher"))[:1] == ["b."]  # El Universal


def test_filters_and_paging(docs):
    r = browse_documents(docs, collection="news", language="en", sort="title")
    assert titles(r) == ["a.", "C."] and r["total"] == 2
    page = browse_documents(docs, publisher="Reuters", sort="title", limit=1, offset=1)
    assert titles(page) == ["C."] and page["total"] == 2
    assert browse_documents(docs, limit=2, offset=4)["documents"] == []


def test_the_choices_carry_their_counts(docs):
    facets = browse_documents(docs)["facets"]
    assert facets["collections"] == [("news", 3), ("reports", 1)]
    assert facets["languages"] == [("en", 2), ("es", 2)]
    assert facets["publishers"][0] == ("Reuters", 2)


def test_an_unknown_sort_is_refused(docs):
    with pytest.raises(ValueError, match="sort must be one of"):
        browse_documents(docs, sort="words")
