"""Compiling a meeting's board pack, per audience.

The main pack is for everyone who may read the meeting: a confidential agenda item appears
there only as "Confidential item (restricted)". The restricted part (confidential items, their
summaries and papers) is a separate PDF served only to those who may see confidential items.

Order of the main pack: cover; contents; agenda; minutes of the last meeting and its action
log; the reports from our own records (each app's registered section, then task-and-finish
groups); each agenda item's papers merged at that item. Numbering covers every page.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from .models import AgendaItem, Meeting, MeetingAction, Paper, SubGroup
from .pack_pdf import Bookmark, Placeholder, RenderedPart, render_part
from .registry import registry

CONFIDENTIAL_PLACEHOLDER = "Confidential item (restricted)"
CONVERTIBLE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword", "application/vnd.ms-excel",
}
Progress = Callable[[int, int], None]


@dataclass
class PackPaper:
    """A paper of the meeting and what the pack does with it."""

    item: AgendaItem
    paper: Paper
    pages: int = 0
    problem: str = ""  # why it could not be included ("" when included)
    separate: bool = False  # circulated separately (a format we cannot convert here)
    converted: Path | None = None  # a DOCX/XLSX converted to PDF

    @property
    def included(self) -> bool:
        return self.pages > 0

    @property
    def page_numbers(self) -> range:
        return range(self.pages)

    @property
    def anchor(self) -> str:
        return f"paper-{self.paper.pk}-0"

    @property
    def label(self) -> str:
        return f"{self.item.order}. {self.paper.title}"

    def open(self) -> IO[bytes]:
        if self.converted is not None:
            return self.converted.open("rb")
        return self.paper.file.open("rb")  # type: ignore[no-any-return]


@dataclass
class CompiledPack:
    main: RenderedPart
    restricted: RenderedPart | None
    left_out: list[str] = field(default_factory=list)  # "1. Title (it is password-protected)"
    separate: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        import hashlib

        return hashlib.sha256((self.main.sha256 + (self.restricted.sha256 if self.restricted
                                                   else "")).encode()).hexdigest()

    @property
    def note(self) -> str:
        """What the meeting page and the coordinator's email say about papers (empty if none)."""
        lines = []
        if self.left_out:
            lines.append("These papers could not be included: " + "; ".join(self.left_out) + ".")
        if self.separate:
            lines.append("These papers are circulated separately (not PDF): "
                         + "; ".join(self.separate) + ".")
        return " ".join(lines)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(partnership=meeting.partnership_id, group=meeting.group_id,
                                   starts_at__lt=meeting.starts_at)
            .order_by("-starts_at").first())


def _convert_to_pdf(paper: Paper, workdir: Path) -> Path | None:
    """DOCX/XLSX to PDF with LibreOffice headless (settings.BOARD_PACK_CONVERTER), only when it
    is installed. Its own profile folder, so concurrent compiles never share LibreOffice's lock."""
    from django.conf import settings

    office = shutil.which(settings.BOARD_PACK_CONVERTER) if settings.BOARD_PACK_CONVERTER \
        else None
    if office is None:
        return None
    source = workdir / f"paper-{paper.pk}{Path(paper.original_name).suffix.lower()}"
    with paper.file.open("rb") as handle, source.open("wb") as out:
        shutil.copyfileobj(handle, out)
    profile = workdir / f"office-profile-{paper.pk}"
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}",  # noqa: S603 - a fixed program; the file is our own copy
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(workdir),
                    str(source)], check=False, timeout=120, capture_output=True)
    shutil.rmtree(profile, ignore_errors=True)
    converted = source.with_suffix(".pdf")
    return converted if converted.exists() else None


def _survey(paper: PackPaper, workdir: Path) -> None:
    """Count a paper's pages, or say why it cannot be included. Never raises for a bad paper."""
    from .uploads import UnreadablePdf, read_pdf

    if paper.paper.content_type != "application/pdf":
        if paper.paper.content_type in CONVERTIBLE:
            try:
                paper.converted = _convert_to_pdf(paper.paper, workdir)
            except (OSError, subprocess.SubprocessError):
                paper.converted = None
        if paper.converted is None:
            paper.separate = True
            return
    try:
        with paper.open() as handle:
            paper.pages = len(read_pdf(handle).pages)
    except UnreadablePdf as error:
        paper.problem = str(error)
    except OSError:
        paper.problem = "its file is missing"


def _section_html(meeting: Meeting) -> list[dict[str, Any]]:
    return [{"key": section.key, "title": section.title,
             "html": render_to_string(section.template, section.context(meeting.partnership))}
            for section in registry.board_pack]


