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

    # The history on "My actions" fits the phone: no tag cut off at the table's edge.
    lead_page.goto(f"{base}{HUNTS}/mine/")
    overflow = lead_page.evaluate("""() => [...document.querySelectorAll('.app-history-table .govuk-tag')]
        .filter(t => t.getBoundingClientRect().right > t.closest('.app-table-scroll')
                                                       .getBoundingClientRect().right + 0.5
                  || t.scrollWidth > t.clientWidth).length""")
    assert overflow == 0
    assert lead_page.locator(".app-history-table .govuk-tag").count() > 0

    lead_page.goto(f"{base}{HUNTS}/actions/{action.pk}/update/")
    assert lead_page.get_by_text("has been accepted and can no longer be changed").is_visible()
    assert lead_page.get_by_role("button", name="Submit update").count() == 0
    axe_check(lead_page)


def _upload(page: Any, base: str, plan: ActionPlan, path: Any, reason: str = "") -> None:
    page.goto(f"{base}{HUNTS}/plans/{plan.pk}/import/")
    page.get_by_label("Spreadsheet (Excel .xlsx or CSV)").set_input_files(str(path))
    if reason:
        page.get_by_label("Reason for due-date and lead officer changes (optional)").fill(reason)
    page.get_by_role("button", name="Check the spreadsheet").click()
    page.wait_for_load_state()


def test_coordinator_round_trips_a_plan_through_xlsx(demo_live: None, live_server: Any,
                                                     page: Any, axe_check: Any,
                                                     tmp_path: Any) -> None:
    """A typed export, edited with openpyxl (real dates), imports; the preview fits 1280 px."""
    import datetime

    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    plan = ActionPlan.objects.get(partnership__slug="huntingdonshire", reference_prefix="P2",
                                  year=2015)
    first = Action.objects.filter(plan=plan).order_by("reference", "pk").first()
    assert first is not None
    sign_in(page, base, COORDINATOR)
    page.goto(f"{base}{HUNTS}/?year=2015")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Export to Excel ({plan.title})").click()
    exported = tmp_path / "plan.xlsx"
    download_info.value.save_as(exported)
    workbook: Any = openpyxl.load_workbook(exported)
    sheet = workbook.active
    assert sheet["A1"].value == f"{plan.title} (2015/16)"
    due = COLUMNS.index("Due date") + 1
    assert isinstance(sheet.cell(row=3, column=due).value, datetime.datetime)  # typed
    sheet.cell(row=3, column=due, value=datetime.date(2016, 9, 30))
    sheet.append([None, "P2.9", "Awareness session for hoteliers", LEAD,
                  "Cambridgeshire Constabulary", "", datetime.date(2016, 4, 1),
                  datetime.date(2017, 3, 31), "Not started"])
    upload = tmp_path / "edited.xlsx"
    workbook.save(upload)

    page.goto(f"{base}{HUNTS}/plans/{plan.pk}/import/")
    axe_check(page)
    _upload(page, base, plan, upload, reason="Moved at the September meeting")
    assert page.locator(".app-changed").count() == 1
    change = page.locator(".app-changed").first
    assert change.is_visible()
    assert "Due date:" in change.inner_text() and "→" in change.inner_text()
    assert page.get_by_text("1 new action").is_visible()
    # The preview fits the page at 1280 px: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    axe_check(page)
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_load_state()
    assert Action.objects.filter(plan=plan, reference="P2.9").exists()
    first.refresh_from_db()
    assert str(first.due_on) == "2016-09-30"
    assert first.changes.filter(field="due_on",
                                reason="Spreadsheet import: Moved at the September meeting"
                                ).exists()
    page.goto(f"{base}{HUNTS}/actions/{first.pk}/")
    # The change log names the field as people do.
    assert page.locator("td", has_text="Due date: ").filter(has_text="→ 30/09/2016").is_visible()

    # A bad file: errors name the cell, the action and the column; nothing applied.
    sheet.cell(row=4, column=COLUMNS.index("Lead officer email") + 1, value="nobody@example.org")
    workbook.save(upload)
    _upload(page, base, plan, upload)
    errors = page.locator("#import-errors")
    assert errors.get_by_text("nobody@example.org is not a member").is_visible()
    assert errors.get_by_role("cell", name="D4", exact=True).is_visible()
    assert errors.get_by_role("cell", name="Lead officer email", exact=True).is_visible()
    axe_check(page)


