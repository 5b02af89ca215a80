"""Small real PDFs for tests (uploads parse PDFs, so a bare `%PDF-1.4` header is refused)."""

from __future__ import annotations

import io


def blank_pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
