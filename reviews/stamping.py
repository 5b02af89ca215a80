"""Protective marking on every page of a review's PDF, drawn when it is downloaded.

Each page gets a line of text at its top and bottom, over its own content: "OFFICIAL-SENSITIVE:
restricted until publication", who downloaded it and when. Drawn with pypdf alone: a small
content stream appended to each page, with the standard Helvetica font (every PDF reader has it;
nothing is embedded), so stamping a long report is quick and the stored file never changes.
"""

from __future__ import annotations

import io
from typing import Any, cast

MARKING = "OFFICIAL-SENSITIVE: restricted until publication"
FONT_NAME = "/FStampOS"


def _pdf_text(text: str) -> str:
    """A PDF string literal's body: WinAnsi (Latin-1) only, parentheses and backslash escaped."""
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def stamp_pdf(content: bytes, *, downloaded_by: str, downloaded_at: str) -> bytes:
    """The PDF with the marking and the downloader's name and time on every page."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    reader = PdfReader(io.BytesIO(content))
    writer = PdfWriter(clone_from=reader)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    font_ref = writer._add_object(font)
    top_line = _pdf_text(MARKING)
    bottom_line = _pdf_text(f"{MARKING}. Downloaded by {downloaded_by}, {downloaded_at}.")
    for page in writer.pages:
        box = page.mediabox
        left, bottom = float(box.left), float(box.bottom)
        height = float(box.height)
        resources = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        resources = cast(Any, resources.get_object())
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts.get_object()[NameObject(FONT_NAME)] = font_ref
        x = left + 24
        stream = DecodedStreamObject()
        stream.set_data((
            "q 0.75 0 0 rg BT "
            f"{FONT_NAME} 9 Tf 1 0 0 1 {x:.2f} {bottom + height - 16:.2f} Tm ({top_line}) Tj "
            f"{FONT_NAME} 7 Tf 1 0 0 1 {x:.2f} {bottom + 10:.2f} Tm ({bottom_line}) Tj "
            f"ET Q\n").encode("latin-1"))
        # Wrap the page's own content in q/Q so its graphics state cannot hide the stamp.
        before = DecodedStreamObject()
        before.set_data(b"q\n")
        after = DecodedStreamObject()
        after.set_data(b"\nQ\n")
        existing = page.get("/Contents")
        parts = ArrayObject([writer._add_object(before)])
        if existing is not None:
            existing_object = existing.get_object()
            if isinstance(existing_object, ArrayObject):
                parts.extend(existing_object)
            else:
                parts.append(existing if hasattr(existing, "idnum")
                             else writer._add_object(existing_object))
        parts.append(writer._add_object(after))
        parts.append(writer._add_object(stream))
        page[NameObject("/Contents")] = parts
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