def test_read_only_edits_and_deleted_rows_are_warned_about(demo_live: None, live_server: Any,
                                                           page: Any, axe_check: Any,
                                                           tmp_path: Any) -> None:
    base = live_server.url
    plan = ActionPlan.objects.get(partnership__slug="huntingdonshire", reference_prefix="P2",
                                  year=2015)
    actions = list(Action.objects.filter(plan=plan).order_by("reference", "pk"))
    sign_in(page, base, COORDINATOR)
    response = page.request.get(f"{base}{HUNTS}/plans/{plan.pk}/export/")
    workbook: Any = openpyxl.load_workbook(io.BytesIO(response.body()))
    sheet = workbook.active
    rag = 10  # column J, grey and locked in the export
    new_rag = "Red" if actions[0].get_rag_display() != "Red" else "Green"
    sheet.cell(row=3, column=rag, value=new_rag)
    sheet.delete_rows(4)  # the second action
    upload = tmp_path / "edited.xlsx"
    workbook.save(upload)
    _upload(page, base, plan, upload)
    warnings = page.locator("#import-warnings")
    assert warnings.is_visible()
    assert warnings.get_by_text(f"J3 ({actions[0].reference}, RAG): Ignored: RAG is set by "
                                "updates").is_visible()
    assert warnings.get_by_text(f"{actions[1].reference} is not in the file: actions are never "
                                "deleted by import").is_visible()
    # Nothing else changed: nothing to confirm.
    assert page.get_by_text("Nothing to import").is_visible()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    axe_check(page)


@pytest.mark.parametrize("email", [COORDINATOR, LEAD, "board.member@huntingdonshire.example",
                                   "opcc@cambridgeshire-pcc.example"])
def test_every_action_plan_page_passes_axe(email: str, demo_live: None, live_server: Any,
                                           page: Any, login: Any, axe_check: Any) -> None:
    login(email)
    action = Action.objects.filter(partnership__slug="huntingdonshire").community().order_by("pk").first()
    update = (ActionUpdate.objects.filter(action__partnership__slug="huntingdonshire")
              .community().order_by("pk").first())
    plan = ActionPlan.objects.filter(partnership__slug="huntingdonshire").community().order_by("pk").first()
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


def test_extension_asked_on_a_phone_and_approved(demo_live: None, live_server: Any,
                                                 browser: Any, axe_check: Any) -> None:
    """The update form offers an extension; the coordinator approves it from the review
    queue; the bulk change with no reason keeps what was chosen."""
    import datetime

    base = live_server.url
    hunts = Partnership.objects.get(slug="huntingdonshire")
    lead = User.objects.get(email=LEAD)
    action = (Action.objects.filter(partnership=hunts, lead_officer=lead, status="in_progress",
                                    plan__status="live", due_on__isnull=False)
              .order_by("reference").first())
    assert action is not None and action.due_on is not None
    new_due = action.due_on + datetime.timedelta(days=92)
    phone = browser.new_page(viewport=PHONE)
    sign_in(phone, base, LEAD)
    phone.goto(f"{base}{HUNTS}/actions/{action.pk}/update/")
    phone.get_by_role("link", name="Ask for more time (an extension)").click()
    phone.wait_for_load_state()
    axe_check(phone)
    phone.get_by_role("button", name="Ask for the extension").click()
    assert phone.locator(".govuk-error-summary").is_visible()
    axe_check(phone)
    phone.get_by_label("Proposed new due date").fill(new_due.strftime("%d/%m/%Y"))
    phone.get_by_label("Why does the action need more time?").fill("The venue closed for repairs.")
    phone.get_by_role("button", name="Ask for the extension").click()
    phone.wait_for_url(f"{base}{HUNTS}/actions/{action.pk}/update/")
    assert phone.get_by_text("is waiting for the coordinator").is_visible()

    page = browser.new_page()
    sign_in(page, base, COORDINATOR)
    page.goto(f"{base}{HUNTS}/review/")
    axe_check(page)
    page.get_by_role("link", name=f"{action.reference}: move the due date").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_text("The venue closed for repairs.").is_visible()
    page.get_by_label("Approve: move the due date").check()
    page.get_by_role("button", name="Send decision").click()
    page.wait_for_url(f"{base}{HUNTS}/review/")
    action.refresh_from_db()
    assert action.due_on == new_due

    # A bulk change with no reason: the same page, the error, the choices kept.
    page.goto(f"{base}{HUNTS}/?year={action.plan.year}")
    page.locator(f"#select-{action.pk}").check()
    page.get_by_label("Extend the due date").check()
    page.get_by_label("New due date").fill("31/03/2031")
    page.get_by_role("button", name="Apply to selected actions").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link", name="Give the reason for the change").is_visible()
    assert page.locator(f"#select-{action.pk}").is_checked()
    assert page.get_by_label("Extend the due date").is_checked()
    assert page.get_by_label("New due date").input_value() == "31/03/2031"
    axe_check(page)
    summary.get_by_role("link", name="Give the reason for the change").click()
    assert page.evaluate("document.activeElement.id") == "bulk-reason"
