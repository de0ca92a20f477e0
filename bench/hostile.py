"""Peak memory and time of ingesting the hostile-input set (issue 14): links out of the
folder and in a loop, a FIFO, UTF-16 without a BOM, random high bytes, NUL bytes, escape
sequences in names and titles, 50,000 nested <div>s, an unknown entity, PDFs with
JavaScript and with encryption, and one long text document.

usage: python bench/hostile.py [--big-mb 5] [--no-extract]

The set is generated in a temporary folder; ``redes ingest`` runs on it in a child
process, whose peak resident memory (the models included) and wall time are printed with
each file's outcome. ``--big-mb`` sizes the long text (100 MB, just under the default
limit, takes about an hour of extraction on one core). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "El Cártel de Sinaloa opera en Sonora y Chihuahua desde 2010, según la Fiscalía General de la "
    "República. Los Zetas disputan Tamaulipas al Cártel del Golfo.\n\n"
)


def _pdf(encrypt: str | None = None, js: bool = False) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript
    from tests.ingest.samples import pdf_bytes

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf_bytes([PARAGRAPH.strip()]))).pages[0])
    if js:
        writer.add_open_action(JavaScript("app.alert('x'); this.exportDataObject({cName: 'a', nLaunch: 2});"))
    if encrypt is not None:
        writer.encrypt(user_password=encrypt, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build(folder: Path, big_mb: float) -> None:
    folder.mkdir()
    rng = random.Random(14)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "loop").symlink_to(folder)
    os.mkfifo(folder / "pipe.txt")
    (folder / "utf16.txt").write_bytes((PARAGRAPH * 20).encode("utf-16-le"))
    (folder / "random.txt").write_bytes(bytes(rng.randrange(128, 256) for _ in range(20_000)))
    (folder / "nul.txt").write_bytes((PARAGRAPH * 200).encode() + b"Guadalajara\x00Jalisco")
    (folder / 'escapes\x1b[2J\n"quoted".txt').write_bytes(b"T\x1b[31mitle\x07\n\n" + (PARAGRAPH * 5).encode())
    divs = "<div>" * 50_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 50_000
    (folder / "divs.html").write_text(f"<html><head><title>Deep</title></head><body>{divs}</body></html>")
    (folder / "entity.html").write_text(
        f"<html><body><p>Antes &foo; despues.</p><p>{PARAGRAPH}</p></body></html>"
    )
    (folder / "javascript.pdf").write_bytes(_pdf(js=True))
    (folder / "open.pdf").write_bytes(_pdf(encrypt=""))
    (folder / "locked.pdf").write_bytes(_pdf(encrypt="secreto"))
    with (folder / "long.txt").open("w", encoding="utf-8") as f:
        size = 0
        while size < big_mb * 1024 * 1024:
            f.write(PARAGRAPH)
            size += len(PARAGRAPH.encode())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big-mb", type=float, default=5.0)
    ap.add_argument("--no-extract", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "hostile"
        build(folder, args.big_mb)
        cmd = [sys.executable, "-m", "redes", "ingest", "--db", str(Path(tmp) / "h.db"), "--format", "json"]
        cmd += ["--no-extract"] if args.no_extract else []
        t = time.perf_counter()
        done = subprocess.run([*cmd, str(folder), "/dev/zero"], capture_output=True, text=True)
        seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report = json.loads(done.stdout)
    for f in report["files"]:
        print(f"{f['status']:9} {os.path.basename(f['path'])!r:40} {f['reason'] or ''}")
    print(
        f"\nexit {done.returncode}; {seconds:.1f} s; peak resident memory {peak:.0f} MB (long.txt: {args.big_mb} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
