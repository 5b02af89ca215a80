"""Each role signs in and lands on its own work (My work), which passes axe (WCAG 2.2 A/AA)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command

MY_WORK = "/p/huntingdonshire/my-work/"


@pytest.fixture
def demo_live(transactional_db: Any) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.mark.parametrize(("email", "expected"), [
    ("lead.officer@huntingdonshire.example", ["updates due by", "Returned to you",
                                              "Please add the numbers of cases"]),
    ("coordinator@huntingdonshire.example", ["updates waiting for review", "Grant returns"]),
    ("board.member@huntingdonshire.example", ["Next meeting", "Partnership board – next quarter",
                                              "The board pack has not been compiled yet."]),
])
def test_each_role_lands_on_its_own_work(email: str, expected: list[str], demo_live: None,
                                         live_server: Any, login: Any, axe_check: Any) -> None:
    page = login(email)
    assert page.url == f"{live_server.url}{MY_WORK}"
    text = " ".join(page.inner_text("main").split())
    for phrase in expected:
        assert phrase in text, phrase
    axe_check(page)


def test_my_updates_history_tags_are_not_clipped_on_a_phone(demo_live: None, live_server: Any,
                                                            login: Any, axe_check: Any) -> None:
    """At 390 px the history's state tags wrap inside their cells: none is cut off, and
    nothing needs scrolling sideways to be seen."""
    page = login("lead.officer@huntingdonshire.example")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{MY_WORK}")
    tags = page.locator(".app-history-table .govuk-tag")
    assert tags.count() > 0
    clipped = page.evaluate("""() => [...document.querySelectorAll('.app-history-table .govuk-tag')]
        .filter(tag => {
          const cell = tag.closest('td').getBoundingClientRect();
          const box = tag.getBoundingClientRect();
          return tag.scrollWidth > tag.clientWidth + 1 || box.right > cell.right + 1
                 || box.left < cell.left - 1;
        }).map(tag => tag.textContent.trim())""")
    assert clipped == []
    # The whole history, tags included, is in view: neither the page nor the table's own box
    # needs scrolling sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(".app-table-scroll", has=page.locator(".app-history-table"))
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth")
    axe_check(page)
