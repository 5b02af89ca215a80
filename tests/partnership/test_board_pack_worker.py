"""Board packs through a real `celery worker` process on the embedded Redis and PostgreSQL."""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from partnership import services
from partnership.models import BoardPack, Role
from tests.celery_worker import celery_worker
from tests.factories import AgendaItemFactory, MeetingFactory, PartnershipFactory, member
from tests.pdf_text import page_texts
from tests.pdfs import blank_pdf


def wait_for(pack: BoardPack, statuses: set[str], seconds: float = 120) -> BoardPack:
    deadline = time.monotonic() + seconds
    while pack.status not in statuses and time.monotonic() < deadline:
        time.sleep(0.1)
        pack.refresh_from_db()
    return pack


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_compiles_the_pack(settings: Any, client_for: Any) -> None:
    """The whole path: the button, Redis, a `celery worker` process, PostgreSQL, the file."""
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership)
    AgendaItemFactory(meeting=meeting, order=1)
    with celery_worker(settings, "--pool", "solo") as worker:
        client = client_for(coordinator)
        response = client.post(f"/p/{partnership.slug}/meetings/{meeting.pk}/board-pack/")
        assert response.status_code == 302
        pack = wait_for(BoardPack.objects.get(meeting=meeting), {"ready", "failed"})
        assert worker.poll() is None, "the worker exited"
    assert pack.status == "ready", pack.error
    download = client.get(f"/p/{partnership.slug}/board-packs/{pack.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_compile_leaves_exactly_one_current_pack(settings: Any) -> None:
    """SIGKILL the worker while it compiles: the unacknowledged message is redelivered (the
    broker's visibility timeout is 4 s here) to a new worker, which compiles it from the start.
    One pack, ready, and only its own two files in storage."""
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership, title="Killed board")
    item = AgendaItemFactory(meeting=meeting, order=1, title="Long report")
    secret = AgendaItemFactory(meeting=meeting, order=2, title="Secret", confidential=True)
    for number in range(4):  # enough pages that the compile is still running when killed
        services.paper_upload(item=item, by=coordinator, title=f"Annex {number}",
                              upload=SimpleUploadedFile(f"a{number}.pdf", blank_pdf(60)))
    services.paper_upload(item=secret, by=coordinator, title="Secret annex",
                          upload=SimpleUploadedFile("s.pdf", blank_pdf(2)))
    with celery_worker(settings, "--pool", "solo") as first:
        pack = services.board_pack_request(meeting=meeting, by=coordinator)
        pack = wait_for(pack, {"compiling", "ready", "failed"})
        assert pack.status == "compiling"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    pack.refresh_from_db()
    assert pack.status == "compiling" and not pack.file  # killed before it finished
    killed_task = pack.task_id
    with celery_worker(settings, "--pool", "solo"):
        pack = wait_for(pack, {"ready", "failed"}, seconds=180)
    assert pack.status == "ready", pack.error
    assert pack.task_id == killed_task  # the same message, redelivered
    assert BoardPack.objects.filter(meeting=meeting).count() == 1
    stored = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "board-packs").rglob("*.pdf"))
    assert stored == sorted([Path(pack.file.name).name, Path(pack.restricted_file.name).name])
    reader = PdfReader(io.BytesIO(pack.file.read()))
    # Nine front pages (cover, contents, agenda, last minutes and action log, performance,
    # highlight report, funding, the anonymised DHR list, task-and-finish groups), then the
    # four 60-page annexes.
    assert len(reader.pages) == pack.page_count == 9 + 4 * 60
    assert f"Page {pack.page_count} of {pack.page_count}" in page_texts(reader)[-1]
