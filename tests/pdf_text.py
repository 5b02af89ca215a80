"""Text of a PDF for assertions, independent of fonts and line wrapping.

Which fonts a machine has (DejaVu only on a fresh Debian, Liberation in CI, Helvetica on a
Mac) changes where lines break; pypdf then puts a newline inside a phrase. Every PDF text
assertion reads the text through here: whitespace runs become one space.
"""

from __future__ import annotations

import io

from pypdf import PdfReader


def normalised(text: str) -> str:
    return " ".join(text.split())


def page_texts(pdf: bytes | PdfReader) -> list[str]:
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    return [normalised(page.extract_text() or "") for page in reader.pages]


def pdf_text(pdf: bytes | PdfReader) -> str:
    return " ".join(page_texts(pdf))
