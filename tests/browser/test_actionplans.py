"""Action plans in a browser: the quarterly update journey on a phone, review, the Excel
round-trip, and axe (WCAG 2.2 A/AA) on every action plan page."""

from __future__ import annotations

import io
import os
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command

from actionplans.models import Action, ActionPlan, ActionUpdate
from actionplans.resources import COLUMNS
from actionplans.selectors import actions_to_write, current_period
from partnership.models import Partnership, User

HUNTS = "/p/huntingdonshire/action-plans"
LEAD = "lead.officer@huntingdonshire.example"
COORDINATOR = "coordinator@huntingdonshire.example"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def demo_live(transactional_db: Any) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def sign_in(page: Any, base: str, email: str) -> None:
    from partnership.demo import DEMO_PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_update_journey_phone_return_resubmit_accept(demo_live: None, live_server: Any,
                                                     browser: Any, axe_check: Any) -> None:
    base = live_server.url
    lead_page = browser.new_page(viewport=PHONE)
    sign_in(lead_page, base, LEAD)
    lead_page.goto(f"{base}/p/huntingdonshire/my-work/")
    axe_check(lead_page)
    hunts = Partnership.objects.get(slug="huntingdonshire")
    lead = User.objects.get(email=LEAD)
    period = current_period(hunts)
    assert period is not None
    to_write = actions_to_write(user=lead, partnership=hunts, period=period)
    action = to_write.exclude(updates__period=period).first()  # nothing written yet
    assert action is not None
    following = to_write.exclude(pk=action.pk).first()  # where submitting lands
    assert following is not None
    lead_page.locator(f"a[href$='/actions/{action.pk}/update/']").first.click()
    lead_page.wait_for_load_state()
    axe_check(lead_page)
    # Nothing filled in: the error summary, its links reach the fields (radios too).
    lead_page.get_by_role("button", name="Submit update").click()
    assert lead_page.locator(".govuk-error-summary").is_visible()
    axe_check(lead_page)
    lead_page.locator(".govuk-error-summary a", has_text="Choose a RAG rating").click()
    assert lead_page.evaluate("document.activeElement.id") == "id_proposed_rag_1"
    # The form fits the phone: no sideways scrolling.
    assert lead_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    lead_page.get_by_label("Progress this quarter").fill("Two problem solving groups held.")
    lead_page.get_by_label("How complete is the action (%)").fill("60")
    lead_page.get_by_label("Green: on track").check()
    lead_page.get_by_role("button", name="Submit update").click()
    # Submitting lands on the next action due this period, not on the long list.
    lead_page.wait_for_url(f"{base}{HUNTS}/actions/{following.pk}/update/")
    assert lead_page.get_by_text(f"Next due: {following.reference}.").is_visible()
    update = ActionUpdate.objects.get(action=action, progress__startswith="Two problem")
    assert update.state == "submitted"

    coordinator = browser.new_page()
    sign_in(coordinator, base, COORDINATOR)
    coordinator.goto(f"{base}{HUNTS}/review/")
    axe_check(coordinator)
    coordinator.goto(f"{base}{HUNTS}/updates/{update.pk}/review/")
    axe_check(coordinator)
    coordinator.get_by_label("Comment for the lead officer").fill("Please add the case numbers.")
    coordinator.get_by_role("button", name="Return with comment").click()
    coordinator.wait_for_url(f"{base}{HUNTS}/review/")
    update.refresh_from_db()
    assert update.state == "returned"

    lead_page.goto(f"{base}{HUNTS}/actions/{action.pk}/update/")
    assert lead_page.get_by_text("Please add the case numbers.").is_visible()
    axe_check(lead_page)
    lead_page.get_by_label("Progress this quarter").fill("Two groups held; 14 cases reviewed.")
    lead_page.get_by_role("button", name="Submit update").click()
    lead_page.wait_for_url(f"{base}{HUNTS}/actions/{following.pk}/update/")
    update.refresh_from_db()
    assert update.state == "resubmitted"

    coordinator.goto(f"{base}{HUNTS}/updates/{update.pk}/review/")
    coordinator.get_by_role("button", name="Accept update").click()
    coordinator.wait_for_url(f"{base}{HUNTS}/review/")
    update.refresh_from_db()
    action.refresh_from_db()
    assert update.state == "accepted" and action.percent_complete == 60

    lead_page.goto(f"{base}{HUNTS}/actions/{action.pk}/update/")
    assert lead_page.get_by_text("has been accepted and can no longer be changed").is_visible()
    assert lead_page.get_by_role("button", name="Submit update").count() == 0
    axe_check(lead_page)


