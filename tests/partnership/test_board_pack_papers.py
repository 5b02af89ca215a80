"""Papers in the board pack: rotated PDF pages drawn as a viewer shows them, and DOCX/XLSX papers
converted with LibreOffice (installed by .ci/run) or, without a converter, listed as
"circulated separately"."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from partnership import services
from partnership.models import BoardPack, Role
from partnership.tasks import compile_board_pack
from tests.factories import AgendaItemFactory, MeetingFactory, PartnershipFactory, member
from tests.pdf_text import page_texts

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def landscape_pdf(words: list[str]) -> bytes:
    """One landscape A4 page per word, the word upright in the top-left corner."""
    from weasyprint import HTML

    pages = "".join(f'<p style="break-after: page; font-size: 40pt">{word}</p>' for word in words)
    return HTML(string=f"<html><head><style>@page {{ size: A4 landscape; margin: 1cm }}</style>"
                       f"</head><body>{pages}</body></html>").write_pdf()


def rotated_pdf(words: list[str], rotate: int) -> bytes:
    """What scanners and office exports write for a landscape page: a portrait box whose content
    is drawn sideways, with ``/Rotate`` telling viewers to turn it upright."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(landscape_pdf(words))))
    for page in writer.pages:
        page.rotate((360 - rotate) % 360)  # draw the content turned the other way ...
        page.transfer_rotation_to_content()  # ... baked into the content, /Rotate 0
        page.rotate(rotate)  # and ask the viewer to turn it back upright
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def word_boxes(pdf: bytes, page_number: int, word: str, tmp_path: Any) -> list[tuple[float, ...]]:
    """Where poppler's ``pdftotext -bbox`` (which applies every transformation, as a viewer
    does) finds ``word`` on the 1-based page: (left, top, right, bottom) in points from the
    top-left corner. An upright word is wider than it is tall; a sideways one is not."""
    target = tmp_path / "pack.pdf"
    target.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-f", str(page_number), "-l", str(page_number), "-bbox",
                          str(target), "-"], capture_output=True, text=True, check=True).stdout
    return [tuple(float(v) for v in found) for found in re.findall(
        rf'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">{word}</word>',
        out)]


def assert_upright_in_top_left_of_fitted_landscape(box: tuple[float, ...]) -> None:
    left, top, right, bottom = box
    assert right - left > 2 * (bottom - top), f"not upright: {box}"
    # A landscape A4 page fitted to the portrait page's width (scale 595/842) and centred
    # vertically fills 210–631 pt from the top; the word sits in its top-left corner.
    assert 0 < left < 60 and 210 < top < 320, f"not in the top-left corner: {box}"


@pytest.fixture
def meeting(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory(name="Testshire CSP")
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership, title="Partnership board Q3")
    item = AgendaItemFactory(meeting=meeting, order=1, title="Budget")
    return {"partnership": partnership, "coordinator": coordinator, "meeting": meeting,
            "item": item}


def compiled(meeting: dict[str, Any]) -> BoardPack:
    pack = services.board_pack_request(meeting=meeting["meeting"], by=meeting["coordinator"])
    assert compile_board_pack(pack.pk) == "compiled"
    pack.refresh_from_db()
    assert pack.status == "ready", pack.error
    return pack


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_paper_pages_are_drawn_upright_numbered_and_headed(meeting: dict[str, Any],
                                                                   rotate: int,
                                                                   tmp_path: Any) -> None:
    source = rotated_pdf(["Sideways", "Landscape"], rotate)
    assert [page.rotation for page in PdfReader(io.BytesIO(source)).pages] == [rotate, rotate]
    services.paper_upload(item=meeting["item"], by=meeting["coordinator"], title="Budget sheet",
                          upload=SimpleUploadedFile("budget.pdf", source))
    pack = compiled(meeting).file.read()
    pages = page_texts(pack)
    total = len(pages)
    for number, word in ((total - 1, "Sideways"), (total, "Landscape")):
        assert f"Page {number} of {total}" in pages[number - 1]
        assert "Testshire CSP · Partnership board Q3 · Item 1" in pages[number - 1]
        [box] = word_boxes(pack, number, word, tmp_path)
        assert_upright_in_top_left_of_fitted_landscape(box)


def test_an_unrotated_landscape_paper_is_fitted_the_same_way(meeting: dict[str, Any],
                                                             tmp_path: Any) -> None:
    services.paper_upload(item=meeting["item"], by=meeting["coordinator"], title="Budget sheet",
                          upload=SimpleUploadedFile("budget.pdf", landscape_pdf(["Upright"])))
    pack = compiled(meeting).file.read()
    [box] = word_boxes(pack, len(page_texts(pack)), "Upright", tmp_path)
    assert_upright_in_top_left_of_fitted_landscape(box)


def minimal_docx(paragraphs: list[str]) -> bytes:
    """A real WordprocessingML document: the three parts Word needs, nothing else."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        archive.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"))
    return out.getvalue()


def minimal_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 40  # LibreOffice cuts text at the column's edge
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_docx_and_xlsx_papers_are_converted_and_numbered(meeting: dict[str, Any]) -> None:
    by, item = meeting["coordinator"], meeting["item"]
    services.paper_upload(item=item, by=by, title="Draft strategy", upload=SimpleUploadedFile(
        "strategy.docx", minimal_docx(["Strategy draft for consultation", "Second paragraph"])))
    services.paper_upload(item=item, by=by, title="Spend to date", upload=SimpleUploadedFile(
        "spend.xlsx", minimal_xlsx([["Line", "Spend"], ["ASB caseworker", 28500]])))
    pack = compiled(meeting)
    assert "circulated separately" not in pack.notes
    reader = PdfReader(io.BytesIO(pack.file.read()))
    pages = page_texts(reader)
    total = len(pages)
    contents = pages[1]
    assert "circulated separately" not in contents
    docx_page = next(n for n, text in enumerate(pages, start=1) if "Strategy draft" in text)
    xlsx_page = next(n for n, text in enumerate(pages, start=1) if "ASB caseworker" in text)
    assert (docx_page, xlsx_page) == (total - 1, total)  # one page each, in upload order
    for number in (docx_page, xlsx_page):
        assert f"Page {number} of {total}" in pages[number - 1]
        assert "Testshire CSP · Partnership board Q3 · Item 1" in pages[number - 1]
    assert "28500" in pages[xlsx_page - 1]
    assert f"Draft strategy {docx_page}" in contents and f"Spend to date {xlsx_page}" in contents


def test_without_a_converter_office_papers_are_circulated_separately(
        meeting: dict[str, Any], settings: Any) -> None:
    settings.BOARD_PACK_CONVERTER = ""
    services.paper_upload(item=meeting["item"], by=meeting["coordinator"],
                          title="Draft strategy", upload=SimpleUploadedFile(
                              "strategy.docx", minimal_docx(["Strategy draft"])))
    pack = compiled(meeting)
    reader = PdfReader(io.BytesIO(pack.file.read()))
    assert "Draft strategy: circulated separately" in page_texts(reader)[1]
    assert "Strategy draft" not in " ".join(page_texts(reader))
    assert "circulated separately (not PDF): 1. Draft strategy" in pack.notes
