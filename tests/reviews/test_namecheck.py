"""The never-publish name check on real PDF and DOCX files: where a name is, whole words, any
capitals, names split over lines; unreadable files refused."""

from __future__ import annotations

import pytest

from reviews.namecheck import Finding, UnreadableDocument, find_names, kind_of
from tests.pdfs import blank_pdf
from tests.reviews.documents import text_docx, text_pdf


def test_a_pdf_names_the_page() -> None:
    pdf = text_pdf(["Adult A lived in the town.", "Nothing here.",
                    "Her sister JANE SMITH spoke to the panel."])
    assert find_names(["Jane Smith"], [("Overview", pdf)]) == [Finding("Overview", "page 3", 0)]


def test_whole_words_only_and_any_capitals() -> None:
    pdf = text_pdf(["Annual report of the partnership.", "ann's mother was told."])
    assert find_names(["Ann"], [("Overview", pdf)]) == [Finding("Overview", "page 2", 0)]


def test_a_name_split_over_two_lines_is_found() -> None:
    pdf = text_pdf(["The perpetrator, John\nDoe, was known to police."])
    assert find_names(["john doe"], [("Overview", pdf)]) == [Finding("Overview", "page 1", 0)]


def test_a_docx_names_the_paragraph_table_row_and_header() -> None:
    docx = text_docx(["Introduction.", "Adult A.", "She lived at 12 Acacia Avenue."],
                     table=[["Agency", "Contact"], ["Police", "Spoke to Jane Smith"]],
                     header="Draft for Jane Smith")
    assert find_names(["Jane Smith", "12 Acacia Avenue"], [("Summary", docx)]) == [
        Finding("Summary", "paragraph 3", 1), Finding("Summary", "table 1, row 2", 0),
        Finding("Summary", "header of section 1", 0)]


def test_a_clean_document_has_no_findings() -> None:
    assert find_names(["Jane Smith"], [("Summary", text_docx(["Adult A and Adult B."])),
                                       ("Overview", text_pdf(["Adult A."]))]) == []


def test_a_blank_pdf_has_no_findings() -> None:
    assert find_names(["Jane Smith"], [("Overview", blank_pdf(2))]) == []


@pytest.mark.parametrize("data", [b"", b"Hello, this is text", b"PK\x03\x04not a zip",
                                  b"%PDF-1.4 broken"])
def test_unreadable_files_are_refused(data: bytes) -> None:
    with pytest.raises(UnreadableDocument):
        find_names(["Jane Smith"], [("Overview", data)])


def test_kind_of() -> None:
    assert kind_of(text_pdf(["x"])) == "pdf"
    assert kind_of(text_docx(["x"])) == "docx"
