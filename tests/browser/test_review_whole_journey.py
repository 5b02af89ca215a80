"""A Domestic Homicide Review from notification to publication in one piece, in a real browser,
as issue 12's "Done when" lists it; then need to know from every other side.

The DHR coordinator sets up two-factor sign-in (a real TOTP code from the key the page shows),
records the notification, scoping and the decision, appoints the chair and the panel, and sends
two information requests. One agency's contact is given access: they set their password from the
emailed link, set up two-factor, upload their IMR (a real DOCX) and their chronology (the
portal's own template, filled in with openpyxl), which then shows in the merged chronology. The
other request is late: the daily reminder task chases it through the notification outbox and
escalates it to the DHR coordinator. The overview report goes to quality assurance, comes back
with changes required (back to drafting), is approved; publication is refused while a name on
the never-publish list appears (the page names the document and the page), a corrected version
is uploaded, the review is published and its public page shows it, signed out.

Then: a coordinator who is not on the panel sees only the anonymised row; a panel member of
another review gets a 404; someone without two-factor is sent to set it up; an agency
contributor gets a 404 everywhere but their own request. axe (WCAG 2.2 A/AA) on every page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from partnership.models import Notification, Role
from partnership.tasks import send_pending_notifications
from reviews import services
from reviews.models import ChronologyEntry, InformationRequest, Review
from reviews.stages import DhrStage
from reviews.tasks import queue_review_reminders
from tests.browser.test_review_case_file import sign_in_with_code
from tests.browser.test_two_factor import code_from_key
from tests.factories import PASSWORD, OrganisationFactory, PartnershipFactory, UserFactory, member
from tests.reviews.documents import DOCX, PDF, text_docx, text_pdf
from tests.reviews.factories import InformationRequestFactory, PanelMemberFactory, ReviewFactory
from tests.reviews.files import pdf_upload

CONTRIBUTOR_PASSWORD = "a long agency passphrase 2026"


def one_month_after(day: dt.date) -> dt.date:
    """The same day next month, or that month's last day (31 January → 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def set_up_two_factor(page: Any, axe_check: Callable[[Any], None]) -> str:
    """On the set-up page the app sent us to: confirm with a code from the key it shows."""
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    axe_check(page)
    key = page.locator("#authenticator-key").inner_text()
    page.get_by_label("Code").fill(code_from_key(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is set up")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Continue").click()
    return key


def move(page: Any, axe_check: Callable[[Any], None], label: str, reason: str = "") -> None:
    page.get_by_label(label).check()
    if reason:
        page.get_by_label("Why (required to reopen").fill(reason)
    page.get_by_role("button", name="Move the review").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    axe_check(page)


def success(page: Any, text: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def file_payload(name: str, mime: str, content: bytes) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": content}


def test_a_review_from_notification_to_publication(transactional_db: Any, live_server: Any,
                                                   browser: Any, page: Any, login: Any,
                                                   axe_check: Any, tmp_path: Path) -> None:
    hunts = PartnershipFactory(name="Huntingdonshire", slug="hunts-whole")
    member(hunts, Role.DHR_COORDINATOR, email="dhr.whole@example.org",
           full_name="Dana Coordinator")
    member(hunts, Role.VIEWER, email="chair.whole@example.org", full_name="Chris Chair")
    member(hunts, Role.LEAD_OFFICER, email="panel.whole@example.org", full_name="Pat Panel")
    OrganisationFactory(partnership=hunts, name="Cambridgeshire Constabulary")
    OrganisationFactory(partnership=hunts, name="Integrated Care Board")
    OrganisationFactory(partnership=hunts, name="Probation Service")
    today = timezone.localdate()
    url = f"{live_server.url}/p/hunts-whole/reviews/"

    # --- The coordinator has no second factor yet: the reviews page sends them to set it up.
    login("dhr.whole@example.org", PASSWORD)
    page.goto(url)
    set_up_two_factor(page, axe_check)
    expect(page.get_by_role("heading", name="Domestic Homicide Reviews")).to_be_visible()
    axe_check(page)

    # --- Notification, scoping, decision.
    page.get_by_role("button", name="Record a notification").click()
    axe_check(page)
    page.get_by_label("Pseudonym of the person who died").fill("Adult W")
    page.get_by_label("Date of death").fill(d(today - dt.timedelta(days=12)))
    page.get_by_label("Date of the written notification").fill(d(today - dt.timedelta(days=5)))
    page.get_by_label("Notified by").fill("Cambridgeshire Constabulary")
    page.get_by_label("Coercive and controlling behaviour").check()
    page.get_by_role("button", name="Record the notification").click()
    expect(page.get_by_role("heading", name=re.compile(r"^DHR-\d{4}-\d+: Adult W$"))).to_be_visible()
    decision_due = one_month_after(today - dt.timedelta(days=5))
    success(page, f"The decision whether to hold a review is due by {decision_due:%-d %B %Y}.")
    axe_check(page)
    review = Review.objects.get(partnership=hunts)
    base = f"{url}{review.pk}"

    move(page, axe_check, "Start scoping")
    move(page, axe_check, "Ready for the decision")
    page.get_by_role("link", name="Record the decision whether to hold a review").click()
    axe_check(page)
    page.get_by_label("Hold a review", exact=True).check()
    page.get_by_label("Date of the decision").fill(d(today))
    page.get_by_role("button", name="Record the decision").click()
    success(page, "The decision is recorded: hold a review.")
    axe_check(page)
    move(page, axe_check, "Record that the Home Office was informed")
    move(page, axe_check, "Record the chair's appointment")

    # --- The chair and the panel.
    for person, role, organisation in (("Chris Chair", "Independent chair", ""),
                                       ("Pat Panel", "Panel member", "Probation Service")):
        page.get_by_role("link", name="Add someone to the panel").click()
        axe_check(page)
        page.get_by_label("Person").select_option(label=person)
        if organisation:
            page.get_by_label("Organisation (optional)").fill(organisation)
        page.get_by_label(role, exact=True).check()
        page.get_by_role("button", name="Add to the panel").click()
        success(page, f"{person} is on the panel and can now open the review.")
        axe_check(page)
    expect(page.get_by_text("Chris Chair – Independent chair")).to_be_visible()
    expect(page.get_by_text("Pat Panel, Probation Service – Panel member")).to_be_visible()
    move(page, axe_check, "Move to panel and terms of reference")
    move(page, axe_check, "Start information gathering")

    # --- Two information requests: the ICB's IMR (due in four weeks), Probation's information
    # report, asked for a month ago and due yesterday.
    due_imr = today + dt.timedelta(days=28)
    due_report = today - dt.timedelta(days=1)
    for agency, kind, contact, email, asked, due in (
            ("Integrated Care Board", "Individual Management Review (IMR)", "Sam Safeguarding",
             "sam.safeguarding@icb.example", today, due_imr),
            ("Probation Service", "Information report", "Alex Probation",
             "alex@probation.example", today - dt.timedelta(days=30), due_report)):
        page.get_by_role("link", name="Record an information request").click()
        axe_check(page)
        page.get_by_label("Agency", exact=True).select_option(label=agency)
        page.get_by_label(kind).check()
        page.get_by_label("Contact at the agency").fill(contact)
        page.get_by_label("Contact's email address").fill(email)
        page.get_by_label("Requested on").fill(d(asked))
        page.get_by_label("Due by").fill(d(due))
        page.get_by_role("button", name="Record the request").click()
        success(page, f"The request to {agency} is recorded, due by {due:%-d %B %Y}.")
        axe_check(page)
    requests = page.get_by_role("region", name="Information requests")
    expect(requests.get_by_role("row", name=re.compile("^Integrated Care Board"))).to_contain_text(
        "28 days left")
    expect(requests.get_by_role("row", name=re.compile("^Probation Service"))).to_contain_text(
        "1 day overdue")
    expect(page.get_by_text("1 request late")).to_be_visible()

    # The ICB's contact gets an account limited to their request.
    requests.get_by_role("row", name=re.compile("^Integrated Care Board")).get_by_role(
        "link", name="Give the contact access").click()
    expect(page.get_by_role("heading",
                            name="Give the agency's contact access to this request")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Give access and send the link").click()
    success(page, "sam.safeguarding@icb.example has been sent a link to their request.")
    axe_check(page)
    imr = InformationRequest.objects.get(review=review, kind="imr")
    report = InformationRequest.objects.get(review=review, kind="report")
    (invitation,) = [m for m in mail.outbox if m.to == ["sam.safeguarding@icb.example"]]
    assert "Adult W" not in invitation.body and "Adult W" not in invitation.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", invitation.body)
    assert link, invitation.body

    # --- The agency contributor, in their own browser.
    agency = browser.new_context().new_page()
    agency.goto(f"{live_server.url}{link.group(1)}")
    expect(agency.get_by_role("heading", name="Set your password")).to_be_visible()
    axe_check(agency)
    agency.get_by_label("New password", exact=True).fill(CONTRIBUTOR_PASSWORD)
    agency.get_by_label("New password confirmation").fill(CONTRIBUTOR_PASSWORD)
    agency.get_by_role("button", name="Set password").click()
    expect(agency.get_by_role("heading", name="Your password has been set")).to_be_visible()
    agency.goto(f"{live_server.url}/returns/{imr.pk}/")
    agency.get_by_label("Email address").fill("sam.safeguarding@icb.example")
    agency.get_by_label("Password").fill(CONTRIBUTOR_PASSWORD)
    agency.get_by_role("button", name="Sign in").click()
    set_up_two_factor(agency, axe_check)  # and back to their request
    heading = f"{review.reference}: Individual Management Review (IMR)"
    expect(agency.get_by_role("heading", name=heading)).to_be_visible()
    assert "Adult W" not in agency.content()
    axe_check(agency)

    agency.get_by_role("link", name="Upload your Individual Management Review (IMR)").click()
    axe_check(agency)
    agency.get_by_label("File").set_input_files(file_payload(
        "icb-imr.docx", DOCX, text_docx(["Individual Management Review for the panel.",
                                         "Adult W was seen by the GP twice."])))
    agency.get_by_role("button", name="Upload").click()
    success(agency, "Your return is uploaded. Thank you.")
    expect(agency.get_by_text("Individual Management Review (IMR) from Integrated Care Board, "
                              "version 1")).to_be_visible()
    axe_check(agency)
    with agency.expect_download() as own:
        agency.get_by_role("link", name="Download version 1").click()
    assert own.value.suggested_filename.endswith(".docx")

    agency.get_by_role("link", name="Upload your chronology").click()
    axe_check(agency)
    with agency.expect_download() as template:
        agency.get_by_role("link", name="the chronology template (Excel)").click()
    assert template.value.suggested_filename == "chronology-template.xlsx"
    blank = tmp_path / template.value.suggested_filename
    template.value.save_as(blank)
    workbook = openpyxl.load_workbook(blank)
    sheet: Any = workbook.active
    header: int = [cell.value for cell in sheet["A"]].index("Date") + 1  # under the marking
    assert [c.value for c in sheet[header]] == ["Date", "Event", "Source", "Significance"]
    for row, values in enumerate((
            (dt.date(2025, 11, 3), "GP appointment: Adult W disclosed fear of partner",
             "GP records", None),
            ("14/12/2025", "A&E attendance with a wrist injury", None, "Missed routine enquiry")),
            start=header + 1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    filled = tmp_path / "chronology.xlsx"
    workbook.save(filled)
    agency.get_by_label("Chronology spreadsheet (.xlsx)").set_input_files(filled)
    agency.get_by_role("button", name="Check the spreadsheet").click()
    expect(agency.get_by_text("2 entries from Integrated Care Board will be added to the "
                              "chronology.")).to_be_visible()
    axe_check(agency)
    agency.get_by_role("button", name="Confirm and import").click()
    success(agency, "Your chronology is uploaded: 2 entries. Thank you.")
    axe_check(agency)

    # --- Back with the coordinator: the IMR is received, the entries are in the merged
    # chronology, in date order with the coordinator's own entries.
    page.reload()
    axe_check(page)
    expect(page.get_by_role("region", name="Information requests").get_by_role(
        "row", name=re.compile("^Integrated Care Board"))).to_contain_text(
        f"Received {today:%-d %b %Y}")
    page.get_by_role("link", name="Chronology", exact=True).click()
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("3 Nov 2025")
    expect(rows.nth(0)).to_contain_text("Integrated Care Board")
    expect(rows.nth(0)).to_contain_text("GP appointment: Adult W disclosed fear of partner")
    expect(rows.nth(1)).to_contain_text("14 Dec 2025")
    expect(rows.nth(1)).to_contain_text("A&E attendance with a wrist injury")
    axe_check(page)
    assert ChronologyEntry.objects.filter(review=review, source=imr).count() == 2

    # --- The late request: the daily task chases it through the outbox (the contact has no
    # account, so the chaser is the escalation to the DHR coordinator), then the digest goes.
    queue_review_reminders(today=today.isoformat())
    line = (f"{review.reference}: the Information report from Probation Service was due on "
            f"{due_report:%-d %B %Y}: 1 day overdue")
    chasers = Notification.objects.filter(kind__startswith="reviews.request")
    assert set(chasers.filter(subject_id=report.pk).values_list(
        "kind", "recipient__email", "line")) == {
        ("reviews.request_escalated", "dhr.whole@example.org", line)}
    assert not chasers.filter(subject_id=imr.pk).exists()
    mail.outbox.clear()
    send_pending_notifications()
    (digest,) = mail.outbox
    assert digest.to == ["dhr.whole@example.org"]
    assert line in digest.body and "Adult W" not in digest.body
    # A week later it is chased again (and the IMR, received, never is).
    queue_review_reminders(today=(today + dt.timedelta(days=7)).isoformat())
    assert chasers.filter(subject_id=report.pk).count() == 2

    # --- Drafting: the overview report and the executive summary, uploaded on the documents page.
    page.goto(f"{base}/")
    move(page, axe_check, "Start drafting")
    page.get_by_role("link", name="Documents", exact=True).click()
    axe_check(page)
    for kind, title, payload in (
            ("Final overview report", "Overview report DHR Adult W", file_payload(
                "overview.pdf", PDF, text_pdf(["Overview report: Adult W.",
                                               "Her sister, Jane Smith, spoke to the panel."]))),
            ("Executive summary", "Executive summary DHR Adult W", file_payload(
                "summary.docx", DOCX, text_docx(["Adult W was killed by her partner."])))):
        page.get_by_role("link", name="Upload a document").click()
        axe_check(page)
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Title").fill(title)
        page.get_by_label("File").set_input_files(payload)
        page.get_by_role("button", name="Upload the document").click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        axe_check(page)

    # --- Quality assurance: changes required (back to drafting, with the feedback), approved.
    page.get_by_role("link", name=review.reference).click()
    move(page, axe_check, "Record submission to Home Office quality assurance")
    feedback = "QA panel: the action plan needs owners and dates for every recommendation."
    move(page, axe_check, "Record changes required (back to drafting)", reason=feedback)
    review.refresh_from_db()
    assert review.stage == DhrStage.DRAFTING
    expect(page.get_by_text(feedback)).to_be_visible()
    move(page, axe_check, "Record submission to Home Office quality assurance")
    move(page, axe_check, "Record quality assurance approval")

    page.get_by_role("link", name="Add a recommendation").click()
    axe_check(page)
    page.get_by_label("Recommendation", exact=True).fill("Routine enquiry at every A&E visit.")
    page.get_by_label("Regional", exact=True).check()
    page.get_by_label("Agency responsible").select_option(label="Integrated Care Board")
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_role("link", name="Action R1")).to_be_visible()
    axe_check(page)

    # --- The never-publish list, then publication refused, naming document and page.
    page.get_by_role("link", name="Names that must never be published").click()
    axe_check(page)
    page.get_by_label("Name or address").fill("Jane Smith")
    page.get_by_label("Family member").check()
    page.get_by_role("button", name="Add to the list").click()
    expect(page.get_by_role("cell", name="Jane Smith")).to_be_visible()
    axe_check(page)
    page.goto(f"{base}/publish/")
    finding = ("Family member name “Jane Smith” appears in the Final overview report (version 1), "
               "page 2.")
    expect(page.get_by_text(finding)).to_be_visible()
    axe_check(page)
    page.get_by_label("Summary for the public page").fill("What agencies learnt from Adult W.")
    page.get_by_role("button", name="Publish the review").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_text("Publication refused: the never-publish check did not pass.")
           ).to_be_visible()
    expect(summary.get_by_text(finding)).to_be_visible()
    axe_check(page)
    review.refresh_from_db()
    assert review.stage == DhrStage.QA_APPROVED

    # The corrected report, a new version on the documents page.
    page.goto(f"{base}/documents/")
    page.get_by_role("link", name="Upload a new version of Overview report DHR Adult W").click()
    axe_check(page)
    fixed = text_pdf(["Overview report: Adult W.", "Her sister, Adult X, spoke to the panel."])
    page.get_by_label("File").set_input_files(file_payload("overview-v2.pdf", PDF, fixed))
    page.get_by_role("button", name="Upload the new version").click()
    expect(page.get_by_role("link", name="Download version 2 of Overview report DHR Adult W")
           ).to_be_visible()
    axe_check(page)
    page.goto(f"{base}/publish/")
    expect(page.get_by_text("No listed name appears in the documents.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Summary for the public page").fill("What agencies learnt from Adult W.")
    page.get_by_role("button", name="Publish the review").click()
    success(page, "is published: its public page is online until")
    axe_check(page)
    public_url = page.get_by_role("link", name="the public page").get_attribute("href")

    # --- The public page, signed out.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(f"{live_server.url}{public_url}")
    expect(page.get_by_role("heading", name=f"{review.reference}: Adult W")).to_be_visible()
    expect(page.get_by_text("What agencies learnt from Adult W.")).to_be_visible()
    expect(page.get_by_role("link", name="Final overview report")).to_be_visible()
    expect(page.get_by_role("link", name="Executive summary")).to_be_visible()
    recommendation = page.get_by_role("row", name=re.compile("^R1"))
    expect(recommendation).to_contain_text("Routine enquiry at every A&E visit.")
    expect(recommendation).to_contain_text("Regional")
    expect(recommendation).to_contain_text("Integrated Care Board")
    expect(recommendation).to_contain_text("Not started")
    axe_check(page)
    with page.expect_download() as published:
        page.get_by_role("link", name="Final overview report").click()
    assert published.value.suggested_filename == f"{review.reference} Final overview report.pdf"
    assert Path(published.value.path()).read_bytes() == fixed  # the corrected version
    agency.context.close()


# --- Need to know, from every other side -------------------------------------------------------

@pytest.fixture
def held_reviews(transactional_db: Any) -> dict[str, Any]:
    """Two reviews in one partnership: Adult M (Pat on its panel), Adult N (Robin on its panel,
    Sam of the police given access to one request)."""
    hunts = PartnershipFactory(name="Huntingdonshire", slug="hunts-need")
    police = OrganisationFactory(partnership=hunts, name="Constabulary")
    adult_m = ReviewFactory(partnership=hunts, pseudonym="Adult M", number=1,
                            stage=DhrStage.INFORMATION, decision="hold",
                            decided_on=dt.date(2026, 2, 1))
    adult_n = ReviewFactory(partnership=hunts, pseudonym="Adult N", number=2,
                            stage=DhrStage.INFORMATION, decision="hold",
                            decided_on=dt.date(2026, 2, 1))
    pat = member(hunts, Role.LEAD_OFFICER, email="pat.panel@example.org")
    PanelMemberFactory(review=adult_m, user=pat)
    robin = member(hunts, Role.VIEWER, email="robin.panel@example.org")
    PanelMemberFactory(review=adult_n, user=robin)
    sam = UserFactory(email="sam@police.example")
    theirs = InformationRequestFactory(review=adult_n, organisation=police, contact=sam)
    other = InformationRequestFactory(review=adult_n, organisation=police, kind="chronology")
    version = services.contributor_upload(by=sam, request_pk=theirs.pk,
                                          upload=pdf_upload(name="imr.pdf"))
    return {"hunts": hunts, "m": adult_m, "n": adult_n, "pat": pat, "robin": robin, "sam": sam,
            "theirs": theirs, "other": other, "version": version,
            "coordinator": member(hunts, Role.COORDINATOR, email="coord.need@example.org"),
            "newcomer": member(hunts, Role.DHR_COORDINATOR, email="new.dhr@example.org")}


def test_a_coordinator_off_the_panel_sees_only_the_anonymised_row(
        held_reviews: dict[str, Any], live_server: Any, page: Any, login: Any,
        axe_check: Any) -> None:
    world = held_reviews
    sign_in_with_code(login, page, world["coordinator"])
    page.goto(f"{live_server.url}/p/hunts-need/reviews/")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and two anonymised rows
    expect(table).to_contain_text(world["m"].reference)
    assert "Adult M" not in page.content() and "Adult N" not in page.content()
    expect(table.get_by_role("link")).to_have_count(0)  # nothing to open
    axe_check(page)
    response = page.goto(f"{live_server.url}/p/hunts-need/reviews/{world['m'].pk}/")
    assert response.status == 404
    axe_check(page)


def test_a_panel_member_of_another_review_gets_404(held_reviews: dict[str, Any], live_server: Any,
                                                  page: Any, login: Any, axe_check: Any) -> None:
    world = held_reviews
    sign_in_with_code(login, page, world["pat"])
    base = f"{live_server.url}/p/hunts-need/reviews"
    page.goto(f"{base}/{world['m'].pk}/")
    expect(page.get_by_role("heading", name=f"{world['m'].reference}: Adult M")).to_be_visible()
    axe_check(page)
    for path in ("", "chronology/", "documents/", "family/"):
        response = page.goto(f"{base}/{world['n'].pk}/{path}")
        assert response.status == 404, path
        assert "Adult N" not in page.content()
    axe_check(page)


def test_without_two_factor_a_review_page_sends_you_to_set_it_up(
        held_reviews: dict[str, Any], live_server: Any, page: Any, login: Any,
        axe_check: Any) -> None:
    world = held_reviews
    assert not TOTPDevice.objects.filter(user=world["newcomer"]).exists()
    login("new.dhr@example.org", PASSWORD)
    page.goto(f"{live_server.url}/p/hunts-need/reviews/{world['n'].pk}/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next="))
    assert "Adult N" not in page.content()
    set_up_two_factor(page, axe_check)  # then straight back to the review
    expect(page.get_by_role("heading", name=f"{world['n'].reference}: Adult N")).to_be_visible()
    axe_check(page)


def test_an_agency_contributor_gets_404_on_everything_but_their_request(
        held_reviews: dict[str, Any], live_server: Any, page: Any, login: Any,
        axe_check: Any) -> None:
    world = held_reviews
    n, theirs, other = world["n"], world["theirs"], world["other"]
    sign_in_with_code(login, page, world["sam"])
    expect(page.get_by_role("heading", name="Your information requests")).to_be_visible()
    axe_check(page)
    own = f"{live_server.url}/returns/{theirs.pk}/"
    assert page.goto(own).status == 200
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1").click()
    assert download.value.suggested_filename.endswith(".pdf")
    base = f"{live_server.url}/p/hunts-need"
    for url in (f"{base}/", f"{base}/reviews/", f"{base}/reviews/{n.pk}/",
                f"{base}/reviews/{n.pk}/documents/", f"{base}/reviews/{world['m'].pk}/",
                f"{live_server.url}/returns/{other.pk}/",
                f"{live_server.url}/returns/{other.pk}/upload/",
                f"{live_server.url}/returns/{other.pk}/chronology/template/",
                f"{live_server.url}/returns/{theirs.pk}/uploads/{world['version'].pk + 1000}/"):
        response = page.goto(url)
        assert response.status == 404, url
        assert "Adult N" not in page.content()
    axe_check(page)
