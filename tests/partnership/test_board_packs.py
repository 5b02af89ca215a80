"""Board packs: one PDF with cover, agenda, sections and the PDF papers, compiled by Celery."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from pypdf import PdfReader

from partnership import services
from partnership.models import BoardPack, Role
from partnership.tasks import compile_board_pack
from tests.factories import AgendaItemFactory, MeetingFactory, PartnershipFactory, member
from tests.pdf_text import page_texts, pdf_text


def pdf_with_pages(text: str, pages: int) -> bytes:
    from weasyprint import HTML

    html = "".join(f'<p style="break-after: page">{text} {n}</p>' for n in range(pages))
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


@pytest.fixture
def meeting_with_papers(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory(name="Testshire CSP")
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership, title="Partnership board Q3")
    open_item = AgendaItemFactory(meeting=meeting, order=1, title="ASB update")
    secret_item = AgendaItemFactory(meeting=meeting, order=2, title="DHR progress",
                                    confidential=True)
    services.paper_upload(item=open_item, by=coordinator, title="ASB report",
                          upload=SimpleUploadedFile("asb.pdf", pdf_with_pages("ASB", 3)))
    services.paper_upload(item=secret_item, by=coordinator, title="DHR report",
                          upload=SimpleUploadedFile("dhr.pdf", pdf_with_pages("SECRET", 2)))
    return {"partnership": partnership, "coordinator": coordinator, "meeting": meeting}


def test_compiled_pack_has_cover_agenda_and_open_papers_only(meeting_with_papers: dict[str, Any],
                                                             django_capture_on_commit_callbacks: Any
                                                             ) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pack = services.board_pack_request(meeting=meeting_with_papers["meeting"],
                                           by=meeting_with_papers["coordinator"])
    assert len(callbacks) == 1  # enqueued after the commit, not before
    assert compile_board_pack(pack.pk) == "compiled"
    pack.refresh_from_db()
    assert pack.status == "ready"
    reader = PdfReader(io.BytesIO(pack.file.read()))
    text = pdf_text(reader)  # whitespace normalised: the phrases below may wrap with other fonts
    assert "Partnership board Q3" in text and "Testshire CSP" in text
    assert "ASB 0" in text and "ASB 2" in text
    assert "SECRET" not in text  # confidential papers are circulated separately
    assert "papers circulated separately" in text
    assert pack.page_count == len(reader.pages)
    # cover, agenda and each app's sections come first; the 3-page paper is appended last
    pages = page_texts(reader)
    assert [f"ASB {n}" in pages[n - 3] for n in range(3)] == [True] * 3
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "1. ASB report" in titles


def test_task_is_idempotent(meeting_with_papers: dict[str, Any]) -> None:
    pack = BoardPack.objects.create(meeting=meeting_with_papers["meeting"])
    assert compile_board_pack(pack.pk) == "compiled"
    first = BoardPack.objects.get(pk=pack.pk).file.name
    assert compile_board_pack(pack.pk) == "nothing to do"
    assert BoardPack.objects.get(pk=pack.pk).file.name == first
    assert compile_board_pack(999_999) == "nothing to do"


def test_viewer_cannot_request_a_pack(meeting_with_papers: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    viewer = member(meeting_with_papers["partnership"], Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.board_pack_request(meeting=meeting_with_papers["meeting"], by=viewer)
    assert not BoardPack.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_compiles_the_pack(tmp_path: Path, settings: Any, client_for: Any) -> None:
    """The whole path: the button, Redis, a `celery worker` process, PostgreSQL, the file."""
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership)
    AgendaItemFactory(meeting=meeting, order=1)
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "REDIS_URL": settings.REDIS_URL, "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "DATABASE_URL": f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"}
    root = Path(__file__).resolve().parents[2]
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
         "--without-mingle", "--without-gossip", "--loglevel", "WARNING"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = client_for(coordinator)
        response = client.post(f"/p/{partnership.slug}/meetings/{meeting.pk}/board-pack/")
        assert response.status_code == 302
        deadline = time.monotonic() + 90
        pack = BoardPack.objects.get(meeting=meeting)
        while pack.status != "ready" and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker exited"
            time.sleep(0.5)
            pack.refresh_from_db()
    finally:
        worker.terminate()
        worker.wait(30)
    assert pack.status == "ready", pack.error
    download = client.get(f"/p/{partnership.slug}/board-packs/{pack.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert django_settings.MEDIA_ROOT  # the worker wrote where the web reads


def test_a_paper_that_cannot_be_read_is_left_out_and_named(meeting_with_papers: dict[str, Any],
                                                           client_for: Any) -> None:
    """A bad 'PDF' stored before uploads were parsed no longer sinks every pack of its meeting."""
    from django.core.files.base import ContentFile

    from partnership.models import AgendaItem, Paper

    item = AgendaItem.objects.get(meeting=meeting_with_papers["meeting"], order=1)
    paper = Paper(agenda_item=item, title="Polyglot", content_type="application/pdf",
                  original_name="poly.pdf", size=60, uploaded_by=meeting_with_papers["coordinator"])
    paper.file.save("poly.pdf", ContentFile(b"%PDF-1.4\n<html><script>alert(1)</script></html>\n"),
                    save=True)
    pack = BoardPack.objects.create(meeting=meeting_with_papers["meeting"])
    assert compile_board_pack(pack.pk) == "compiled"
    pack.refresh_from_db()
    assert pack.status == "ready"
    assert pack.error == ("These papers could not be read as PDFs and were left out: "
                          "1. Polyglot.")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.file.read())).pages)
    assert "ASB 2" in text  # the good paper is still there
    assert "not in this pack: 1. Polyglot" in text
    meeting = meeting_with_papers["meeting"]
    page = client_for(meeting_with_papers["coordinator"]).get(
        f"/p/{meeting_with_papers['partnership'].slug}/meetings/{meeting.pk}/")
    assert "were left out: 1. Polyglot." in page.content.decode()
