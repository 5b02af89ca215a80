"""The board's view (the partnership home page) and the OPCC officer's own pages, in Chromium
with axe (WCAG 2.2 A/AA): each figure leads to the list behind it, by mouse and by keyboard."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.core.management import call_command

HUNTS = "/p/huntingdonshire"


@pytest.fixture
def demo_live(transactional_db: Any) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def figure(page: Any, pattern: str) -> Any:
    return page.locator("main a.govuk-link").filter(has_text=re.compile(pattern)).first


def test_the_board_view_links_each_figure_to_its_list(demo_live: None, live_server: Any,
                                                      login: Any, axe_check: Any) -> None:
    page = login("board.member@huntingdonshire.example")
    page.goto(f"{live_server.url}{HUNTS}/")
    axe_check(page)
    main = " ".join(page.inner_text("main").split())
    for phrase in ("Next meeting", "Plan status", "open actions by RAG", "overdue",
                   "outstanding for", "active grant award", "returns due",
                   "open review", "by stage"):
        assert phrase in main, phrase
    # overdue actions: the action plans page, filtered to the overdue ones
    overdue = figure(page, r"^\d+ overdue$")
    count = int(overdue.inner_text().split()[0])
    overdue.click()
    page.wait_for_url(re.compile(r".*/action-plans/\?year=\d+&overdue=on$"))
    assert page.get_by_label("Overdue only").is_checked()
    assert f"{count} action" in " ".join(page.inner_text("main").split())
    axe_check(page)
    # a review stage links to the anonymised list at that stage (review pages then ask for a
    # second factor: tests/partnership/test_dashboard.py follows it with one)
    page.goto(f"{live_server.url}{HUNTS}/")
    assert re.fullmatch(r"/p/huntingdonshire/reviews/\?stage=\w+",
                        figure(page, r"^\d+ reviews? ").get_attribute("href") or "")
    # a priority's measures by status, and active awards
    for pattern, url in ((r"without a target or figure$", r".*/priorities/priority/\d+/\?status=none$"),
                         (r"active grant awards?$", r".*/funding/\?status=active$")):
        page.goto(f"{live_server.url}{HUNTS}/")
        figure(page, pattern).click()
        page.wait_for_url(re.compile(url))
        assert "Show every" in page.inner_text("main")
        axe_check(page)


def test_the_board_view_works_by_keyboard(demo_live: None, live_server: Any, login: Any) -> None:
    page = login("coordinator@huntingdonshire.example")
    page.goto(f"{live_server.url}{HUNTS}/")
    for _ in range(80):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent.trim()")
        if re.fullmatch(r"\d+ updates? outstanding", text):
            break
    else:
        pytest.fail("The updates outstanding figure cannot be reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/action-plans/\?year=\d+&missing=on$"))
    assert page.get_by_label("Update missing only").is_checked()


def test_the_opcc_officer_lands_on_their_decisions_and_reads_the_grid(
        demo_live: None, live_server: Any, login: Any, axe_check: Any) -> None:
    page = login("opcc@cambridgeshire-pcc.example")
    assert page.url == f"{live_server.url}/opcc/"
    assert page.get_by_role("heading", name="Awaiting your decision", level=1).is_visible()
    axe_check(page)
    navigation = page.get_by_role("navigation", name="Menu")
    navigation.get_by_role("link", name="Returns expected").click()
    page.wait_for_url(re.compile(r".*/opcc/grid/$"))
    axe_check(page)
    # the picker is a select of the periods the area's schedules expect returns for
    picker = page.get_by_label("Period")
    options = picker.locator("option").all_inner_texts()
    assert "2015/16 H1" in options and "2015/16 (whole year)" in options
    picker.select_option(label="2015/16 (whole year)")
    page.get_by_role("button", name="Show the grid").click()
    page.wait_for_url(re.compile(r".*/opcc/grid/\?period=2015%2F16$"))
    table = page.get_by_role("table")
    assert table.get_by_role("rowheader", name="Huntingdonshire Community Safety Partnership",
                             exact=False).count() >= 1
    headers = [" ".join(h.split()) for h in table.locator("thead th").all_inner_texts()]
    assert headers == ["Partnership", "Period", "Expected", "Not submitted", "Overdue",
                       "Submitted", "Accepted", "Returned for changes"]
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^CSV")).click()
    assert download.value.suggested_filename == "opcc-returns-expected-2015-16.csv"
    # a bad period in the address: the error in the page, the picker still works
    page.goto(f"{live_server.url}/opcc/grid/?period=nonsense")
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
