"""A task-and-finish group's page in Chromium, axe on every page, by keyboard: the coordinator
opens the CSE group (demo data: reports to the LSCB, a past meeting with minutes, an upcoming
one, a report on a Partnership meeting), schedules a meeting of the group, lands on the new
meeting (which says whose it is), finds it on the group page and in the meetings list filtered
to the group; a viewer sees the group page without the button."""

from __future__ import annotations

import datetime
import os
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnership.models import Meeting, SubGroup

HUNTS = "/p/huntingdonshire"


@pytest.fixture
def demo_live(transactional_db: Any) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def press_enter_on(page: Any, locator: Any) -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_group_page_and_scheduling_a_group_meeting(demo_live: None, live_server: Any,
                                                       login: Any, axe_check: Any) -> None:
    cse = SubGroup.objects.get(partnership__slug="huntingdonshire",
                               name="Child Sexual Exploitation")
    page = login("coordinator@huntingdonshire.example")
    page.goto(f"{live_server.url}{HUNTS}/groups/")
    axe_check(page)
    row = page.get_by_role("row", name="Child Sexual Exploitation")
    assert "The Partnership and Local Safeguarding Children Board" in row.inner_text()
    press_enter_on(page, page.get_by_role("link", name="Child Sexual Exploitation"))
    axe_check(page)
    main = " ".join(page.inner_text("main").split())
    assert "Reports to The Partnership and Local Safeguarding Children Board" in main
    assert "CSE task and finish group – previous meeting" in main  # past, minutes approved
    assert "minutes approved" in main
    assert "Report from the CSE task and finish group" in main  # on last quarter's board

    press_enter_on(page, page.get_by_role("button", name="Schedule a meeting of this group"))
    axe_check(page)
    assert page.get_by_label("Title").input_value() == "Child Sexual Exploitation task and finish group"
    day = timezone.localdate() + datetime.timedelta(days=40)
    page.get_by_label("Title").fill("CSE group: trades training")
    page.keyboard.press("Tab")  # on to the date, typed as a keyboard user would
    assert page.evaluate("document.activeElement.name") == "date"
    page.keyboard.type(f"{day:%d/%m/%Y}")
    page.get_by_label("Start time").fill("25:00")  # wrong: the error is in the page
    with page.expect_navigation():
        page.get_by_label("Location").press("Enter")
    axe_check(page)
    assert page.get_by_role("link", name="Enter the start time as hours and minutes, "
                                          "for example, 14:00").is_visible()
    assert not Meeting.objects.filter(title="CSE group: trades training").exists()
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Location").fill("Pathfinder House, Huntingdon")
    press_enter_on(page, page.get_by_role("button", name="Schedule the meeting"))
    meeting = Meeting.objects.get(title="CSE group: trades training")
    assert meeting.group == cse
    assert page.url == f"{live_server.url}{HUNTS}/meetings/{meeting.pk}/"
    axe_check(page)
    main = " ".join(page.inner_text("main").split())
    assert "Meeting of Child Sexual Exploitation (task and finish group)" in main

    press_enter_on(page, page.locator("main").get_by_role("link",
                                                          name="Child Sexual Exploitation"))
    upcoming = page.locator("#meetings ~ h3:has-text('Upcoming') + ul").inner_text()
    assert "CSE group: trades training" in upcoming

    page.goto(f"{live_server.url}{HUNTS}/meetings/")
    page.get_by_label("Whose meetings").select_option(label="Child Sexual Exploitation")
    press_enter_on(page, page.get_by_role("button", name="Show meetings"))
    axe_check(page)
    titles = page.locator("table tbody th, table tbody td:first-child").all_inner_texts()
    assert "CSE group: trades training" in titles
    assert "Partnership board – next quarter" not in titles

    page = login("viewer@huntingdonshire.example")
    page.goto(f"{live_server.url}{HUNTS}/groups/{cse.pk}/")
    axe_check(page)
    assert page.get_by_role("button", name="Schedule a meeting of this group").count() == 0
    assert "CSE group: trades training" in page.inner_text("main")
