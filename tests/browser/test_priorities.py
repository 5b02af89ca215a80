"""Priorities in the browser: the coordinator's journey (priority → aim → measure → import →
table and chart), keyboard use, and axe (WCAG 2.2 A/AA) on every priorities page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command

from priorities.models import (
    CommunitySafetyPlan,
    PerformanceMeasure,
    Priority,
    Recommendation,
    StrategicAssessment,
)

HUNTS = "/p/huntingdonshire/priorities"
BHB = "/p/blaby-hinckley-bosworth/priorities"


@pytest.fixture
def demo_live(transactional_db: Any) -> None:
    import os

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_coordinator_journey(demo_live: None, live_server: Any, page: Any, login: Any,
                             axe_check: Any) -> None:
    login("coordinator@huntingdonshire.example")
    plan = CommunitySafetyPlan.objects.get(partnership__slug="huntingdonshire", status="adopted")
    page.goto(f"{live_server.url}{HUNTS}/")
    axe_check(page)
    page.get_by_role("button", name="Add a priority").click()
    page.get_by_role("button", name="Save").click()  # empty: the error summary, fixed anchors
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    for link in page.locator(".govuk-error-summary a").all():
        target = link.get_attribute("href")
        assert target and page.locator(target).count() == 1, target
    page.locator("#id_title").fill("Cybercrime")
    page.get_by_label("Thematic").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/priority/\d+/$"))
    assert page.get_by_role("heading", level=1, name="Cybercrime").is_visible()
    axe_check(page)

    page.get_by_role("button", name="Add an aim").click()
    page.locator("#id_text").fill("Raise awareness of cyber security among young people")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Raise awareness of cyber security").is_visible()

    page.get_by_role("button", name="Add a measure").click()
    axe_check(page)
    page.locator("#id_name").fill("Crimes with a cyber marker")
    page.get_by_label("Lower is better").check()
    page.locator("#id_target").fill("60")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/measures/\d+/$"))
    measure_url = page.url
    assert Priority.objects.get(plan=plan, title="Cybercrime").measures.count() == 1

    page.goto(f"{live_server.url}{HUNTS}/import/")
    axe_check(page)
    page.set_input_files("#id_file", files=[{
        "name": "cyber.csv", "mimeType": "text/csv",
        "buffer": b"measure,period,value\nCrimes with a cyber marker,2015/16,44\n"
                  b"Crimes with a cyber marker,2016/17,66\n"}])
    page.get_by_role("button", name="Preview the import").click()
    assert page.get_by_role("heading", name="Check the import").is_visible()
    axe_check(page)
    # Confirm with the keyboard: focus the button and press Enter.
    page.get_by_role("button", name="Confirm and import").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/performance/$"))
    # The demo's own figures run to the present; the imported ones are 2015/16 and 2016/17.
    page.goto(f"{live_server.url}{HUNTS}/performance/?year=2016/17")
    row = page.get_by_role("row", name=re.compile("Crimes with a cyber marker"))
    assert "+50.0%" in row.inner_text()
    axe_check(page)

    page.goto(measure_url)
    assert page.get_by_role("img", name="Crimes with a cyber marker by period").is_visible()
    table = page.get_by_role("table", name="Figures by period").inner_text()
    assert "44" in table and "66" in table and "+50.0%" in table
    assert page.get_by_text("Off track").first.is_visible()  # 66 against a target of 60
    axe_check(page)


def test_import_errors_are_shown_per_row(demo_live: None, live_server: Any, page: Any,
                                         login: Any, axe_check: Any) -> None:
    login("coordinator@huntingdonshire.example")
    page.goto(f"{live_server.url}{HUNTS}/import/")
    page.set_input_files("#id_file", files=[{
        "name": "bad.csv", "mimeType": "text/csv",
        "buffer": b"measure,period,value\nNo such thing,2016/17,1\nReports of CSE,2016,x\n"}])
    page.get_by_role("button", name="Preview the import").click()
    assert page.get_by_role("heading", name="The file cannot be imported").is_visible()
    assert page.get_by_text("A2 (“No such thing”, column “measure”)").first.is_visible()
    assert page.get_by_role("cell", name="C3", exact=True).is_visible()  # “x” is not a number
    axe_check(page)
    page.goto(f"{live_server.url}{HUNTS}/import/")
    page.set_input_files("#id_file", files=[{"name": "x.csv", "mimeType": "text/csv",
                                             "buffer": b"%PDF-1.4 nope"}])
    page.get_by_role("button", name="Preview the import").click()
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)


def test_measure_figures_round_trip_through_excel(demo_live: None, live_server: Any, page: Any,
                                                 login: Any, axe_check: Any,
                                                 tmp_path: Any) -> None:
    """The typed export, with an edited read-only cell and a deleted row: both are visible
    warnings, the changed figure shows old → new and imports; then a workbook made by openpyxl
    with typed numbers imports."""
    import datetime
    from decimal import Decimal

    import openpyxl

    from priorities.models import MeasureValue

    login("coordinator@huntingdonshire.example")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{HUNTS}/import/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the figures as an Excel spreadsheet").click()
    exported = tmp_path / "figures.xlsx"
    download_info.value.save_as(exported)
    book: Any = openpyxl.load_workbook(exported)
    sheet = book["Figures"]
    assert sheet["A1"].value == "Huntingdonshire Community Safety Partnership: performance measure figures"
    assert isinstance(sheet["E3"].value, datetime.datetime)  # period starts: a real date
    measure, period, old = sheet["A3"].value, sheet["B3"].value, sheet["C3"].value
    assert isinstance(old, int | float)  # a real number
    deleted = (sheet["A4"].value, sheet["B4"].value)
    sheet["C3"] = old + 7
    sheet["F3"] = "something else"  # Unit: grey and read-only
    sheet.delete_rows(4)
    upload = tmp_path / "edited.xlsx"
    book.save(upload)
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="Preview the import").click()
    warnings = page.locator("#import-warnings")
    assert warnings.is_visible()
    assert warnings.get_by_text(f"F3 ({measure}, Unit): Ignored: A measure's unit is set on "
                                "the measure's page.").is_visible()
    assert warnings.get_by_text(f"{deleted[0]}: {deleted[1]} is not in the file. Measures and "
                                "their figures are never deleted by import").is_visible()
    change = page.locator(".app-changed")
    assert change.count() == 1 and change.is_visible()
    assert "→" in change.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    axe_check(page)
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_url(re.compile(r".*/performance/$"))
    from partnership.periods import Period

    held = MeasureValue.objects.get(measure__partnership__slug="huntingdonshire",
                                    measure__name=measure, period=Period.parse(period).key)
    assert held.value == Decimal(str(old + 7))
    assert MeasureValue.objects.filter(measure__name=deleted[0],
                                       period=Period.parse(deleted[1]).key).exists()

    # A workbook made by openpyxl, typed numbers, header in row 1.
    plain = openpyxl.Workbook()
    plain.active.append(["measure", "period", "value", "comparator_value"])
    plain.active.append([measure, "2030/31", 1234, 5678.5])
    typed = tmp_path / "typed.xlsx"
    plain.save(typed)
    page.goto(f"{live_server.url}{HUNTS}/import/")
    page.set_input_files("#id_file", str(typed))
    page.get_by_role("button", name="Preview the import").click()
    assert page.get_by_text("1 new figure will be added").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_url(re.compile(r".*/performance/$"))
    added = MeasureValue.objects.get(measure__partnership__slug="huntingdonshire",
                                     measure__name=measure, period="2030/31")
    assert (added.value, added.comparator_value) == (Decimal("1234"), Decimal("5678.50"))

    # The same file again: nothing to import, no button.
    page.goto(f"{live_server.url}{HUNTS}/import/")
    page.set_input_files("#id_file", str(typed))
    page.get_by_role("button", name="Preview the import").click()
    assert page.locator("#nothing-to-import").is_visible()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    axe_check(page)


def priorities_pages(hunts: bool = True) -> list[str]:
    plan = CommunitySafetyPlan.objects.get(partnership__slug="huntingdonshire", status="adopted")
    priority = Priority.objects.filter(plan=plan).order_by("order")[1]
    measure = PerformanceMeasure.objects.filter(partnership__slug="huntingdonshire").first()
    assessment = StrategicAssessment.objects.get(partnership__slug="huntingdonshire",
                                                 theme="Violence")
    recommendation = Recommendation.objects.filter(assessment=assessment).first()
    assert measure and recommendation
    return [f"{HUNTS}/", f"{HUNTS}/plans/{plan.pk}/", f"{HUNTS}/priority/{priority.pk}/",
            f"{HUNTS}/measures/{measure.pk}/", f"{HUNTS}/performance/", f"{HUNTS}/assessments/",
            f"{HUNTS}/assessments/{assessment.pk}/",
            f"{HUNTS}/recommendations/{recommendation.pk}/"]


def coordinator_forms() -> list[str]:
    plan = CommunitySafetyPlan.objects.get(partnership__slug="huntingdonshire", status="adopted")
    priority = Priority.objects.filter(plan=plan).order_by("order")[1]
    aim = priority.aims.first()
    measure = PerformanceMeasure.objects.filter(partnership__slug="huntingdonshire").first()
    assessment = StrategicAssessment.objects.get(partnership__slug="huntingdonshire",
                                                 theme="Violence")
    recommendation = Recommendation.objects.filter(assessment=assessment).first()
    assert aim and measure and recommendation
    return [f"{HUNTS}/plans/add/", f"{HUNTS}/plans/{plan.pk}/edit/",
            f"{HUNTS}/plans/{plan.pk}/refresh/", f"{HUNTS}/plans/{plan.pk}/adopt/",
            f"{HUNTS}/plans/{plan.pk}/priorities/add/", f"{HUNTS}/priority/{priority.pk}/edit/",
            f"{HUNTS}/priority/{priority.pk}/aims/add/", f"{HUNTS}/aims/{aim.pk}/edit/",
            f"{HUNTS}/measures/add/", f"{HUNTS}/measures/{measure.pk}/edit/",
            f"{HUNTS}/measures/{measure.pk}/figures/add/", f"{HUNTS}/import/",
            f"{HUNTS}/assessments/add/", f"{HUNTS}/assessments/{assessment.pk}/edit/",
            f"{HUNTS}/assessments/{assessment.pk}/recommendations/add/",
            f"{HUNTS}/recommendations/{recommendation.pk}/accept/",
            f"{HUNTS}/recommendations/{recommendation.pk}/decline/"]


@pytest.mark.parametrize("email", ["coordinator@huntingdonshire.example",
                                   "board.member@huntingdonshire.example",
                                   "opcc@cambridgeshire-pcc.example"])
def test_every_priorities_page_passes_axe(email: str, demo_live: None, live_server: Any,
                                          page: Any, login: Any, axe_check: Any) -> None:
    login(email)
    paths = priorities_pages()
    if email.startswith("coordinator"):
        paths += coordinator_forms()
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        axe_check(page)
    page.goto(f"{live_server.url}/p/huntingdonshire/")  # dashboard with the plan panel
    assert page.get_by_role("heading", name="Plan status").is_visible()
    axe_check(page)


def test_seed_performance_table_in_the_browser(demo_live: None, live_server: Any, page: Any,
                                               login: Any, axe_check: Any) -> None:
    login("lead.officer@blaby-hinckley.example")
    page.goto(f"{live_server.url}{BHB}/performance/")
    total = page.get_by_role("row", name=re.compile("Total crime")).inner_text()
    assert "4,746" in total and "5,433" in total and "+14.5%" in total and "+13.0%" in total
    axe_check(page)
    # Keyboard: the year switch and the download links are reachable with Tab.
    page.keyboard.press("Tab")
    focused = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Download as Excel" in focused