def test_coordinator_round_trips_a_plan_through_xlsx(demo_live: None, live_server: Any,
                                                     page: Any, axe_check: Any,
                                                     tmp_path: Any) -> None:
    base = live_server.url
    plan = ActionPlan.objects.get(partnership__slug="huntingdonshire", reference_prefix="P2",
                                  year=2015)
    sign_in(page, base, COORDINATOR)
    page.goto(f"{base}{HUNTS}/?year=2015")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Export to Excel ({plan.title})").click()
    exported = tmp_path / "plan.xlsx"
    download_info.value.save_as(exported)
    workbook: Any = openpyxl.load_workbook(exported)
    sheet = workbook.active
    due = COLUMNS.index("Due date") + 1
    sheet.cell(row=2, column=due, value="30/09/2016")
    sheet.append([None, "P2.9", "Awareness session for hoteliers", LEAD,
                  "Cambridgeshire Constabulary", "", "01/04/2016", "31/03/2017", "Not started"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = tmp_path / "edited.xlsx"
    upload.write_bytes(buffer.getvalue())

    page.goto(f"{base}{HUNTS}/plans/{plan.pk}/import/")
    axe_check(page)
    page.get_by_label("Excel spreadsheet (.xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Check the spreadsheet").click()
    page.wait_for_load_state()
    assert page.locator("td.app-changed").count() == 1
    assert page.get_by_text("1 new action").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_load_state()
    assert Action.objects.filter(plan=plan, reference="P2.9").exists()
    assert str(Action.objects.get(plan=plan, reference="P2.1").due_on) == "2016-09-30"

    # A bad file: errors by row and column, nothing applied.
    sheet.cell(row=3, column=COLUMNS.index("Lead officer email") + 1, value="nobody@example.org")
    workbook.save(upload)
    page.goto(f"{base}{HUNTS}/plans/{plan.pk}/import/")
    page.get_by_label("Excel spreadsheet (.xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Check the spreadsheet").click()
    page.wait_for_load_state()
    assert page.locator("#import-errors").get_by_text("nobody@example.org is not a member").is_visible()
    axe_check(page)


@pytest.mark.parametrize("email", [COORDINATOR, LEAD, "board.member@huntingdonshire.example",
                                   "opcc@cambridgeshire-pcc.example"])
def test_every_action_plan_page_passes_axe(email: str, demo_live: None, live_server: Any,
                                           page: Any, login: Any, axe_check: Any) -> None:
    login(email)
    action = Action.objects.filter(partnership__slug="huntingdonshire").first()
    update = ActionUpdate.objects.filter(action__partnership__slug="huntingdonshire").first()
    plan = ActionPlan.objects.filter(partnership__slug="huntingdonshire").first()
    assert action and update and plan
    pages = [f"{HUNTS}/?year=2015", f"{HUNTS}/?year=2015&rag=red&missing=on",
             f"{HUNTS}/actions/{action.pk}/", f"{HUNTS}/highlight-report/",
             "/p/huntingdonshire/", "/p/huntingdonshire/my-work/"]
    if not email.startswith("opcc"):
        pages.append(f"{HUNTS}/mine/")
    if email == COORDINATOR:
        pages += [f"{HUNTS}/review/", f"{HUNTS}/updates/{update.pk}/review/",
                  f"{HUNTS}/reporting-periods/", f"{HUNTS}/plans/add/",
                  f"{HUNTS}/actions/{action.pk}/rag/", f"{HUNTS}/plans/{plan.pk}/import/",
                  f"{HUNTS}/actions/{action.pk}/edit/", f"{HUNTS}/plans/{plan.pk}/actions/add/"]
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, f"{path}: {response.status}"
        axe_check(page)
    if email == COORDINATOR:  # forms with errors
        page.goto(f"{live_server.url}{HUNTS}/actions/{action.pk}/rag/")
        page.get_by_label("Red").check()
        page.get_by_role("button", name="Save RAG rating").click()
        assert page.locator(".govuk-error-summary").is_visible()
        axe_check(page)
        page.goto(f"{live_server.url}{HUNTS}/review/")
        page.get_by_role("button", name="Return selected with comment").click()
        assert page.locator(".govuk-error-summary").is_visible()
        axe_check(page)
