"""Serving an uploaded file: only after the view's permission check, never from a public URL."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from .uploads import safe_filename


def protected_download(field_file: FieldFile | None, *, filename: str,
                       content_type: str) -> FileResponse:
    """An attachment response that no cache keeps; 404 when there is no file or it is gone.

    The name is rebuilt from the sniffed type (a PNG uploaded as `poly.html` downloads as
    `poly.png`), without bidi or control characters, and keeps its extension however long."""
    if not field_file:
        raise Http404("There is no file.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(handle, as_attachment=True,
                            filename=safe_filename(filename or "", content_type),
                            content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response
