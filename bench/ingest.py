"""Ingest throughput: documents per second and peak memory on a generated corpus.

usage: python bench/ingest.py [--docs 10000] [--jobs 1] [--extract] [--keep DIR] [--ocr-pages 5]

Generates N documents (English and Spanish, .txt, .md and .html, ~300 words each, built
from the bundled demo corpus's sentences), ingests them into a fresh SQLite database,
ingests them again (all duplicates), and prints the figures. ``--extract`` also runs
the extraction pipeline during ingest, and prints where the CPU time of the first ingest
went: extraction (summed over worker processes), knowledge-base writes (mentions,
entities, names, claims, evidence and their commits), resolution, and the rest (reading,
parsing and storing the documents, re-applying judgements). Then OCR: a scanned PDF of
``--ocr-pages`` pages (text rendered to pixels, no text layer) read by Tesseract, in
pages per second (0 skips it).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from redes.demo import corpus_path
from redes.extract.sentences import split
from redes.ingest.pipeline import ingest
from redes.store import open_store


def sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(corpus_path().glob("*.txt")):
        out += [s.text for s in split(path.read_text(encoding="utf-8")) if len(s.text) > 40]
    return out


def generate(folder: Path, n: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    pool = sentences()
    words = 0
    for i in range(n):
        body = " ".join(rng.choice(pool) for _ in range(12))
        words += len(body.split())
        kind = i % 10
        if kind < 7:
            (folder / f"doc{i:05d}.txt").write_text(f"Document {i}\n\n{body}\n", encoding="utf-8")
        elif kind < 9:
            (folder / f"doc{i:05d}.md").write_text(f"# Document {i}\n\n{body}\n", encoding="utf-8")
        else:
            html = f"<html><head><title>Document {i}</title></head><body><article><p>{body}</p></article></body></html>"
            (folder / f"doc{i:05d}.html").write_text(html, encoding="utf-8")
    return words


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def breakdown(total: float, stages: dict[str, float]) -> str:
    """The first ingest's CPU seconds by stage (see ``redes.kb.UpdateStats.cpu``)."""
    parts = {
        "extraction": stages.get("extract", 0.0),
        "knowledge-base writes": stages.get("write", 0.0),
        "resolution": stages.get("resolve", 0.0),
    }
    parts["the rest"] = max(total - sum(parts.values()), 0.0)
    lines = [f"CPU seconds  : {total:.1f} s in all (main process and workers)"]
    lines += [f"  {name:<22}: {sec:6.1f} s {sec / total:5.0%}" for name, sec in parts.items()]
    lines.append("  (the rest: reading, parsing and storing documents, re-applying judgements)")
    return "\n".join(lines)


def scanned_pdf(pages: int, pool: list[str], seed: int = 2) -> bytes:
    """A PDF of ``pages`` A4 pages at 200 dpi holding only pixels of ~250 words each."""
    import io

    from matplotlib import font_manager
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), 30)
    images = []
    for _ in range(pages):
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        words = " ".join(rng.choice(pool) for _ in range(12)).split()
        lines, line = [], ""
        for word in words:
            if len(line) + len(word) > 80:
                lines.append(line)
                line = ""
            line = f"{line} {word}".strip()
        for i, text in enumerate(lines[:50]):
            draw.text((120, 150 + i * 42), text, fill=0, font=font)
        images.append(image.convert("RGB"))
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return buf.getvalue()


def ocr_figure(pages: int) -> str:
    from redes.ingest.formats import ocr
    from redes.ingest.readers import read_bytes

    if not ocr.available():
        return "OCR          : skipped (Tesseract with Spanish and English is not installed)"
    data = scanned_pdf(pages, sentences())
    t0 = time.perf_counter()
    doc = read_bytes(data, "scan.pdf")
    elapsed = time.perf_counter() - t0
    return (
        f"OCR          : {pages} scanned pages in {elapsed:.1f} s = {pages / elapsed:.2f} pages/s"
        f" ({len(doc.text.split()):,} words, mean confidence {doc.ocr_confidence}%)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--extract", action="store_true")
    ap.add_argument("--keep", type=Path, help="Keep the corpus and database in this folder.")
    ap.add_argument("--ocr-pages", type=int, default=5, help="Pages of the OCR figure (0: none).")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="redes-bench-"))
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    words = generate(corpus, args.docs)
    print(f"generated {args.docs} documents ({words:,} words) in {time.perf_counter() - t0:.1f} s")

    db = work / "bench.db"
    db.unlink(missing_ok=True)
    store = open_store(db)
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    report = ingest(store, [corpus], jobs=args.jobs, extract=args.extract)
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    counts = report.counts()
    print(
        f"first ingest : {counts['ingested']} ingested, {counts['failed']} failed in {elapsed:.1f} s"
        f" = {counts['ingested'] / elapsed:,.0f} documents/s ({words / elapsed:,.0f} words/s)"
        f" with --jobs {args.jobs}{' and extraction' if args.extract else ''}"
    )
    if report.extraction is not None:
        print(breakdown(cpu, report.extraction.cpu))
    t0 = time.perf_counter()
    again = ingest(store, [corpus], jobs=args.jobs, extract=args.extract)
    elapsed = time.perf_counter() - t0
    print(
        f"second ingest: {again.counts()['duplicate']} duplicates in {elapsed:.1f} s"
        f" = {again.counts()['duplicate'] / elapsed:,.0f} documents/s"
    )
    own, children = peak_rss_mb()
    print(f"peak RSS     : {own:.0f} MB (main process), {children:.0f} MB (largest worker)")
    print(f"database     : {db.stat().st_size / 1024 / 1024:.0f} MB")
    store.close()
    if args.ocr_pages:
        print(ocr_figure(args.ocr_pages))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
