"""Correcting a meeting in Chromium, axe on every page: a paper replaced and one withdrawn leave
the next board pack (a real compile), the agenda is reordered from the keyboard, an item is
added with "Save and add another", and an item's minutes record an action for the log."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from partnership import services
from partnership.models import AgendaItem, BoardPack, MeetingAction, Role
from partnership.tasks import compile_board_pack
from tests.factories import PASSWORD, AgendaItemFactory, MeetingFactory, PartnershipFactory, member
from tests.pdf_text import pdf_text


def pdf_saying(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()


def test_replace_withdraw_reorder_and_minute_a_meeting(transactional_db: Any, live_server: Any,
                                                      page: Any, axe_check: Any,
                                                      tmp_path: Any) -> None:
    partnership = PartnershipFactory(name="Testshire CSP")
    coordinator = member(partnership, Role.COORDINATOR, email="coord@example.org",
                         full_name="Casey Coordinator")
    meeting = MeetingFactory(partnership=partnership, title="Partnership board Q3")
    asb = AgendaItemFactory(meeting=meeting, order=1, title="ASB update")
    budget = AgendaItemFactory(meeting=meeting, order=2, title="Budget")
    services.paper_upload(item=asb, by=coordinator, title="ASB report",
                          upload=SimpleUploadedFile("asb.pdf", pdf_saying("OLDASBTEXT")))
    services.paper_upload(item=budget, by=coordinator, title="Budget paper",
                          upload=SimpleUploadedFile("budget.pdf", pdf_saying("WITHDRAWNTEXT")))
    services.paper_upload(item=budget, by=coordinator, title="Grants paper",
                          upload=SimpleUploadedFile("grants.pdf", pdf_saying("KEPTGRANTSTEXT")))
    base = live_server.url
    url = f"{base}/p/{partnership.slug}/meetings/{meeting.pk}/"

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill("coord@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(url)
    axe_check(page)

    # Replace the ASB report with a new version.
    page.get_by_role("link", name="Replace or withdraw ASB report").click()
    axe_check(page)
    new_version = tmp_path / "asb-v2.pdf"
    new_version.write_bytes(pdf_saying("NEWASBTEXT"))
    page.get_by_label("New version").set_input_files(str(new_version))
    page.get_by_role("button", name="Replace paper").click()
    page.wait_for_load_state()
    assert page.get_by_text("ASB report (version 2)").is_visible()
    assert page.get_by_text("Superseded", exact=True).is_visible()

    # Withdraw the budget paper.
    page.get_by_role("link", name="Replace or withdraw Budget paper").click()
    page.get_by_role("button", name="Withdraw “Budget paper”").click()
    page.wait_for_load_state()
    assert page.get_by_text("Withdrawn", exact=True).is_visible()
    axe_check(page)

    # Reorder from the keyboard: focus "Move down" on item 1 and press Enter.
    page.get_by_role("button", name="Move down item 1, ASB update").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True)
                .order_by("order")) == ["Budget", "ASB update"]
    headings = page.locator("#agenda ~ ol h3").all_inner_texts()
    assert [h.split(" ", 1)[1] for h in headings] == ["Budget", "ASB update"]
    # Back at the moved item's buttons: at the bottom now, so at its "Move up".
    assert page.url.endswith(f"#move-up-{asb.pk}")
    # … and the keyboard focus is on it (the browser focuses the fragment's button), not at
    # the top of the page.
    assert page.evaluate("document.activeElement.id") == f"move-up-{asb.pk}"
    page.get_by_role("button", name="Move up item 2, ASB update").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert AgendaItem.objects.get(pk=asb.pk).order == 1
    axe_check(page)

    # Add two items with "Save and add another", then minute one of them with an action.
    page.get_by_role("button", name="Add an agenda item").click()
    axe_check(page)
    page.get_by_label("Title").fill("Hate crime")
    page.get_by_label("For decision").check()
    page.get_by_label("Time allowed (minutes)").fill("20")
    page.get_by_label("Presenter").fill("Insp. Khan")
    page.get_by_role("button", name="Save and add another").click()
    page.wait_for_load_state()
    assert page.get_by_text("“Hate crime”, has been added").is_visible()
    page.get_by_label("Title").fill("Any other business")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Presented by Insp. Khan").is_visible()
    page.get_by_role("link", name="Minutes and actions for item 3").click()
    page.get_by_label("Minutes", exact=True).fill("Hotspots reviewed.")
    page.get_by_label("Decisions").fill("Fund two CCTV cameras")
    page.get_by_label("New action (optional)").fill("Write to the council")
    page.get_by_role("button", name="Save minutes").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Choose who owns the action").is_visible()
    axe_check(page)  # the page with its errors
    page.get_by_label("Action owner").select_option(label="Casey Coordinator")
    page.get_by_label("Action due date").fill("31 3 2027")
    page.get_by_role("button", name="Save minutes").click()
    page.wait_for_load_state()
    assert MeetingAction.objects.get(meeting=meeting).description == "Write to the council"
    assert page.get_by_text("Fund two CCTV cameras").is_visible()

    # Compile the next pack (the task run here, as the worker would) and download it.
    page.get_by_role("button", name="Compile board pack").click()
    page.wait_for_load_state()
    pack = BoardPack.objects.get(meeting=meeting)
    assert compile_board_pack(pack.pk) == "compiled"
    page.goto(url)
    axe_check(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the board pack").click()
    text = pdf_text(open(info.value.path(), "rb").read())  # noqa: SIM115
    assert "NEWASBTEXT" in text and "KEPTGRANTSTEXT" in text
    assert "OLDASBTEXT" not in text and "WITHDRAWNTEXT" not in text
