"""Upload checks shared by every app: the type is read from the content, not the name."""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

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
    return CheckedUpload(file=upload, content_type=mime,
                         original_name=(upload.name or "upload")[:255], size=size)


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
