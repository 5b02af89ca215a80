"""Compiling a board pack: one PDF with bookmarks, from HTML (WeasyPrint) and the PDF papers."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from .models import AgendaItem, Meeting, Paper
from .registry import registry


@dataclass
class CompiledPack:
    pdf: bytes
    page_count: int
    papers_included: int


def _pack_items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.select_related("owner").prefetch_related("papers")
                .order_by("order"))


def compile_pack(meeting: Meeting) -> CompiledPack:
    """Render the cover, agenda and registered sections, then append each open item's PDFs."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    items = _pack_items(meeting)
    sections = [
        {"title": section.title,
         "html": render_to_string(section.template, section.context(meeting.partnership))}
        for section in registry.board_pack
    ]
    html = render_to_string("partnership/board_pack/pack.html", {
        "meeting": meeting, "partnership": meeting.partnership, "items": items,
        "sections": sections, "compiled_at": timezone.localtime(),
    })
    body = HTML(string=html).write_pdf()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(body)))
    papers_included = 0
    for item in items:
        if item.confidential:
            continue
        paper: Paper
        for paper in item.papers.all():
            if paper.content_type != "application/pdf":
                continue
            start = len(writer.pages)
            with paper.file.open("rb") as handle:
                writer.append(PdfReader(io.BytesIO(handle.read())))
            writer.add_outline_item(title=f"{item.order}. {paper.title}", page_number=start)
            papers_included += 1
    buffer = io.BytesIO()
    writer.write(buffer)
    return CompiledPack(pdf=buffer.getvalue(), page_count=len(writer.pages),
                        papers_included=papers_included)