def _core_context(meeting: Meeting) -> dict[str, Any]:
    last = previous_meeting(meeting)
    actions = (list(MeetingAction.objects.filter(meeting=last)
                    .select_related("owner", "agenda_item").order_by("due_on", "pk"))
               if last else [])
    groups = list(SubGroup.objects.filter(partnership=meeting.partnership_id,
                                          kind="task_and_finish", disbanded_on__isnull=True)
                  .select_related("chair").order_by("name"))
    # Each item's minutes and decisions; a confidential item's stay out of the main pack.
    minuted = (list(AgendaItem.objects.filter(meeting=last).exclude(minutes="", decisions="")
                    .order_by("order")) if last else [])
    return {"last_meeting": last, "last_actions": actions, "groups": groups,
            "last_items": minuted,
            "restricted_actions": [a for a in actions if a.agenda_item and a.agenda_item.confidential]}


def compile_pack(meeting: Meeting, *, progress: Progress | None = None,
                 workdir: Path | None = None) -> CompiledPack:
    """Compile both parts into ``workdir`` (a new temporary folder when not given)."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="board-pack-"))
    # Only each paper's current version: superseded and withdrawn papers never go in a pack.
    items = list(meeting.agenda_items.select_related("owner")
                 .prefetch_related(Prefetch("papers", queryset=Paper.objects.current()
                                            .order_by("uploaded_at", "pk")))
                 .order_by("order"))
    papers = [PackPaper(item=item, paper=paper) for item in items for paper in item.papers.all()]
    total = len(papers) + len(registry.board_pack) + 3  # + core sections, main, restricted
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for paper in papers:
        _survey(paper, workdir)
        tick()
    sections = _section_html(meeting)
    done += len(sections) - 1
    tick()
    core = _core_context(meeting)
    tick()
    context = {
        "meeting": meeting, "partnership": meeting.partnership, "items": items,
        "papers": papers, "sections": sections, "compiled_at": timezone.localtime(),
        "placeholder_title": CONFIDENTIAL_PLACEHOLDER, **core,
    }
    for item in items:  # where the item's bookmark and contents entry point
        first = next((p for p in papers if p.item.pk == item.pk and p.included), None)
        item.anchor = first.anchor if first else f"agenda-item-{item.order}"  # type: ignore[attr-defined]
    main_papers = [p for p in papers if not p.item.confidential]
    main_outline = [
        Bookmark("Contents", "contents"), Bookmark("Agenda", "agenda"),
        Bookmark("Minutes of the last meeting", "minutes", [Bookmark("Action log", "action-log")]),
        Bookmark("Reports from the partnership's records", "reports",
                 [Bookmark(s["title"], f"section-{s['key']}") for s in sections]
                 + [Bookmark("Task and finish groups", "groups")]),
        *_item_bookmarks(items, main_papers, hide_confidential=True),
    ]
    main = render_part(
        render_to_string("partnership/board_pack/main.html",
                         {**context, "part": "main", "part_papers": main_papers}),
        _placeholders(main_papers), main_outline, workdir / "main.pdf")
    tick()
    restricted = None
    if any(item.confidential for item in items):
        secret_papers = [p for p in papers if p.item.confidential]
        restricted = render_part(
            render_to_string("partnership/board_pack/restricted.html",
                             {**context, "part": "restricted", "part_papers": secret_papers,
                              "items": [item for item in items if item.confidential]}),
            _placeholders(secret_papers),
            [Bookmark("Contents", "contents"), Bookmark("Confidential items", "agenda"),
             *_item_bookmarks([item for item in items if item.confidential], secret_papers,
                             hide_confidential=False)],
            workdir / "restricted.pdf")
    tick()
    return CompiledPack(
        main=main, restricted=restricted,
        left_out=[f"{p.label} ({p.problem})" for p in papers if p.problem],
        separate=[p.label for p in papers if p.separate])


def _item_bookmarks(items: list[AgendaItem], papers: list[PackPaper], *,
                    hide_confidential: bool) -> list[Bookmark]:
    """One bookmark per agenda item, its included papers nested under it."""
    return [
        Bookmark(f"Item {item.order}: {CONFIDENTIAL_PLACEHOLDER}", f"agenda-item-{item.order}")
        if item.confidential and hide_confidential
        else Bookmark(f"Item {item.order}: {item.title}", item.anchor,  # type: ignore[attr-defined]
                      [Bookmark(p.paper.title, p.anchor) for p in papers
                       if p.item.pk == item.pk and p.included])
        for item in items
    ]


def _placeholders(papers: list[PackPaper]) -> list[Placeholder]:
    return [Placeholder(paper_id=p.paper.pk, pages=p.pages, open_file=p.open)
            for p in papers if p.included]

