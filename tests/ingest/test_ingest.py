"""Ingest end to end on the store: bad inputs, duplicates, idempotence."""

import os

from sqlalchemy import func, select

from redes.ingest.pipeline import ingest
from redes.store.models import Document, DocumentSource
from tests.ingest.samples import MALICIOUS_HTML, docx_bytes, pdf_bytes


def _counts(store):
    with store.session() as s:
        return (
            s.scalar(select(func.count(Document.id))),
            s.scalar(select(func.count(DocumentSource.id))),
        )


def _bad_folder(tmp_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(2048))
    good_pdf = pdf_bytes(["Los Zetas operan en Tamaulipas y Veracruz desde 2008."])
    (folder / "truncated.pdf").write_bytes(good_pdf[: len(good_pdf) // 2])
    (folder / "good.pdf").write_bytes(good_pdf)
    (folder / "viejo.txt").write_bytes(
        "El Cártel de Santa Rosa de Lima opera en Guanajuato, según la Fiscalía.".encode("latin-1")
    )
    (folder / "page.html").write_text(MALICIOUS_HTML, encoding="utf-8")
    (folder / "zero.docx").write_bytes(b"")
    (folder / "sub" / "nota.docx").write_bytes(
        docx_bytes(["La Guardia Nacional detuvo a tres personas en Colima."])
    )
    (folder / "sub" / "picture.psd").write_bytes(b"8BPS")
    return folder


def test_a_folder_with_bad_files(sqlite_store, tmp_path):
    folder = _bad_folder(tmp_path)
    report = ingest(sqlite_store, [folder, tmp_path / "missing"], extract=False)
    by_name = {os.path.basename(r.path): r for r in report.results}
    assert {n for n, r in by_name.items() if r.status == "ingested"} == {
        "good.pdf",
        "viejo.txt",
        "page.html",
        "nota.docx",
    }
    assert by_name["empty.txt"].reason == "empty file"
    assert by_name["zero.docx"].reason == "empty file"
    assert "not a PDF" in by_name["random.pdf"].reason
    assert "PDF" in by_name["truncated.pdf"].reason
    assert by_name["missing"].reason == "no such file or directory"
    assert by_name["picture.psd"].status == "ignored"
    assert not report.ok
    assert _counts(sqlite_store) == (4, 4)
    with sqlite_store.session() as s:
        html_doc = s.scalar(select(Document).where(Document.file_name == "page.html"))
        assert "alert" not in html_doc.text and "onerror" not in html_doc.text
        latin = s.scalar(select(Document).where(Document.file_name == "viejo.txt"))
        assert "Cártel de Santa Rosa de Lima" in latin.text and latin.language == "es"


def test_second_run_adds_nothing(store, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(5):
        (folder / f"d{i}.txt").write_text(
            f"Document {i} about the Gulf Cartel in Tamaulipas.", encoding="utf-8"
        )
    first = ingest(store, [folder], extract=False)
    assert first.counts()["ingested"] == 5
    second = ingest(store, [folder], extract=False)
    assert second.counts() == {"ingested": 0, "duplicate": 5, "failed": 0, "ignored": 0}
    assert _counts(store) == (5, 5)


def test_same_file_under_two_names_is_one_document_with_two_sources(store, tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    body = "La Familia Michoacana opera en el Estado de México.".encode()
    (tmp_path / "a.txt").write_bytes(body)
    (tmp_path / "copy-of-a.txt").write_bytes(body)
    report = ingest(store, [tmp_path], extract=False)
    assert report.counts()["ingested"] == 1 and report.counts()["duplicate"] == 1
    with store.session() as s:
        doc = s.scalar(select(Document))
        assert sorted(src.file_name for src in doc.sources) == ["a.txt", "copy-of-a.txt"]


def test_collections_keep_their_own_copies(sqlite_store, tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text("Los Viagras operan en Michoacán.", encoding="utf-8")
    ingest(sqlite_store, [tmp_path], collection="public", extract=False)
    ingest(sqlite_store, [tmp_path], collection="confidential", extract=False)
    assert _counts(sqlite_store)[0] == 2


def test_size_limit_refuses_with_a_clear_message(sqlite_store, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("palabra " * 50_000, encoding="utf-8")
    report = ingest(sqlite_store, [big], max_size=1024, extract=False)
    assert report.results[0].status == "failed"
    assert "too large" in report.results[0].reason and "--max-size" in report.results[0].reason


def test_thousand_small_files_in_parallel(sqlite_store, tmp_path):
    seen = []
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1000):
        (folder / f"n{i:04d}.txt").write_text(f"Nota {i}: operativo en Culiacán, Sinaloa.", encoding="utf-8")
    report = ingest(
        sqlite_store,
        [folder],
        jobs=2,
        extract=False,
        progress=lambda phase, n, total: seen.append((phase, n, total)),
    )
    assert report.counts()["ingested"] == 1000
    assert ("read", 0, 1000) in seen
    assert sum(n for phase, n, _ in seen if phase == "read") == 1000


def test_sidecar_metadata_sets_publisher_and_date(sqlite_store, tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text("Title line\n\nBody about the Sinaloa Cartel.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,title,publisher,published,url\na.txt,Real title,U.S. Department of State,2024-12-04,https://example.org/a\n",
        encoding="utf-8",
    )
    report = ingest(sqlite_store, [tmp_path], extract=False)
    assert report.counts()["ingested"] == 1  # the sidecar itself is not a document
    with sqlite_store.session() as s:
        doc = s.scalar(select(Document))
        assert (doc.title, doc.publisher, doc.published, doc.url) == (
            "Real title",
            "U.S. Department of State",
            "2024-12-04",
            "https://example.org/a",
        )


def test_shared_corpus_ingests_and_reingests(sqlite_store, shared):
    first = ingest(sqlite_store, [shared / "corpus"], extract=False)
    n = first.counts()["ingested"]
    assert n >= 39 and first.ok
    second = ingest(sqlite_store, [shared / "corpus"], extract=False)
    assert second.counts()["duplicate"] == n and second.counts()["ingested"] == 0


def test_a_file_named_twice_is_one_document_with_one_source(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Los Viagras operan en Michoacán.", encoding="utf-8")
    (folder / "b.txt").write_text("Los Zetas operan en Tamaulipas.", encoding="utf-8")
    report = ingest(store, [folder, folder / "a.txt"], extract=False)
    assert report.counts()["ingested"] == 2 and report.counts()["duplicate"] == 1
    assert _counts(store) == (2, 2)
    again = ingest(store, [folder / "a.txt", folder], extract=False)
    assert again.counts()["duplicate"] == 3
    assert _counts(store) == (2, 2)


def test_twins_across_batches_and_within_one(sqlite_store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(100):  # batches of 32: twins in the same batch and in later ones
        (folder / f"n{i:03d}.txt").write_text(f"Nota {i % 7} sobre Culiacán.", encoding="utf-8")
    report = ingest(sqlite_store, [folder], extract=False)
    assert report.counts() == {"ingested": 7, "duplicate": 93, "failed": 0, "ignored": 0}
    assert _counts(sqlite_store) == (7, 100)
    by_text = {}
    for r in report.results:
        by_text.setdefault(int(r.path[-7:-4]) % 7, set()).add(r.document_id)
    assert all(len(ids) == 1 for ids in by_text.values())


def test_a_document_another_process_stored_meanwhile_becomes_a_duplicate(store, tmp_path, monkeypatch):
    import redes.ingest.pipeline as pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"d{i}.txt").write_text(f"Document {i} about the Gulf Cartel.", encoding="utf-8")
    real = pipeline._triage
    raced = []

    def racing(*args, **kwargs):
        todo = real(*args, **kwargs)
        if not raced and todo:
            raced.append(todo[2][0].path)
            ingest(store, [todo[2][0].path], extract=False)  # the other process
        return todo

    monkeypatch.setattr(pipeline, "_triage", racing)
    report = ingest(store, [folder], extract=False)
    by_name = {os.path.basename(r.path): r.status for r in report.results}
    assert by_name == {"d0.txt": "ingested", "d1.txt": "ingested", "d2.txt": "duplicate"} | {
        f"d{i}.txt": "ingested" for i in (3, 4)
    }
    assert _counts(store) == (5, 5)


def test_words_are_counted_across_the_chunks_a_long_text_is_split_in(monkeypatch):
    from redes.ingest import pipeline

    text = "uno  dos\ttres\u00a0cuatro\ncinco seis "
    for size in range(1, len(text) + 2):
        monkeypatch.setattr(pipeline, "_SPLIT", size)
        assert pipeline._words(text) == 6
    assert pipeline._words("") == 0
