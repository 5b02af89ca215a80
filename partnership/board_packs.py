"""Compiling a board pack: one PDF with bookmarks, from HTML (WeasyPrint) and the PDF papers."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from .models import AgendaItem, Meeting, Paper
from .registry import registry


@dataclass
class CompiledPack:
    pdf: bytes
    page_count: int
    papers_included: int
    papers_left_out: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        """What the pack's page says about papers it could not include (empty when none)."""
        if not self.papers_left_out:
            return ""
        return ("These papers could not be read as PDFs and were left out: "
                + "; ".join(self.papers_left_out) + ".")


def _pack_items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.select_related("owner").prefetch_related("papers")
                .order_by("order"))


def compile_pack(meeting: Meeting) -> CompiledPack:
    """Render the cover, agenda and registered sections, then append each open item's PDFs."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    from .uploads import UnreadablePdf, read_pdf

    items = _pack_items(meeting)
    # Read every paper first: one that cannot be read is left out and named, never fatal.
    papers: list[tuple[AgendaItem, Paper, PdfReader]] = []
    left_out: list[str] = []
    for item in items:
        if item.confidential:
            continue
        paper: Paper
        for paper in item.papers.all():
            if paper.content_type != "application/pdf":
                continue
            try:
                with paper.file.open("rb") as handle:
                    reader = read_pdf(io.BytesIO(handle.read()))
            except (UnreadablePdf, OSError):
                left_out.append(f"{item.order}. {paper.title}")
                continue
            papers.append((item, paper, reader))
    sections = [
        {"title": section.title,
         "html": render_to_string(section.template, section.context(meeting.partnership))}
        for section in registry.board_pack
    ]
    html = render_to_string("partnership/board_pack/pack.html", {
        "meeting": meeting, "partnership": meeting.partnership, "items": items,
        "sections": sections, "compiled_at": timezone.localtime(), "papers_left_out": left_out,
    })
    body = HTML(string=html).write_pdf()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(body)))
    for item, paper, reader in papers:
        start = len(writer.pages)
        writer.append(reader)
        writer.add_outline_item(title=f"{item.order}. {paper.title}", page_number=start)
    buffer = io.BytesIO()
    writer.write(buffer)
    return CompiledPack(pdf=buffer.getvalue(), page_count=len(writer.pages),
                        papers_included=len(papers), papers_left_out=left_out)
