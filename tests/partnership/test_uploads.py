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
from tests.pdfs import blank_pdf

PDF = blank_pdf()


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


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n",
     "The selected PDF cannot be used: it is not a valid PDF"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
     "The selected PDF cannot be used: it is not a valid PDF"),
])
def test_a_file_that_only_looks_like_a_pdf_is_refused(setting: dict[str, Any], content: bytes,
                                                      message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        upload(setting, "paper.pdf", content)
    assert Paper.objects.count() == 0


def test_a_pdf_with_too_many_pages_is_refused(setting: dict[str, Any], settings: Any) -> None:
    settings.UPLOAD_PDF_MAX_PAGES = 3
    assert upload(setting, "three.pdf", blank_pdf(3)).content_type == "application/pdf"
    with pytest.raises(ValidationError, match="it has 4 pages; the most is 3"):
        upload(setting, "four.pdf", blank_pdf(4))
    assert Paper.objects.count() == 1


def test_a_password_protected_pdf_is_refused(setting: dict[str, Any]) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank_pdf())))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError, match="it is password-protected"):
        upload(setting, "locked.pdf", buffer.getvalue())


def download_name(setting: dict[str, Any], client_for: Any, paper: Paper) -> str:
    url = reverse("partnership:paper_download", args=[setting["partnership"].slug, paper.pk])
    response = client_for(setting["coordinator"]).get(url)
    assert response.status_code == 200
    return str(response["Content-Disposition"])


def test_the_download_is_named_from_the_sniffed_type(setting: dict[str, Any],
                                                     client_for: Any) -> None:
    paper = upload(setting, "poly.html", PNG)
    assert paper.content_type == "image/png"
    assert paper.original_name == "poly.png"
    assert download_name(setting, client_for, paper) == 'attachment; filename="poly.png"'


def test_bidi_controls_are_stripped_from_the_name(setting: dict[str, Any], client_for: Any) -> None:
    paper = upload(setting, "invoice\u202egnp.exe", PNG)
    assert paper.original_name == "invoicegnp.png"
    assert download_name(setting, client_for, paper) == 'attachment; filename="invoicegnp.png"'


def test_a_long_name_keeps_its_extension(setting: dict[str, Any]) -> None:
    paper = upload(setting, "a" * 252 + ".md", PNG)  # 255 characters; ".png" makes it 256
    assert paper.original_name == "a" * 251 + ".png"


@pytest.mark.parametrize(("name", "content_type", "expected"), [
    ("report.pdf", "application/pdf", "report.pdf"),
    ("poly.html", "image/png", "poly.png"),
    ("no extension", "application/pdf", "no extension.pdf"),
    ("..\\..\\windows\\evil.docx", "application/pdf", "evil.pdf"),
    ("\u202e\u2066.pdf", "application/pdf", "download.pdf"),
    ("line\nbreak.pdf", "application/pdf", "linebreak.pdf"),
    ("x" * 20 + ".jpeg", "image/jpeg", "x" * 6 + ".jpg"),
])
def test_safe_filename(name: str, content_type: str, expected: str) -> None:
    from partnership.uploads import safe_filename

    assert safe_filename(name, content_type, max_length=10 if len(name) == 25 else 255) == expected
