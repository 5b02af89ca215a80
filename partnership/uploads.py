"""Upload checks shared by every app: the type is read from the content, not the name."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

if TYPE_CHECKING:
    from pypdf import PdfReader

# Documents partnerships actually exchange. Type by content (magic bytes).
DOCUMENT_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint (.pptx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument text (.odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet (.ods)",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
}


# The extension a download gets, from the type sniffed at upload (never the uploaded name's).
EXTENSIONS: dict[str, str] = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "text/csv": ".csv",
}
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    content_type: str
    original_name: str
    size: int


def allowed_type_names(types: dict[str, str] | None = None) -> str:
    return ", ".join(sorted(set((types or DOCUMENT_TYPES).values())))


def check_upload(upload: UploadedFile, *, types: dict[str, str] | None = None,
                 max_bytes: int | None = None) -> CheckedUpload:
    """Raise ValidationError unless the upload is an allowed type (by content) and size."""
    types = types or DOCUMENT_TYPES
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The selected file is empty.")
    if size > limit:
        raise ValidationError(f"The selected file must be smaller than {limit // (1024 * 1024)} MB.")
    mime = sniff_type(upload)
    if mime is None or mime not in types:
        raise ValidationError(
            f"The selected file must be a {allowed_type_names(types)}. "
            "Its contents do not match an allowed type."
        )
    if mime == "application/pdf":
        try:
            read_pdf(upload)
        except UnreadablePdf as error:
            raise ValidationError(f"The selected PDF cannot be used: {error}.") from error
        finally:
            upload.seek(0)
    return CheckedUpload(file=upload, content_type=mime,
                         original_name=safe_filename(upload.name or "", mime), size=size)


class UnreadablePdf(ValueError):
    """A file that starts like a PDF but that we cannot (or will not) read as one."""


def read_pdf(stream: IO[bytes], *, max_pages: int | None = None) -> PdfReader:
    """Parse a PDF fully, as the board pack will; UnreadablePdf says why it cannot be used.

    A file that merely starts with `%PDF-` (HTML or script behind a PDF header) fails here, so
    it is refused at upload instead of breaking every later board pack. Limits: the page count
    (settings.UPLOAD_PDF_MAX_PAGES) and the upload size limit (checked before this)."""
    from pypdf import PdfReader, PdfWriter

    limit = max_pages or settings.UPLOAD_PDF_MAX_PAGES
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted:
            raise UnreadablePdf("it is password-protected")
        pages = len(reader.pages)
        if pages == 0:
            raise UnreadablePdf("it has no pages")
        if pages > limit:
            raise UnreadablePdf(f"it has {pages} pages; the most is {limit}")
        # Copy every page as the board pack does: this reads each page's objects.
        PdfWriter().append(reader)
        PdfWriter().write(io.BytesIO())
    except UnreadablePdf:
        raise
    except Exception as error:  # pypdf raises many types on malformed input; all mean "unreadable"
        raise UnreadablePdf("it is not a valid PDF (it may be damaged, or not really a PDF)") \
            from error
    return reader


BIDI_AND_CONTROL = {"Cc", "Cf", "Zl", "Zp"}


def safe_filename(name: str, content_type: str, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """A download name: the uploaded stem, the extension of the sniffed type, no bidi controls.

    `report.pdf` holding a PNG becomes `report.png`; U+202E and other format/control characters
    (which can disguise `exe.pdf` as `fdp.exe`) are removed; path separators go; a long name is
    shortened in its stem so the extension always survives."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in BIDI_AND_CONTROL)
    extension = EXTENSIONS.get(content_type, "")
    stem, dot, _old_extension = base.rpartition(".")
    if not dot:
        stem = base
    stem = stem.strip().strip(".").strip() or "download"
    return stem[: max_length - len(extension)].rstrip() + extension


OFFICE_MARKERS = (
    ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/presentation.xml",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)


def sniff_type(upload: UploadedFile) -> str | None:
    """The MIME type read from the file's bytes; Office zips are opened to tell them apart."""
    import zipfile

    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        for marker, mime in OFFICE_MARKERS:
            if marker in names:
                return mime
    kind = filetype.guess(head)
    return kind.mime if kind else None
