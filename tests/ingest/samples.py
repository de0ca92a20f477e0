"""Sample files for ingest tests, built in code so the tests show exactly what they hold."""

from __future__ import annotations

import io


def pdf_bytes(lines: list[str], title: str | None = None) -> bytes:
    """A minimal, valid one-page PDF whose text layer holds ``lines``."""
    content = (
        "BT /F1 12 Tf 72 720 Td 14 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines
        )
        + " ET"
    )
    info = f"<< /Title ({title}) >>" if title else "<< >>"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_bytes(paragraphs: list[str], title: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if title:
        document.core_properties.title = title
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


MALICIOUS_HTML = """<!doctype html>
<html><head><title>Informe sobre el CJNG</title>
<meta name="date" content="2024-05-02">
<style>body { color: red }</style>
<script>alert("pwned"); document.write("SCRIPT-TEXT")</script></head>
<body onload="alert(2)">
<article>
<h1>Informe sobre el CJNG</h1>
<p>El Cártel de Jalisco Nueva Generación opera en Michoacán y Guanajuato desde hace años,
según reportes de la Fiscalía General de la República.</p>
<p><img src=x onerror="alert(1)">Las autoridades detuvieron a varios integrantes del grupo
criminal en operativos realizados durante 2023 en el occidente del país.</p>
<script>var leaked = "INLINE-SCRIPT";</script>
</article>
</body></html>
"""
