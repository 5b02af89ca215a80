"""Real report files for the name check: PDFs rendered by WeasyPrint (text on each page, as a
word processor's export has), DOCX written by python-docx, and their upload as document
versions of a review."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile

from reviews.models import DocumentVersion, ReviewDocument

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def text_pdf(pages: Sequence[str]) -> bytes:
    """A PDF with one page per string (each string's paragraphs on its page)."""
    from weasyprint import HTML

    body = "".join(
        '<section style="page-break-after: always">'
        + "".join(f"<p>{html.escape(line)}</p>" for line in page.split("\n")) + "</section>"
        for page in pages)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()  # type: ignore[no-any-return]


def text_docx(paragraphs: Sequence[str], *, table: Sequence[Sequence[str]] = (),
              header: str = "") -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(review: Any, kind: str, content: bytes, *, content_type: str = PDF,
           by: Any = None) -> DocumentVersion:
    """A new version of the review's document of ``kind`` (the document made on first use)."""
    document, _ = ReviewDocument.objects.get_or_create(
        review=review, kind=kind, defaults={"title": kind.title()})
    number = document.versions.count() + 1
    version = DocumentVersion(document=document, number=number, content_type=content_type,
                              size=len(content), uploaded_by=by)
    version.file.save(f"{kind}.bin", ContentFile(content), save=False)
    version.save()
    return version
