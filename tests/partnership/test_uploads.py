"""Uploads are checked by content and size, and served only through the permission check."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership import services
from partnership.models import Paper, Role
from tests.factories import AgendaItemFactory, MeetingFactory, PartnershipFactory, member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def setting(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    item = AgendaItemFactory(meeting=MeetingFactory(partnership=partnership))
    return {"partnership": partnership, "coordinator": coordinator, "item": item}


def upload(setting: dict[str, Any], name: str, content: bytes) -> Paper:
    return services.paper_upload(item=setting["item"], by=setting["coordinator"], title="Paper",
                                 upload=SimpleUploadedFile(name, content))


def test_pdf_and_docx_are_accepted_by_content(setting: dict[str, Any]) -> None:
    assert upload(setting, "report.pdf", PDF).content_type == "application/pdf"
    docx = upload(setting, "report.docx", docx_bytes())
    assert docx.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.pdf", b"MZ\x90\x00 this is really a Windows program", "Its contents do not match"),
    ("notes.pdf", b"<html><script>alert(1)</script></html>", "Its contents do not match"),
    ("archive.docx", b"PK\x03\x04 not really a zip", "Its contents do not match"),
    ("empty.pdf", b"", "The selected file is empty"),
])
def test_bad_files_are_refused_and_nothing_is_saved(setting: dict[str, Any], name: str,
                                                   content: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        upload(setting, name, content)
    assert Paper.objects.count() == 0


def test_oversized_file_is_refused(setting: dict[str, Any], settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        upload(setting, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert Paper.objects.count() == 0


def test_refusal_is_shown_in_the_page(setting: dict[str, Any], client_for: Any) -> None:
    item = setting["item"]
    url = reverse("partnership:paper_upload",
                  args=[setting["partnership"].slug, item.meeting_id, item.pk])
    response = client_for(setting["coordinator"]).post(
        url, {"title": "Sneaky", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00exe")})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Its contents do not match" in body
    assert Paper.objects.count() == 0


def test_papers_are_never_served_by_a_public_url(setting: dict[str, Any], client_for: Any) -> None:
    paper = upload(setting, "report.pdf", PDF)
    assert not paper.file.name.endswith(".pdf")  # stored under a random name
    anonymous = client_for(None).get(f"/no-public-media/{paper.file.name}")
    assert anonymous.status_code == 404
    url = reverse("partnership:paper_download", args=[setting["partnership"].slug, paper.pk])
    response = client_for(setting["coordinator"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")


def test_a_missing_file_is_not_found_not_an_error(setting: dict[str, Any], client_for: Any) -> None:
    paper = upload(setting, "report.pdf", PDF)
    paper.file.storage.delete(paper.file.name)  # e.g. storage restored from an old backup
    url = reverse("partnership:paper_download", args=[setting["partnership"].slug, paper.pk])
    assert client_for(setting["coordinator"]).get(url).status_code == 404
