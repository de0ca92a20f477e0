"""Copy the openly licensed demo corpus into the package, with its metadata and NOTICE.

usage: python tools/bundle_corpus.py SHARED_CORPUS_PUBLIC_DIR

Reads the folder's SOURCES.md (Markdown tables with one row per file) and writes
src/redes/data/corpus/: the .txt files, metadata.csv (the ingest sidecar: title,
publisher, date, language, address) and NOTICE (each file's source and licence).
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

from redes.ingest.sidecar import _markdown_rows, read_sidecar

DEST = Path(__file__).resolve().parents[1] / "src" / "redes" / "data" / "corpus"


def main(src: Path) -> None:
    sources = src / "SOURCES.md"
    meta = read_sidecar(sources)
    rows = {Path(r.get("File", "")).name: r for r in _markdown_rows(sources.read_text("utf-8"))}
    DEST.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in src.glob("*.txt"))
    with open(DEST / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "title", "publisher", "published", "language", "url"])
        for p in files:
            m = meta.get(p.name, {})
            w.writerow(
                [
                    p.name,
                    m.get("title", ""),
                    m.get("publisher", ""),
                    m.get("published", ""),
                    m.get("language", ""),
                    m.get("url", ""),
                ]
            )
            shutil.copyfile(p, DEST / p.name)
    lines = [
        "# Demo corpus: sources and licences",
        "",
        "These texts are public-domain U.S. federal government works (17 U.S.C. §105) or",
        "Mexican government texts reused under the gob.mx Términos de Libre Uso, which require",
        "attribution. Each entry gives the publisher, the official address and the licence basis.",
        "Some files hold only the opening part of the official text; see each note.",
        "",
    ]
    for p in files:
        r = dict(rows.get(p.name, {}))
        retrieved = r.get("Address retrieved from", "") or r.get(
            "Address retrieved from (repository, path, commit)", ""
        )
        if r.get("Official / canonical address", "").strip() == "same":
            r["Official / canonical address"] = retrieved
        lines += [
            f"## {p.name}",
            f"- Title: {r.get('Title', '')}",
            f"- Publisher: {r.get('Publisher (author of the text)', '')}",
            f"- Date: {r.get('Date', '')}",
            f"- Official address: {r.get('Official / canonical address', '')}",
            f"- Retrieved from: {retrieved}",
            f"- Licence: {r.get('Licence basis', '')}",
            f"- Notes: {r.get('Notes', '')}",
            "",
        ]
        if "gob.mx" in r.get("Licence basis", "") or "gob.mx" in r.get("Official / canonical address", ""):
            lines += [
                f"  Fuente: {r.get('Publisher (author of the text)', '')}, «{r.get('Title', '')}»,"
                f" {r.get('Official / canonical address', '')} — reutilizado conforme a los"
                " Términos de Libre Uso de gob.mx.",
                "",
            ]
    lines += [
        "## Further attribution",
        "",
        "f11–f18: «Fuente: Presidencia de la República, Gobierno de México, versiones",
        "estenográficas publicadas en https://www.gob.mx/presidencia — reutilizado conforme a los",
        "Términos de Libre Uso de gob.mx.» The transcripts were taken from the dataset",
        "fferegrino/mananeras (ioexception/mananeras on Kaggle, labelled CC BY-SA 4.0); we credit",
        "the compiler in case that label is held to carry over to the selection.",
        "f11 includes journalists' questions printed inside the official transcript.",
        "",
    ]
    (DEST / "NOTICE").write_text("\n".join(lines), encoding="utf-8")
    print(f"bundled {len(files)} files into {DEST}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
