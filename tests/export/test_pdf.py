"""Dossiers as PDF (``redes.export.pdf``): a real dossier of the demo knowledge base on
paper with its quotes and numbered sources, hostile text printed as text and never
fetched, the offline URL fetcher, and ``redes entity --pdf``."""

from __future__ import annotations

import io
import re
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from redes import kb
from redes.cli import cli
from redes.export import pdf
from redes.i18n import formats
from redes.store.models import Document
from tests.kb.kbfixtures import Corpus, Doc

pytest.importorskip("pypdf")
from pypdf import PdfReader  # noqa: E402


def _require_weasyprint() -> None:
    from tests.conftest import unavailable

    try:
        pdf.fetcher()
    except pdf.PdfUnavailable as exc:
        unavailable(str(exc))


def _text(data: bytes) -> tuple[int, str]:
    """Number of pages and the text, with runs of white space made one space."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def _flat(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture
def demo(demo_db):
    from redes.store import open_store

    store = open_store(demo_db)
    yield store
    store.close()


def test_a_demo_dossier_prints_with_its_quotes_and_numbered_sources(demo):
    _require_weasyprint()
    d = kb.dossier(demo, "El Mencho")
    fetcher = pdf.fetcher()
    pages, text = _text(pdf.dossier_pdf(d, url_fetcher=fetcher))
    assert pages > 0
    assert d["name"] in text
    # Every quote of every line is on paper, not only the first: all of the relations'.
    quotes = [ev["quote"] for items in d["relations"].values() for c in items for ev in c["evidence"]]
    assert len(quotes) > 3
    for quote in quotes:
        words = _flat(quote).split()[:8]
        assert " ".join(words) in text, words
    # Citations [n] and the numbered list of sources at the end: title, publisher, date.
    assert re.search(r"\[1\]", text)
    sources = text[text.rindex("Sources") :]
    for src in d["sources"]:
        assert f"[{src['n']}]" in sources
        assert _flat(src["title"] or src["file_name"])[:30] in sources
        if src["publisher"]:
            assert _flat(src["publisher"]) in sources
        if src["published"]:
            assert formats.date(src["published"]) in sources  # as the reader's language writes it
    # The print style sheet was read from the package (its page numbers are there) and
    # nothing else was asked for.
    assert f"page 1 of {pages}" in text
    assert fetcher.refused == []


def test_the_print_view_has_no_navigation_scripts_or_forms(demo):
    d = kb.dossier(demo, "CJNG")
    html = pdf.print_html(d)
    assert "<script" not in html and "<form" not in html and "<button" not in html
    assert 'class="top"' not in html  # the workbench's navigation bar
    assert all(f'id="src-{s["n"]}"' in html for s in d["sources"])
    cited = next(s for s in d["sources"] if s["cited"])
    assert f'href="#src-{cited["n"]}"' in html  # citations link to the list


def test_a_line_cut_short_says_how_many_quotes_are_left_out(demo):
    d = kb.dossier(demo, "CJNG", quotes=1)
    cut = [c for items in d["relations"].values() for c in items if c["evidence_count"] > 1]
    assert cut
    html = pdf.print_html(d)
    for c in cut:
        left = c["evidence_count"] - 1
        assert f"and {left} more quote{'' if left == 1 else 's'} in the workbench" in html
    assert "and 1 more quotes" not in html  # one quote, not "quotes"


def test_a_dossier_prints_in_spanish_with_quotes_as_written(demo):
    _require_weasyprint()
    d = kb.dossier(demo, "El Mencho")
    pages, text = _text(pdf.dossier_pdf(d, url_fetcher=pdf.fetcher(), lang="es"))
    assert "Relaciones" in text and "Fuentes" in text and "Alias" in text
    assert f"página 1 de {pages}" in text and "expediente de redes" in text  # the page margins
    assert "page 1 of" not in text and "redes dossier" not in text
    quote = _flat(
        next(ev["quote"] for items in d["relations"].values() for c in items for ev in c["evidence"])
    )
    assert " ".join(quote.split()[:8]) in text  # ingested text is not translated
    published = next(s["published"] for s in d["sources"] if s["published"] and len(s["published"]) == 10)
    assert formats.date(published, lang="es") in text


def test_the_print_view_speaks_the_reader_s_language(demo):
    d = kb.dossier(demo, "CJNG", quotes=1)
    spanish = pdf.print_html(d, links=[("/entity/cjng", "Back to the dossier")], lang="es")
    assert (
        '<html lang="es">' in spanish
        and "<h2>Relaciones</h2>" in spanish
        and "<h2>Relations</h2>" not in spanish
    )
    assert ">Volver al expediente</a>" in spanish
    cut = next(c for items in d["relations"].values() for c in items if c["evidence_count"] == 2)
    assert "y 1 cita más en la mesa de trabajo" in spanish and cut
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        pdf.print_html(d, lang="fr")


HOSTILE_IMG = "<img src=http://198.51.100.7/pixel.png>"
HOSTILE_SCRIPT = "<script>fetch('http://198.51.100.7/x')</script>"


@pytest.fixture
def hostile(sqlite_store, monkeypatch):
    corpus = Corpus(sqlite_store)
    text = (
        f"Field report. {HOSTILE_SCRIPT} Rosendo Ibarra Lugo leads the Cártel del Puerto Viejo. "
        f"The note read {HOSTILE_IMG} beside the name."
    )
    doc = Doc(
        text, publisher='<link rel="stylesheet" href="http://198.51.100.7/s.css">', published="2022-03-01"
    )
    doc.entity("r", "person", "Rosendo Ibarra Lugo")
    doc.entity("c", "criminal_group", "Cártel del Puerto Viejo")
    doc.rel("leads", "r", "c", f"{HOSTILE_SCRIPT} Rosendo Ibarra Lugo leads the Cártel del Puerto Viejo.")
    doc_id = corpus.add(doc, "hostile.txt")
    with sqlite_store.session() as s:
        s.execute(
            update(Document)
            .where(Document.id == doc_id)
            .values(title=HOSTILE_IMG, url="javascript:fetch('http://198.51.100.7/u')")
        )
    corpus.install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    return sqlite_store


def test_hostile_text_is_printed_as_text_and_nothing_is_fetched(hostile):
    _require_weasyprint()
    d = kb.dossier(hostile, "Rosendo Ibarra Lugo")
    html = pdf.print_html(d)
    assert (
        "<img src=http" not in html
        and "<script>fetch" not in html
        and '<link rel="stylesheet" href="http' not in html
    )
    assert 'href="javascript' not in html
    fetcher = pdf.fetcher()
    _pages, text = _text(pdf.dossier_pdf(d, url_fetcher=fetcher))
    assert fetcher.refused == []  # the markup is text: nothing asked for it
    assert HOSTILE_SCRIPT in text
    assert HOSTILE_IMG in text  # the quote's and the source's title
    assert "198.51.100.7/s.css" in text  # the publisher, as text


def test_the_fetcher_refuses_every_address_but_the_package_static_files(tmp_path):
    _require_weasyprint()
    import weasyprint

    fetcher = pdf.fetcher()
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")
    markup = (
        '<img src="http://198.51.100.7/pixel.png"><img src="https://198.51.100.7/a.png">'
        f'<link rel="stylesheet" href="{outside.as_uri()}">'
        f'<link rel="stylesheet" href="{(pdf.STATIC / "css" / "print.css").as_uri()}">'
        "<p>text</p>"
    )
    weasyprint.HTML(string=markup, url_fetcher=fetcher).write_pdf()
    assert sorted(fetcher.refused) == sorted(
        ["http://198.51.100.7/pixel.png", "https://198.51.100.7/a.png", outside.as_uri()]
    )
    css = pdf.STATIC / "css" / "print.css"
    assert pdf.static_file(css.as_uri()) == css.resolve()
    assert pdf.static_file((pdf.STATIC / "css" / ".." / ".." / "templates" / "base.html").as_uri()) is None
    assert pdf.static_file("file://198.51.100.7" + str(css)) is None


def _no_weasyprint(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint raises ImportError


def test_a_missing_weasyprint_is_a_clear_error(monkeypatch, demo):
    _no_weasyprint(monkeypatch)
    with pytest.raises(pdf.PdfUnavailable, match="WeasyPrint and Pango"):
        pdf.dossier_pdf(kb.dossier(demo, "CJNG"))


def test_cli_writes_the_pdf(demo_db, tmp_path):
    _require_weasyprint()
    out = tmp_path / "dossier.pdf"
    result = CliRunner().invoke(cli, ["entity", "El Mencho", "--db", demo_db, "--pdf", str(out)])
    assert result.exit_code == 0, result.output
    pages, text = _text(out.read_bytes())
    assert pages > 0 and "Oseguera Cervantes" in text
    assert "page 1 of" in text and "página" not in text  # English unless asked
    assert result.stdout == ""  # the PDF goes to the file, the note to stderr


def test_cli_writes_the_pdf_in_spanish(demo_db, tmp_path):
    _require_weasyprint()
    out = tmp_path / "expediente.pdf"
    args = ["entity", "El Mencho", "--db", demo_db, "--pdf", str(out), "--lang", "es"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "página 1 de" in _text(out.read_bytes())[1]
    wrong = CliRunner().invoke(cli, [*args[:-1], "fr"])
    assert wrong.exit_code == 2 and "'fr' is not one of 'en', 'es'" in wrong.output


def test_cli_without_weasyprint_says_so_in_one_line(demo_db, tmp_path, monkeypatch):
    _no_weasyprint(monkeypatch)
    out = tmp_path / "dossier.pdf"
    result = CliRunner().invoke(cli, ["entity", "El Mencho", "--db", demo_db, "--pdf", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "WeasyPrint and Pango" in lines[0], result.output
    assert not out.exists()


def test_cli_pdf_respects_the_readers_scope(demo_db, tmp_path):
    """--as a viewer without a grant to the only collection: the entity does not exist."""
    from redes.access import users
    from redes.store import open_store

    db = tmp_path / "scoped.db"
    import shutil

    shutil.copy(demo_db, db)
    store = open_store(db)
    with store.session() as s:
        users.create_collection(s, "secret", "confidential")
        s.execute(update(Document).values(collection_id=_collection_id(s, "secret")))
        users.create_user(s, "vera", "viewer")
    store.close()
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(
        cli, ["entity", "El Mencho", "--db", str(db), "--as", "vera", "--pdf", str(out)]
    )
    assert result.exit_code == 1
    assert not out.exists()


def _collection_id(s, name: str) -> int:
    from sqlalchemy import select

    from redes.store.models import Collection

    return s.scalar(select(Collection.id).where(Collection.name == name))
