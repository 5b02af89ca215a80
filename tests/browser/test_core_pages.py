"""Every core page, as every demo role, passes axe-core with zero WCAG 2.2 A/AA violations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command

from partnership.models import Meeting, Membership

HUNTS = "/p/huntingdonshire"


@pytest.fixture
def demo_live(transactional_db: Any) -> None:
    import os

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def core_pages(role_email: str) -> list[str]:
    meeting = Meeting.objects.filter(partnership__slug="huntingdonshire").order_by("starts_at").first()
    assert meeting is not None
    pages = [f"{HUNTS}/", f"{HUNTS}/my-work/", f"{HUNTS}/organisations/", f"{HUNTS}/meetings/",
             f"{HUNTS}/meetings/{meeting.pk}/", "/accessibility/", "/health/"]
    if not role_email.startswith("opcc"):
        pages.append(f"{HUNTS}/people/")
    if role_email.startswith(("coordinator", "admin")):
        item = meeting.agenda_items.first()
        membership = Membership.objects.filter(partnership__slug="huntingdonshire").first()
        pages += [f"{HUNTS}/people/add/", f"{HUNTS}/people/{membership.pk}/edit/",
                  f"{HUNTS}/meetings/add/",
                  f"{HUNTS}/meetings/{meeting.pk}/edit/", f"{HUNTS}/meetings/{meeting.pk}/minutes/",
                  f"{HUNTS}/meetings/{meeting.pk}/agenda/add/",
                  f"{HUNTS}/meetings/{meeting.pk}/agenda/{item.pk}/edit/",
                  f"{HUNTS}/meetings/{meeting.pk}/agenda/{item.pk}/papers/add/",
                  f"{HUNTS}/meetings/{meeting.pk}/actions/add/"]
    return pages


ROLES = ["coordinator@huntingdonshire.example", "lead.officer@huntingdonshire.example",
         "board.member@huntingdonshire.example", "finance@huntingdonshire.example",
         "dhr@huntingdonshire.example", "viewer@huntingdonshire.example",
         "opcc@cambridgeshire-pcc.example", "admin@csp-portal.example"]


def test_sign_in_page_is_accessible(live_server: Any, page: Any, axe_check: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check(page)
    page.get_by_role("button", name="Sign in").click()  # empty form: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)


def test_password_pages_are_accessible(live_server: Any, page: Any, axe_check: Any,
                                       transactional_db: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password").click()
    axe_check(page)
    page.get_by_role("button", name="Send the link").click()  # empty: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/accounts/reset/MQ/not-a-token/")
    assert page.get_by_role("heading", name="This link has expired or has been used").is_visible()
    axe_check(page)


@pytest.mark.parametrize("email", ROLES)
def test_every_core_page_passes_axe(email: str, demo_live: None, live_server: Any, page: Any,
                                    login: Any, axe_check: Any) -> None:
    login(email)
    assert "/accounts/login/" not in page.url, f"{email} could not sign in"
    for path in core_pages(email):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status in (200, 503), f"{path} answered {response.status} for {email}"
        axe_check(page)


def test_error_pages_pass_axe(demo_live: None, live_server: Any, page: Any, login: Any,
                              axe_check: Any) -> None:
    login("viewer@huntingdonshire.example")
    response = page.goto(f"{live_server.url}{HUNTS}/people/add/")
    assert response is not None and response.status == 403
    axe_check(page)
    response = page.goto(f"{live_server.url}/p/blaby-hinckley-bosworth/")
    assert response is not None and response.status == 404
    axe_check(page)


def test_keyboard_alone_signs_in_and_navigates(demo_live: None, live_server: Any,
                                               page: Any) -> None:
    from partnership.demo import DEMO_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")  # the skip link is the first stop
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    # From the main content, tab to the email field and type.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "username":
            break
    page.keyboard.type("coordinator@huntingdonshire.example")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*{HUNTS}/my-work/(#.*)?$"))  # lands on their own work
    # Tab through the service navigation to "Meetings" and follow it.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Meetings":
            break
    else:
        pytest.fail("The Meetings link cannot be reached by keyboard")
    focus_style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.boxShadow, s.backgroundColor]; })()")
    # GOV.UK focus state: a yellow background and a thick black underline (box shadow).
    assert focus_style[1] != "none" or focus_style[0] not in ("none", ""), focus_style
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*{HUNTS}/meetings/$"))
