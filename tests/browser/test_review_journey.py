"""A DHR coordinator's journey in a real browser, behind two-factor sign-in: record a
notification, scoping, the decision to hold, the chair and the panel, an information request,
drafting and quality assurance, a recommendation, the never-publish list (by keyboard only),
publication refused by a listed name, fixed, published; the public page signed out. axe (WCAG 2.2
A/AA) on every page visited.

Uploading the overview report and the executive summary is the documents page's job (another
part of the reviews app): here the versions are added as the upload service stores them."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from typing import Any

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Role
from reviews.models import Review
from tests.factories import PASSWORD, OrganisationFactory, PartnershipFactory, member
from tests.reviews.documents import DOCX, text_docx, text_pdf, upload


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=30, t0=0, digits=6, drift=0):06d}"


def move(page: Any, axe_check: Any, label: str, reason: str = "") -> None:
    page.get_by_label(label).check()
    if reason:
        page.get_by_label("Why (required to reopen").fill(reason)
    page.get_by_role("button", name="Move the review").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-notification-banner").is_visible()
    axe_check(page)


def test_dhr_coordinator_journey_to_publication(transactional_db: Any, live_server: Any,
                                                page: Any, login: Any, axe_check: Any) -> None:
    hunts = PartnershipFactory(name="Huntingdonshire", slug="hunts-journey")
    dhr = member(hunts, Role.DHR_COORDINATOR, email="dhr.journey@example.org",
                 full_name="Dana Coordinator")
    member(hunts, Role.VIEWER, email="chair.journey@example.org", full_name="Chris Chair")
    OrganisationFactory(partnership=hunts, name="Cambridgeshire Constabulary")
    OrganisationFactory(partnership=hunts, name="Integrated Care Board")
    device = TOTPDevice.objects.create(user=dhr, name="Authenticator app", confirmed=True)
    assert b32encode(device.bin_key)  # a real key: the code below is what the app would show
    today = timezone.localdate()
    day = f"{today:%d/%m/%Y}"
    earlier = f"{today - dt.timedelta(days=10):%d/%m/%Y}"

    login("dhr.journey@example.org", PASSWORD)
    assert page.get_by_role("heading", name="Enter your sign-in code").is_visible()
    page.get_by_label("Code").fill(code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/p/hunts-journey/reviews/")
    axe_check(page)
    page.get_by_role("button", name="Record a notification").click()
    axe_check(page)
    page.get_by_label("Pseudonym of the person who died").fill("Adult J")
    page.get_by_label("Date of death").fill(earlier)
    page.get_by_label("Date of the written notification").fill(day)
    page.get_by_label("Notified by").fill("Cambridgeshire Constabulary")
    page.get_by_label("Coercive and controlling behaviour").check()
    page.get_by_role("button", name="Record the notification").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="DHR-").is_visible()
    axe_check(page)
    review = Review.objects.get(partnership=hunts)
    base = f"{live_server.url}/p/hunts-journey/reviews/{review.pk}"

    move(page, axe_check, "Start scoping")
    move(page, axe_check, "Ready for the decision")
    page.get_by_role("link", name="Record the decision whether to hold a review").click()
    axe_check(page)
    page.get_by_label("Hold a review", exact=True).check()
    page.get_by_label("Date of the decision").fill(day)
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    axe_check(page)
    move(page, axe_check, "Record that the Home Office was informed")
    move(page, axe_check, "Record the chair's appointment")

    page.get_by_role("link", name="Add someone to the panel").click()
    axe_check(page)
    page.get_by_label("Person").select_option(label="Chris Chair")
    page.get_by_label("Independent chair").check()
    page.get_by_role("button", name="Add to the panel").click()
    page.wait_for_load_state()
    assert page.get_by_text("Chris Chair").first.is_visible()
    move(page, axe_check, "Move to panel and terms of reference")
    move(page, axe_check, "Start information gathering")

    page.get_by_role("link", name="Record an information request").click()
    axe_check(page)
    page.get_by_label("Agency", exact=True).select_option(label="Integrated Care Board")
    page.get_by_label("Individual Management Review (IMR)").check()
    page.get_by_label("Contact at the agency").fill("Safeguarding Lead")
    page.get_by_label("Contact's email address").fill("safeguarding@icb.example")
    page.get_by_label("Requested on").fill(day)
    page.get_by_label("Due by").fill(f"{today + dt.timedelta(days=28):%d/%m/%Y}")
    page.get_by_role("button", name="Record the request").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="Individual Management Review (IMR)",
                            exact=True).is_visible()
    axe_check(page)

    move(page, axe_check, "Start drafting")
    move(page, axe_check, "Record submission to Home Office quality assurance")
    move(page, axe_check, "Record quality assurance approval")

    page.get_by_role("link", name="Add a recommendation").click()
    axe_check(page)
    page.get_by_label("Recommendation", exact=True).fill("Train call handlers on coercive control.")
    page.get_by_label("Agency responsible").select_option(label="Cambridgeshire Constabulary")
    page.get_by_role("button", name="Add the recommendation").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Action R1").is_visible()
    axe_check(page)

    # The never-publish list, by keyboard only.
    page.goto(f"{base}/never-publish/")
    axe_check(page)
    page.get_by_label("Name or address").focus()
    page.keyboard.type("Jane Smith")
    page.keyboard.press("Tab")  # to the first radio, "Victim"
    assert page.evaluate("document.activeElement.value") == "victim"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # out of the radios, to the button
    assert page.evaluate("document.activeElement.value") == "Add to the list"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("cell", name="Jane Smith").is_visible()
    axe_check(page)

    upload(review, "final", text_pdf(["Adult J.", "Her sister, Jane Smith, told the panel."]),
           by=dhr)
    upload(review, "summary", text_docx(["Adult J was killed by her partner."]),
           content_type=DOCX, by=dhr)
    page.get_by_role("link", name="Go to publication").click()
    page.wait_for_load_state()
    assert page.get_by_text("Victim name “Jane Smith” appears in the Final overview report "
                            "(version 1), page 2.").is_visible()
    axe_check(page)
    page.get_by_label("Summary for the public page").fill("What agencies learnt from Adult J.")
    page.get_by_role("button", name="Publish the review").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").get_by_text(
        "Publication refused: the never-publish check did not pass.").is_visible()
    axe_check(page)
    review.refresh_from_db()
    assert review.stage == "qa_approved"

    upload(review, "final", text_pdf(["Adult J.", "Her sister, Adult K, told the panel."]), by=dhr)
    page.goto(f"{base}/publish/")
    assert page.get_by_text("No listed name appears in the documents.").is_visible()
    axe_check(page)
    page.get_by_label("Summary for the public page").fill("What agencies learnt from Adult J.")
    page.get_by_role("button", name="Publish the review").click()
    page.wait_for_load_state()
    assert page.get_by_text("is published: its public page is online until").is_visible()
    axe_check(page)
    public_url = page.get_by_role("link", name="the public page").get_attribute("href")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{public_url}")
    assert page.get_by_role("heading", name=f"{review.reference}: Adult J").is_visible()
    assert page.get_by_text("What agencies learnt from Adult J.").is_visible()
    assert page.get_by_role("link", name="Final overview report").is_visible()
    axe_check(page)
    page.get_by_role("link", name="All published reviews of Huntingdonshire").click()
    axe_check(page)
