"""A review's case file in a real browser: the chronology (list, add with errors, import), the
family contact log, documents, the access log; then the agency contributor's own request. Each
page passes axe; the forms are used from the keyboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Role
from reviews import services
from reviews.models import ChronologyEntry, FamilyContact
from reviews.stages import DhrStage
from tests.factories import PASSWORD, OrganisationFactory, PartnershipFactory, UserFactory, member
from tests.reviews.factories import InformationRequestFactory, ReviewFactory
from tests.reviews.files import pdf_upload


def sign_in_with_code(login: Any, page: Any, user: Any) -> None:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    login(user.email, PASSWORD)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_label("Code").press("Enter")
    page.wait_for_load_state()


def test_the_case_file_pages_and_the_contributors_door(transactional_db: Any, live_server: Any,
                                                       page: Any, login: Any,
                                                       axe_check: Any) -> None:
    hunts = PartnershipFactory()
    dhr = member(hunts, Role.DHR_COORDINATOR, email="dhr.case@example.org")
    review = ReviewFactory(partnership=hunts, pseudonym="Adult Q", stage=DhrStage.INFORMATION,
                           decision="hold", decided_on=dt.date(2026, 2, 1))
    police = OrganisationFactory(partnership=hunts, name="Constabulary")
    contributor = UserFactory(email="ward@police.example")
    imr = InformationRequestFactory(review=review, organisation=police, contact=contributor)
    ChronologyEntry.objects.create(review=review, happened_on=dt.date(2025, 5, 1),
                                   organisation=police, event="Police attended", source=imr)
    FamilyContact.objects.create(review=review, contacted_on=dt.date(2026, 2, 3), who="Sister",
                                 method="letter", summary="Chair's letter", recorded_by=dhr)
    services.document_upload(review=review, by=dhr, kind="terms", title="Terms of reference",
                             upload=pdf_upload())
    base = f"{live_server.url}/p/{hunts.slug}/reviews/{review.pk}"

    sign_in_with_code(login, page, dhr)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Chronology").click()
    assert page.get_by_role("heading", name="Chronology").is_visible()
    assert page.get_by_text("Police attended").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_role("button", name="Save the entry").press("Enter")  # empty: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    page.goto(f"{base}/chronology/import/")
    assert page.get_by_role("heading", name="Import an agency's chronology").is_visible()
    axe_check(page)
    page.goto(f"{base}/family/")
    assert page.get_by_text("Chair's letter").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Record contact with the family").click()
    axe_check(page)
    page.goto(f"{base}/documents/")
    assert page.get_by_role("heading", name="Terms of reference").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Upload a document").click()
    axe_check(page)
    page.goto(f"{base}/access-log/")
    assert page.get_by_role("link", name="CSV").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in_with_code(login, page, contributor)
    assert page.get_by_role("heading", name="Your information requests").is_visible()
    assert "Adult Q" not in page.content()
    axe_check(page)
    page.get_by_role("link", name=review.reference).click()
    assert page.get_by_role("heading", name=f"{review.reference}: Individual Management Review "
                                              "(IMR)").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Upload your chronology").click()
    axe_check(page)
    page.goto(f"{live_server.url}/returns/{imr.pk}/upload/")
    page.get_by_role("button", name="Upload").press("Enter")
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
