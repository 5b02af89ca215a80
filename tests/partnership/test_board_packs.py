"""Board packs: built per audience, a board document, versions, downloads, reliability."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from partnership import services
from partnership.models import BoardPack, BoardPackDownload, Paper, Role
from partnership.tasks import compile_board_pack
from tests.factories import AgendaItemFactory, MeetingFactory, PartnershipFactory, member
from tests.pdf_text import page_texts, pdf_text

SECRET_TITLE = "Domestic Homicide Review progress on case Ashdown"


def pdf_with_pages(text: str, pages: int) -> bytes:
    from weasyprint import HTML

    html = "".join(f'<p style="break-after: page">{text} {n}</p>' for n in range(pages))
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_pages("LOCKED", 1))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def store_paper(item: Any, by: Any, title: str, content: bytes, name: str,
                content_type: str = "application/pdf") -> Paper:
    """A paper stored as it was before uploads were checked (bad files exist in old data)."""
    paper = Paper(agenda_item=item, title=title, content_type=content_type, original_name=name,
                  size=len(content), uploaded_by=by)
    paper.file.save(name, ContentFile(content), save=True)
    return paper


@pytest.fixture
def meeting_with_papers(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory(name="Testshire CSP")
    coordinator = member(partnership, Role.COORDINATOR, email="coord@example.org")
    meeting = MeetingFactory(partnership=partnership, title="Partnership board Q3",
                             location="Civic Suite")
    open_item = AgendaItemFactory(meeting=meeting, order=1, title="ASB update")
    secret_item = AgendaItemFactory(meeting=meeting, order=2, title=SECRET_TITLE,
                                    summary="Panel chair appointed", confidential=True)
    AgendaItemFactory(meeting=meeting, order=3, title="Any other business")
    services.paper_upload(item=open_item, by=coordinator, title="ASB report",
                          upload=SimpleUploadedFile("asb.pdf", pdf_with_pages("ASB", 3)))
    services.paper_upload(item=secret_item, by=coordinator, title="DHR report",
                          upload=SimpleUploadedFile("dhr.pdf", pdf_with_pages("SECRET", 2)))
    return {"partnership": partnership, "coordinator": coordinator, "meeting": meeting,
            "open_item": open_item, "secret_item": secret_item}


def compiled(meeting_with_papers: dict[str, Any]) -> BoardPack:
    pack = services.board_pack_request(meeting=meeting_with_papers["meeting"],
                                       by=meeting_with_papers["coordinator"])
    assert compile_board_pack(pack.pk) == "compiled"
    pack.refresh_from_db()
    assert pack.status == "ready", pack.error
    return pack


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(entries: list[Any], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                page = reader.get_destination_page_number(entry)
                assert page is not None, entry.title
                found.append((depth, entry.title, page + 1))

    walk(reader.outline, 0)
    return found


def test_main_pack_never_names_a_confidential_item_and_the_restricted_part_does(
        meeting_with_papers: dict[str, Any]) -> None:
    pack = compiled(meeting_with_papers)
    main = PdfReader(io.BytesIO(pack.file.read()))
    pages = page_texts(main)
    for number, text in enumerate(pages, start=1):
        assert "Ashdown" not in text, f"page {number} names the confidential item"
        assert "Panel chair appointed" not in text and "SECRET" not in text
    assert "Item 2: Confidential item (restricted)" in " ".join(pages)
    assert all("Ashdown" not in title for _, title, _ in outline(main))
    assert SECRET_TITLE not in (main.metadata.title or "")

    restricted = PdfReader(io.BytesIO(pack.restricted_file.read()))
    text = pdf_text(restricted)
    assert SECRET_TITLE in text and "Panel chair appointed" in text
    assert "SECRET 0" in text and "SECRET 1" in text  # its paper is merged there
    assert "ASB 0" not in text  # and only confidential business is
    assert pack.restricted_page_count == len(restricted.pages)


def test_pack_is_a_board_document(meeting_with_papers: dict[str, Any]) -> None:
    pack = compiled(meeting_with_papers)
    reader = PdfReader(io.BytesIO(pack.file.read()))
    pages = page_texts(reader)
    total = len(pages)
    assert pack.page_count == total
    # cover, contents, agenda, minutes, 4 registered sections + task and finish groups
    # (the reports heading shares the first section's page), then the 3-page paper
    assert total == 1 + 1 + 1 + 1 + 5 + 3
    cover = pages[0]
    for phrase in ("OFFICIAL", "Testshire CSP", "Partnership board Q3", "Civic Suite",
                   meeting_with_papers["meeting"].starts_at.strftime("%Y")):
        assert phrase in cover
    assert "Page 1 of" not in cover
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text, f"page {number}: {text[-80:]}"
    # merged paper pages carry the running header with their item number, and their text
    for offset in range(3):
        text = pages[total - 3 + offset]
        assert f"ASB {offset}" in text
        assert "Testshire CSP · Partnership board Q3 · Item 1" in text
    # no blank page: each has something besides the header and footer
    for number, text in enumerate(pages[1:], start=2):
        body = re.sub(r"Page \d+ of \d+|OFFICIAL|Testshire CSP · Partnership board Q3 · \S+( \d+)?",
                      "", text).strip()
        assert body, f"page {number} is blank"


def test_bookmarks_nest_without_duplicates_and_match_the_contents(
        meeting_with_papers: dict[str, Any]) -> None:
    pack = compiled(meeting_with_papers)
    reader = PdfReader(io.BytesIO(pack.file.read()))
    marks = outline(reader)
    titles = [(depth, title) for depth, title, _ in marks]
    assert titles == [
        (0, "Contents"), (0, "Agenda"), (0, "Minutes of the last meeting"), (1, "Action log"),
        (0, "Reports from the partnership's records"), (1, "Performance"),
        (1, "Action plans: highlight report"), (1, "Funding"),
        (1, "Domestic Homicide Reviews"), (1, "Task and finish groups"),
        (0, "Item 1: ASB update"), (1, "ASB report"),
        (0, "Item 2: Confidential item (restricted)"), (0, "Item 3: Any other business"),
    ]
    pages = page_texts(reader)
    contents = pages[1]
    assert contents.startswith("Contents") or "Contents" in contents
    by_title = {title: page for _, title, page in marks}
    assert by_title["Contents"] == 2 and by_title["Agenda"] == 3
    assert by_title["ASB report"] == by_title["Item 1: ASB update"] == len(pages) - 2
    for _, title, page in marks:
        if title in ("Contents", "Item 2: Confidential item (restricted)"):
            continue
        assert f"{title} {page}" in contents, f"contents has no '{title} {page}'"
        # the page a bookmark points at shows what it names
        assert title.split(": ")[-1] in pages[page - 1] or title.startswith("Item ") \
            or title == "ASB report"
    # the three registered sections each start on their own page: no blank page before them
    starts = {by_title[name] for name in ("Performance", "Action plans: highlight report", "Funding")}
    assert len(starts) == 3


def test_pack_is_tagged_with_title_and_language(meeting_with_papers: dict[str, Any],
                                                tmp_path: Any) -> None:
    import subprocess

    pack = compiled(meeting_with_papers)
    target = tmp_path / "pack.pdf"
    target.write_bytes(pack.file.read())
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Testshire CSP: Partnership board Q3, ", info, re.M)
    reader = PdfReader(str(target))
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_corrupt_encrypted_and_word_papers_are_named_not_dropped(
        meeting_with_papers: dict[str, Any], client_for: Any) -> None:
    item, by = meeting_with_papers["open_item"], meeting_with_papers["coordinator"]
    store_paper(item, by, "Polyglot", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n",
                "poly.pdf")
    store_paper(item, by, "Locked budget", encrypted_pdf(), "locked.pdf")
    store_paper(item, by, "Draft strategy", b"PK\x03\x04 not really a docx", "strategy.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    mail.outbox.clear()
    pack = compiled(meeting_with_papers)
    reader = PdfReader(io.BytesIO(pack.file.read()))
    contents = page_texts(reader)[1]
    assert "Polyglot: could not be included" in contents
    assert "Locked budget: could not be included (it is password-protected)" in contents
    assert "Draft strategy: circulated separately" in contents
    assert "ASB 2" in pdf_text(reader)  # the good paper is still there
    assert "LOCKED" not in pdf_text(reader)
    assert "1. Locked budget (it is password-protected)" in pack.notes
    assert "circulated separately (not PDF): 1. Draft strategy" in pack.notes
    # the coordinator is told, by email and on the meeting page
    assert [m.to for m in mail.outbox] == [["coord@example.org"]]
    assert "1. Polyglot" in mail.outbox[0].body and "/meetings/" in mail.outbox[0].body
    meeting = meeting_with_papers["meeting"]
    page = client_for(by).get(f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/")
    assert "1. Locked budget (it is password-protected)" in page.content.decode()


def test_task_is_idempotent_and_requests_reuse_the_compile_in_flight(
        meeting_with_papers: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    meeting, by = meeting_with_papers["meeting"], meeting_with_papers["coordinator"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.board_pack_request(meeting=meeting, by=by)
    assert len(callbacks) == 1  # enqueued after the commit, not before
    second = services.board_pack_request(meeting=meeting, by=by)  # clicked twice
    assert second.pk == first.pk
    assert compile_board_pack(first.pk) == "compiled"
    name = BoardPack.objects.get(pk=first.pk).file.name
    assert compile_board_pack(first.pk) == "nothing to do"  # delivered twice
    assert BoardPack.objects.get(pk=first.pk).file.name == name
    assert compile_board_pack(999_999) == "nothing to do"
    assert BoardPack.objects.filter(meeting=meeting, status="ready").count() == 1


def test_every_compile_is_kept_and_a_changed_meeting_marks_the_pack_out_of_date(
        meeting_with_papers: dict[str, Any], client_for: Any) -> None:
    meeting, by = meeting_with_papers["meeting"], meeting_with_papers["coordinator"]
    first = compiled(meeting_with_papers)
    assert len(first.content_hash) == 64 and first.requested_by == by and first.compiled_at
    url = f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/"
    client = client_for(by)
    assert "Out of date" not in client.get(url).content.decode()
    services.paper_upload(item=meeting_with_papers["open_item"], by=by, title="Late paper",
                          upload=SimpleUploadedFile("late.pdf", pdf_with_pages("LATE", 1)))
    page = client.get(url).content.decode()
    assert "Out of date" in page and "Recompile the board pack" in page
    second = compiled(meeting_with_papers)
    assert second.pk != first.pk and second.content_hash != first.content_hash
    assert "LATE 0" in pdf_text(second.file.read())
    assert BoardPack.objects.filter(meeting=meeting, status="ready").count() == 2
    page = client.get(url).content.decode()
    assert "Out of date" not in page and "Earlier versions" in page


def test_downloads_per_audience_are_recorded(meeting_with_papers: dict[str, Any],
                                             client_for: Any) -> None:
    partnership = meeting_with_papers["partnership"]
    pack = compiled(meeting_with_papers)
    board = member(partnership, Role.BOARD_MEMBER, full_name="Bea Board")
    viewer = member(partnership, Role.VIEWER, full_name="Vic Viewer")
    main_url = f"/p/{partnership.slug}/board-packs/{pack.pk}/"
    restricted_url = f"{main_url}restricted/"
    for user in (board, viewer):
        response = client_for(user).get(main_url)
        assert response.status_code == 200
        assert "Ashdown" not in pdf_text(b"".join(response.streaming_content))
    response = client_for(board).get(restricted_url)
    assert response.status_code == 200
    assert SECRET_TITLE in pdf_text(b"".join(response.streaming_content))
    assert client_for(viewer).get(restricted_url).status_code == 404
    other = member(PartnershipFactory(), Role.COORDINATOR)
    assert client_for(other).get(main_url).status_code == 404
    assert sorted(BoardPackDownload.objects.values_list("user__full_name", "part")) == [
        ("Bea Board", "main"), ("Bea Board", "restricted"), ("Vic Viewer", "main")]
    # the coordinator sees who has and has not downloaded this version
    meeting = meeting_with_papers["meeting"]
    page = client_for(meeting_with_papers["coordinator"]).get(
        f"/p/{partnership.slug}/meetings/{meeting.pk}/").content.decode()
    assert "(1 of 3 not yet)" in page
    viewer_page = client_for(viewer).get(f"/p/{partnership.slug}/meetings/{meeting.pk}/")
    assert "restricted part" not in viewer_page.content.decode()
    assert "Who has downloaded" not in viewer_page.content.decode()


def test_progress_panel_shows_queued_compiling_and_failed(meeting_with_papers: dict[str, Any],
                                                          client_for: Any) -> None:
    meeting, by = meeting_with_papers["meeting"], meeting_with_papers["coordinator"]
    pack = BoardPack.objects.create(meeting=meeting, requested_by=by)
    client = client_for(by)
    status_url = f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/board-pack/status/"
    page = client.get(f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/").content.decode()
    assert "queued for compiling" in page and f'data-board-pack-status-url="{status_url}"' in page
    assert "Refresh to see progress" in page  # works without JavaScript
    BoardPack.objects.filter(pk=pack.pk).update(status="compiling", sections_done=3,
                                                sections_total=8)
    fragment = client.get(status_url).content.decode()
    assert "3 of 8 sections done" in fragment and "<html" not in fragment
    BoardPack.objects.filter(pk=pack.pk).update(status="failed", error="Disk full")
    fragment = client.get(status_url).content.decode()
    assert "The last compile failed" in fragment and "Disk full" in fragment
    assert "data-board-pack-status-url" not in fragment  # the script stops polling


def test_viewer_cannot_request_a_pack(meeting_with_papers: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    viewer = member(meeting_with_papers["partnership"], Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.board_pack_request(meeting=meeting_with_papers["meeting"], by=viewer)
    assert not BoardPack.objects.exists()


def test_the_pack_fetches_nothing_but_our_static_files(settings: Any) -> None:
    from partnership.pack_pdf import BASE_URL, StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    css = fetcher(BASE_URL + "static/partnership/board-pack.css")
    assert b"@page" in css.body if hasattr(css, "body") else True
    for url in ("https://example.com/tracker.png", "file:///etc/passwd",
                BASE_URL + "static/../../config/settings/base.py",
                BASE_URL + "media/papers/x.pdf"):
        with pytest.raises(ValueError):
            fetcher(url)
    assert len(fetcher.refused) == 4


def test_beat_requeues_only_packs_with_no_live_task(meeting_with_papers: dict[str, Any]) -> None:
    import datetime

    from django.utils import timezone

    from partnership.board_pack_compile import requeue_stuck, run_compile

    now = timezone.now()
    old = now - datetime.timedelta(minutes=10)
    meetings = [meeting_with_papers["meeting"]] + [
        MeetingFactory(partnership=meeting_with_papers["partnership"]) for _ in range(3)]
    lost = BoardPack.objects.create(meeting=meetings[0], requested_at=old)  # message lost
    dead = BoardPack.objects.create(meeting=meetings[1], status="compiling", task_id="t-dead",
                                    requested_at=old, heartbeat_at=old)  # worker killed
    BoardPack.objects.create(meeting=meetings[2], status="compiling", task_id="t-live",
                             requested_at=old, heartbeat_at=now)  # compiling right now
    BoardPack.objects.create(meeting=meetings[3], requested_at=now)  # just asked for
    BoardPack.objects.create(meeting=meetings[3], status="ready", requested_at=old)
    assert sorted(requeue_stuck(now=now)) == sorted([lost.pk, dead.pk])
    # the re-enqueued task (a new task id) takes over the stale claim; a live one is left alone
    assert run_compile(dead.pk, task_id="t-new") == "compiled"
    live = BoardPack.objects.get(task_id="t-live")
    assert run_compile(live.pk, task_id="t-other") == "nothing to do"
    assert BoardPack.objects.get(pk=dead.pk).status == "ready"


def test_meeting_page_board_pack_panel_has_a_constant_query_count(db: Any, client_for: Any
                                                                  ) -> None:
    from django.utils import timezone

    from tests.conftest import count_queries

    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership)
    client = client_for(coordinator)
    url = f"/p/{partnership.slug}/meetings/{meeting.pk}/"

    def add(packs: int, readers: int) -> None:
        for _ in range(packs):
            pack = BoardPack.objects.create(meeting=meeting, requested_by=coordinator,
                                            status="ready", page_count=3,
                                            compiled_at=timezone.now(), content_hash="a" * 64,
                                            source_changed_at=timezone.now())
            pack.file.save("p.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        current = BoardPack.objects.filter(meeting=meeting).first()
        for _ in range(readers):
            reader = member(partnership, Role.BOARD_MEMBER)
            BoardPackDownload.objects.create(pack=current, user=reader, part="main")

    add(packs=1, readers=1)
    client.get(url)  # warm caches (roles, sessions)
    small = count_queries(lambda: client.get(url))
    add(packs=8, readers=25)
    large = count_queries(lambda: client.get(url))
    assert small == large == 11, (small, large)  # the switcher is read with the roles
