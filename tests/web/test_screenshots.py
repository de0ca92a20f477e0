"""Pictures of the dossier for people to look at, saved under test-artefacts/: the page in
Chromium (dossier.png), the first page of its PDF through pdftoppm (dossier-pdf-1.png),
and the territory page (territory.png); and the page printed from the browser, which
shows every quote (dossier-print.pdf)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest

from tests.conftest import ROOT, unavailable

ARTEFACTS = ROOT / "test-artefacts"
MENCHO = "nemesio-oseguera-cervantes"


def _saved(name: str):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS / name


def _not_blank(png) -> None:
    from PIL import Image

    with Image.open(png) as im:
        assert im.width > 300 and im.height > 300
        lo, hi = im.convert("L").getextrema()
        assert hi - lo > 100  # text on a page, not an empty picture


@pytest.mark.browser
def test_the_dossier_page(page):
    assert page.goto(f"/entity/{MENCHO}").status == 200
    page.wait_for_selector("#ego[data-nodes]", timeout=30_000)
    page.wait_for_load_state("networkidle")
    path = _saved("dossier.png")
    page.screenshot(path=str(path), full_page=True)
    _not_blank(path)
    assert page.watch.problems() == []


@pytest.mark.browser
def test_printing_the_dossier_page_shows_every_quote(page):
    from pypdf import PdfReader

    page.goto(f"/entity/{MENCHO}")
    page.wait_for_selector("#ego[data-nodes]", timeout=30_000)
    lines = page.locator("details.evidence[data-claims]")
    assert lines.count() > 2
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    quotes = []
    for i in range(lines.count()):
        line = lines.nth(i)
        assert line.evaluate("d => d.open")
        summary = line.locator("summary").inner_text()
        shown = line.locator("ol > li blockquote")
        assert shown.count() == int(summary.split()[0]), summary
        quotes.append(shown.first.inner_text())
    assert not page.locator("header.top").is_visible()  # no navigation on paper
    assert not page.locator("a.pdf-link").is_visible()
    path = _saved("dossier-print.pdf")
    page.pdf(path=str(path), format="A4")
    # Chromium's PDFs extract with uneven spaces and ligatures (ﬀ): compare without them.
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    text = "".join(unicodedata.normalize("NFKC", text).split())
    for quote in quotes:
        assert "".join(quote.split()[:6]) in text, quote
    assert page.watch.problems() == []


def test_the_dossier_pdf_as_a_picture(client):
    from redes.export.pdf import PdfUnavailable, fetcher

    try:
        fetcher()
    except PdfUnavailable as exc:
        unavailable(str(exc))
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        unavailable("pdftoppm is not installed (apt-get install poppler-utils)")
    r = client.get(f"/entity/{MENCHO}/pdf")
    assert r.status_code == 200
    pdf = _saved("dossier.pdf")
    pdf.write_bytes(r.content)
    png = _saved("dossier-pdf-1.png")
    png.unlink(missing_ok=True)
    # -singlefile: "dossier-pdf-1.png", whatever the number of pages.
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png.with_suffix(""))],
        check=True,
        timeout=120,
    )
    _not_blank(png)
    from pypdf import PdfReader

    assert "Nemesio Oseguera Cervantes" in PdfReader(io.BytesIO(r.content)).pages[0].extract_text()


@pytest.mark.browser
def test_the_territory_page(page):
    assert page.goto("/territory?group=CJNG&from=2009&to=2023").status == 200
    page.wait_for_selector("#muni-map[data-ready]", timeout=30_000)
    page.wait_for_selector("#presence-map[data-ready]", timeout=30_000)
    page.wait_for_load_state("networkidle")
    path = _saved("territory.png")
    page.screenshot(path=str(path), full_page=True)
    _not_blank(path)
    assert page.watch.problems() == []
