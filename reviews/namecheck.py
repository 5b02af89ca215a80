"""The never-publish name check: the text of a PDF or DOCX, and where a listed name appears.

Pure functions (no database): the service reads the files and the list, this finds the places.

- A PDF is read page by page with pypdf: a finding says "page 3".
- A DOCX is read with python-docx: body paragraphs ("paragraph 12"), table cells ("table 2,
  row 3"), and each section's headers and footers ("header of section 1").
- A name matches case-insensitively and as whole words: "Ann" is found in "ann's" and "ANN," but
  not in "Annual"; the words of a name may be split by any white space (a line break in a PDF).

Nothing here logs or raises with a name in it; a finding carries the index of the name in the
list, and only the coordinator's page turns it back into the name.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from partnership.spreadsheets import Limits, check_zip

# A report is text and a few images; a DOCX that inflates past this is refused, not read.
DOCX_LIMITS = Limits(max_uncompressed=200 * 1024 * 1024, max_ratio=200)


class UnreadableDocument(ValueError):
    """The file is neither a readable PDF nor a readable DOCX."""


@dataclass(frozen=True)
class Finding:
    document: str  # e.g. "Final overview report (version 2)"
    where: str  # "page 3", "paragraph 12", "table 1, row 2"
    name_index: int  # index in the list given to :func:`find_names`


def name_pattern(name: str) -> re.Pattern[str] | None:
    words = name.split()
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)",
                      re.IGNORECASE)


def kind_of(data: bytes) -> str:
    """"pdf", "docx", or UnreadableDocument."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
    raise UnreadableDocument("it is neither a PDF nor a Word (DOCX) document")


def _pdf_parts(data: bytes) -> Iterator[tuple[str, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument("the PDF is password-protected")
        for number, page in enumerate(reader.pages, start=1):
            yield f"page {number}", page.extract_text() or ""
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, UnreadableDocument):
            raise
        raise UnreadableDocument("the PDF could not be read") from error


def _docx_parts(data: bytes) -> Iterator[tuple[str, str]]:
    import docx
    from django.core.exceptions import ValidationError

    try:
        check_zip(io.BytesIO(data), DOCX_LIMITS)
    except ValidationError as error:
        raise UnreadableDocument("the Word document is too large once unpacked") from error
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a broken file
        raise UnreadableDocument("the Word document could not be read") from error
    for number, paragraph in enumerate(document.paragraphs, start=1):
        yield f"paragraph {number}", paragraph.text
    for table_number, table in enumerate(document.tables, start=1):
        for row_number, row in enumerate(table.rows, start=1):
            yield (f"table {table_number}, row {row_number}",
                   "\n".join(cell.text for cell in row.cells))
    for section_number, section in enumerate(document.sections, start=1):
        for part, label in ((section.header, "header"), (section.footer, "footer")):
            if part.is_linked_to_previous and section_number > 1:
                continue
            text = "\n".join(p.text for p in part.paragraphs)
            yield f"{label} of section {section_number}", text


def text_parts(data: bytes) -> Iterator[tuple[str, str]]:
    """(where, text) for each page of a PDF or each paragraph, table row, header and footer of
    a DOCX."""
    kind = kind_of(data)
    return _pdf_parts(data) if kind == "pdf" else _docx_parts(data)


def find_in_parts(names: Sequence[str], label: str,
                  parts: Iterable[tuple[str, str]]) -> list[Finding]:
    """Every place ((where, text) pairs of the document ``label``) where a name appears."""
    patterns = [(index, name_pattern(name)) for index, name in enumerate(names)]
    return [Finding(label, where, index) for where, text in parts
            for index, pattern in patterns if pattern is not None and pattern.search(text)]


def find_names(names: Sequence[str], documents: Sequence[tuple[str, bytes]]) -> list[Finding]:
    """Every place where one of ``names`` appears in ``documents`` ((label, content) pairs)."""
    return [finding for label, data in documents
            for finding in find_in_parts(names, label, text_parts(data))]
