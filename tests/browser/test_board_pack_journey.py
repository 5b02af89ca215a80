"""The board pack journey in Chromium, axe on every page: the coordinator compiles the pack
for the demo's next Partnership meeting (a real Celery worker), watches the progress and
downloads it; a board member downloads the main pack and the restricted part; a viewer
downloads the main pack and gets a 404 for the restricted part."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command

from partnership.models import BoardPack, BoardPackDownload, Meeting
from tests.browser.test_funding_journey import sign_in_as
from tests.celery_worker import celery_worker
from tests.pdf_text import pdf_text

HUNTS = "/p/huntingdonshire"
CONFIDENTIAL = "Domestic Homicide Review: progress (confidential)"


def download(page: Any, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    with open(path, "rb") as handle:
        return handle.read()


def test_compile_watch_download_per_audience(transactional_db: Any, live_server: Any, page: Any,
                                            axe_check: Any, settings: Any) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    meeting = Meeting.objects.get(partnership__slug="huntingdonshire", group=None,
                                  title="Partnership board – next quarter")
    base = live_server.url
    url = f"{base}{HUNTS}/meetings/{meeting.pk}/"

    sign_in_as(page, base, "coordinator@huntingdonshire.example")
    page.goto(url)
    axe_check(page)
    with celery_worker(settings, "--pool", "solo"):
        page.get_by_role("button", name="Compile board pack").click()
        page.wait_for_load_state()
        assert page.get_by_text("Refresh to see progress").is_visible()  # queued or compiling
        axe_check(page)
        # the progress script swaps the panel in place until the pack is ready: no reload
        page.evaluate("window.__same_document = true")
        page.get_by_role("link", name="Download the board pack").wait_for(timeout=120_000)
        assert page.evaluate("window.__same_document") is True
    axe_check(page)
    main = download(page, "Download the board pack")
    assert "Partnership board – next quarter" in pdf_text(main)
    assert CONFIDENTIAL not in pdf_text(main)
    pack = BoardPack.objects.get(meeting=meeting, status="ready")

    sign_in_as(page, base, "board.member@huntingdonshire.example")
    page.goto(url)
    axe_check(page)
    assert CONFIDENTIAL not in pdf_text(download(page, "Download the board pack"))
    restricted = download(page, "Download the restricted part")
    assert CONFIDENTIAL in pdf_text(restricted)

    sign_in_as(page, base, "viewer@huntingdonshire.example")
    page.goto(url)
    axe_check(page)
    assert page.get_by_role("link", name="Download the restricted part").count() == 0
    assert CONFIDENTIAL not in pdf_text(download(page, "Download the board pack"))
    response = page.goto(f"{base}{HUNTS}/board-packs/{pack.pk}/restricted/")
    assert response is not None and response.status == 404

    # the coordinator sees who has downloaded this version
    sign_in_as(page, base, "coordinator@huntingdonshire.example")
    page.goto(url)
    page.get_by_text("Who has downloaded this version").click()
    axe_check(page)
    assert BoardPackDownload.objects.filter(pack=pack).count() == 4
