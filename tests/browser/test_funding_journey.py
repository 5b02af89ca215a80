"""The funding journey in Chromium: finance records spend, the coordinator completes and
submits the H1 return, the OPCC returns it with a comment, it is resubmitted and accepted, then
exported as XLSX and PDF. axe (WCAG 2.2 A/AA) on every page on the way."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from funding import services
from funding.models import FundingStream, GrantAward, GrantReturn, Kind
from partnership.models import Partnership, User
from tests.pdf_text import pdf_text

HUNTS = "/p/huntingdonshire"
COORDINATOR = "coordinator@huntingdonshire.example"
FINANCE = "finance@huntingdonshire.example"
OPCC = "opcc@cambridgeshire-pcc.example"


@pytest.fixture
def award_2016(transactional_db: Any) -> GrantAward:
    """The demo data and a fresh 2016/17 award with two revenue lines and a capital line."""
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    hunts = Partnership.objects.get(slug="huntingdonshire")
    coordinator = User.objects.get(email=COORDINATOR)
    award = services.award_create(
        partnership=hunts, by=coordinator, stream=FundingStream.objects.get(name="Community Safety Fund"),
        year_start=2016, revenue_amount=Decimal("20000.00"), capital_amount=Decimal("4450.00"))
    for title, kind, budget in [("ASB case worker", Kind.REVENUE, "15000.00"),
                                ("Community Chest", Kind.REVENUE, "5000.00"),
                                ("CCTV Women's Refuge", Kind.CAPITAL, "4450.00")]:
        services.budget_line_add(award=award, by=coordinator, title=title, kind=kind,
                                 budget=Decimal(budget))
    return award


def sign_in_as(page: Any, base: str, email: str) -> None:
    from partnership.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{email} could not sign in"


def test_spend_return_review_resubmit_accept_export(award_2016: GrantAward, live_server: Any,
                                                    page: Any, axe_check: Any) -> None:
    base = live_server.url
    award_url = f"{base}{HUNTS}/funding/awards/{award_2016.pk}/"

    # The finance officer records spend; a bad amount is refused first.
    sign_in_as(page, base, FINANCE)
    page.goto(f"{base}{HUNTS}/funding/")
    axe_check(page)
    page.get_by_role("link", name="Community Safety Fund 2016/17").click()
    axe_check(page)
    page.get_by_role("button", name="Record spend").click()
    axe_check(page)
    page.get_by_label("Budget line").select_option(label="ASB case worker (revenue)")
    page.get_by_label("Date").fill("2016-06-30")
    page.get_by_label("Amount (£)").fill("-50")
    page.get_by_label("Description").fill("Salary April to June")
    page.get_by_role("button", name="Record spend").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "The amount cannot be negative." in page.locator(".govuk-error-summary").inner_text()
    axe_check(page)
    page.get_by_label("Amount (£)").fill("£6,000.00")
    page.get_by_role("button", name="Record spend").click()
    page.wait_for_url(award_url)
    assert "£6,000.00 has been recorded" in page.inner_text("main")
    axe_check(page)

    # The coordinator starts, completes and submits the H1 return.
    sign_in_as(page, base, COORDINATOR)
    page.goto(award_url)
    page.get_by_role("button", name="Start a return").click()
    axe_check(page)
    page.get_by_label("H1 (April to September)").check()
    page.get_by_role("button", name="Start return").click()
    page.wait_for_load_state()
    assert "/funding/returns/" in page.url
    return_url = page.url
    axe_check(page)
    page.get_by_role("button", name="Fill in the return").click()
    axe_check(page)
    page.get_by_label("Overall progress and achievements").fill("Both revenue projects running.")
    line = award_2016.lines.get(title="ASB case worker")
    return_line = GrantReturn.objects.get(award=award_2016, part="H1").lines.get(budget_line=line)
    prefix = f"#id_line-{return_line.pk}"
    page.locator(f"{prefix}-forecast").fill("12000.00")
    page.locator(f"{prefix}-outputs").fill("210 ASB calls handled")
    page.get_by_role("button", name="Save return").click()
    page.wait_for_url(return_url)
    # Submitting without the explanation the 20% variance needs is refused.
    page.get_by_label("I confirm this return contains no personal data about service users").check()
    page.get_by_role("button", name="Submit to the OPCC").click()
    assert "Explain the variance on “ASB case worker”" in page.locator(".govuk-error-summary").inner_text()
    axe_check(page)
    page.goto(return_url + "edit/")
    page.locator(f"{prefix}-variance_explanation").fill("Post vacant from July; recruiting.")
    page.get_by_role("button", name="Save return").click()
    page.wait_for_url(return_url)
    page.get_by_label("I confirm this return contains no personal data about service users").check()
    page.get_by_role("button", name="Submit to the OPCC").click()
    page.wait_for_url(return_url)
    assert "submitted to the OPCC" in page.inner_text("main")
    axe_check(page)

    # The OPCC officer returns it with a comment.
    sign_in_as(page, base, OPCC)
    page.goto(f"{base}/opcc/returns/?period=2016/17-H1")
    axe_check(page)
    page.get_by_role("link", name="Community Safety Fund 2016/17 H1").click()
    page.get_by_role("button", name="Accept or return").click()
    axe_check(page)
    page.get_by_role("button", name="Send decision").click()  # nothing chosen
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    page.get_by_label("Return it for changes").check()
    page.get_by_label("Comments").fill("Please add the outcomes for the case worker.")
    page.get_by_role("button", name="Send decision").click()
    page.wait_for_url(return_url)
    assert "Returned for changes" in page.inner_text("main")

    # The coordinator answers and resubmits.
    sign_in_as(page, base, COORDINATOR)
    page.goto(return_url)
    assert "Please add the outcomes for the case worker." in page.inner_text("main")
    axe_check(page)
    page.get_by_role("button", name="Fill in the return").click()
    page.locator(f"{prefix}-outcomes").fill("Repeat ASB calls down in the two priority wards.")
    page.get_by_role("button", name="Save return").click()
    page.wait_for_url(return_url)
    page.get_by_label("I confirm this return contains no personal data about service users").check()
    page.get_by_role("button", name="Submit to the OPCC").click()
    page.wait_for_url(return_url)
    assert "Resubmitted" in page.inner_text("main")

    # The OPCC officer accepts it, and exports it as XLSX and PDF.
    sign_in_as(page, base, OPCC)
    page.goto(return_url)
    page.get_by_role("button", name="Accept or return").click()
    page.get_by_label("Accept the return").check()
    page.get_by_role("button", name="Send decision").click()
    page.wait_for_url(return_url)
    assert "The return has been accepted." in page.inner_text("main")
    assert "Accepted returns are locked" in page.inner_text("main")
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX whole return").click()
    xlsx = download_info.value
    assert xlsx.suggested_filename.endswith(".xlsx")
    from openpyxl import load_workbook

    with open(xlsx.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    rows = list(book["Revenue monitoring"].iter_rows(min_row=2, values_only=True))
    asb = next(r for r in rows if r[0] == "ASB case worker")
    assert (Decimal(str(asb[2])), Decimal(str(asb[3])), Decimal(str(asb[4]))) == (
        Decimal("15000.00"), Decimal("6000.00"), Decimal("12000.00"))
    assert asb[6] == "Post vacant from July; recruiting."
    assert rows[-1][0] == "Total revenue" and Decimal(str(rows[-1][2])) == Decimal("20000.00")
    capital = list(book["Capital monitoring"].iter_rows(min_row=2, values_only=True))
    assert capital[-1][0] == "Total capital" and Decimal(str(capital[-1][2])) == Decimal("4450.00")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF whole return").click()
    pdf = download_info.value
    with open(pdf.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")

    text = pdf_text(content)
    assert "Accepted" in text and "£20,000.00" in text
    grant_return = GrantReturn.objects.get(award=award_2016, part="H1")
    assert grant_return.status == "accepted"
    assert list(grant_return.history.values_list("kind", flat=True)) == [
        "started", "submitted", "returned", "resubmitted", "accepted"]



def funding_pages(award: GrantAward, accepted: GrantReturn, draft: GrantReturn) -> list[str]:
    a = f"{HUNTS}/funding/awards/{award.pk}"
    line = award.lines.order_by("pk").first()
    assert line is not None
    return [f"{HUNTS}/funding/", f"{HUNTS}/funding/awards/add/", f"{a}/", f"{a}/lines/add/",
            f"{a}/lines/{line.pk}/edit/",
            f"{a}/spend/add/", f"{a}/spend/", f"{a}/virements/add/", f"{a}/returns/start/",
            f"{a}/status/",
            f"{HUNTS}/funding/returns/{accepted.pk}/", f"{HUNTS}/funding/returns/{accepted.pk}/revise/",
            f"{HUNTS}/funding/returns/{draft.pk}/", f"{HUNTS}/funding/returns/{draft.pk}/edit/",
            f"{HUNTS}/"]


def test_every_funding_page_passes_axe(award_2016: GrantAward, live_server: Any, page: Any,
                                       axe_check: Any) -> None:
    base = live_server.url
    coordinator = User.objects.get(email=COORDINATOR)
    csf = GrantAward.objects.get(partnership__slug="huntingdonshire", year_start=2015)
    accepted = GrantReturn.objects.get(award=csf, part="H1")
    draft = services.return_start(award=csf, by=coordinator, part="H2")
    sign_in_as(page, base, COORDINATOR)
    for path in funding_pages(csf, accepted, draft):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        axe_check(page)
    # Forms with errors (radios included: their error links must point at a real element).
    # (Starting a return on an award whose periods all have one goes back to the award page.)
    for path in (f"{HUNTS}/funding/awards/{csf.pk}/lines/add/", f"{HUNTS}/funding/awards/add/",
                 f"{HUNTS}/funding/awards/{award_2016.pk}/returns/start/"):
        page.goto(f"{base}{path}")
        page.locator("main form [type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").is_visible(), path
        for href in page.locator(".govuk-error-summary a").evaluate_all("els => els.map(e => e.hash)"):
            assert page.locator(href).count() == 1, (path, href)
        axe_check(page)
    services.return_submit(grant_return=draft, by=coordinator, no_personal_data=True)
    sign_in_as(page, base, OPCC)
    for path in ("/opcc/returns/", "/opcc/returns/?period=2015/16-H1", "/opcc/returns/?period=nonsense",
                 f"{HUNTS}/funding/returns/{draft.pk}/review/", f"{HUNTS}/funding/"):
        page.goto(f"{base}{path}")
        axe_check(page)
    assert "is not a period" in page.goto(f"{base}/opcc/returns/?period=nonsense").text()  # type: ignore[union-attr]


def test_award_page_works_by_keyboard(award_2016: GrantAward, live_server: Any, page: Any) -> None:
    """Tab from the service navigation to "Record spend" and follow it with Enter."""
    base = live_server.url
    sign_in_as(page, base, FINANCE)
    page.goto(f"{base}{HUNTS}/funding/awards/{award_2016.pk}/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Record spend":
            break
    else:
        pytest.fail("Record spend cannot be reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{HUNTS}/funding/awards/{award_2016.pk}/spend/add/")


def test_a_return_with_two_problems_shows_both_at_once(award_2016: GrantAward, live_server: Any,
                                                       page: Any, axe_check: Any) -> None:
    """No declaration and an unexplained variance: one submit names both, each linking to the
    field that fixes it (the declaration on this page, the explanation on the return form)."""
    base = live_server.url
    coordinator = User.objects.get(email=COORDINATOR)
    draft = services.return_start(award=award_2016, by=coordinator, part="H1")
    lines = {line.title: line for line in draft.lines.all()}
    services.return_update(grant_return=draft, by=coordinator, summary="Running.", entries=[
        services.LineEntry(line_id=line.pk,
                           forecast=Decimal("1000.00") if title == "Community Chest" else line.budget)
        for title, line in lines.items()])
    sign_in_as(page, base, COORDINATOR)
    return_url = f"{base}{HUNTS}/funding/returns/{draft.pk}/"
    page.goto(return_url)
    page.get_by_role("button", name="Submit to the OPCC").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading").inner_text() == (
        "The return cannot be submitted yet: 2 problems")
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Confirm that the return contains no personal data about service users.",
        "Explain the variance on “Community Chest”: its forecast differs from its budget by "
        "£4,000.00, more than 10% of the budget."]
    axe_check(page)
    # The declaration is on this page: its link moves focus to the checkbox.
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "id_no_personal_data"
    assert page.locator(".govuk-error-message", has_text="Confirm that the return").is_visible()
    # The explanation is on the return form: its link opens it at the field.
    page.goto(return_url)
    page.get_by_role("button", name="Submit to the OPCC").click()
    page.wait_for_load_state()
    page.locator(".govuk-error-summary").get_by_role("link").nth(1).click()
    page.wait_for_load_state()
    field = f"id_line-{lines['Community Chest'].pk}-variance_explanation"
    assert page.url == f"{return_url}edit/#{field}"
    assert page.locator(f"#{field}").is_visible()
    axe_check(page)
    draft.refresh_from_db()
    assert draft.status == "draft"
