"""The case file of a review: the merged chronology (entries, XLSX export, an agency's import),
the family contact log, documents with versions and stamped downloads, the access-log export,
and the agency contributor who sees only their own request. Real XLSX and PDF files throughout."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from partnership.models import Role
from reviews import services
from reviews.models import AccessLog, ChronologyEntry, DocumentVersion, FamilyContact
from reviews.stages import DhrStage
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory, member

from .factories import InformationRequestFactory, PanelMemberFactory, ReviewFactory
from .files import XLSX, chronology_xlsx, pdf_file, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client_for: Any) -> dict[str, Any]:
    hunts = PartnershipFactory()
    review = ReviewFactory(partnership=hunts, pseudonym="Adult Q", stage=DhrStage.INFORMATION,
                           decision="hold", decided_on=dt.date(2026, 2, 1))
    police = OrganisationFactory(partnership=hunts, name="Constabulary")
    health = OrganisationFactory(partnership=hunts, name="Health Board")
    imr = InformationRequestFactory(review=review, organisation=police, kind="imr",
                                    contact_name="DS Ward", contact_email="Ward@Police.example")
    chron = InformationRequestFactory(review=review, organisation=health, kind="chronology")
    dhr = member(hunts, Role.DHR_COORDINATOR)
    dhr.full_name = "Dev Rao"
    dhr.save()
    panel = member(hunts, Role.VIEWER)
    PanelMemberFactory(review=review, user=panel)
    return {"hunts": hunts, "review": review, "police": police, "health": health, "imr": imr,
            "chron": chron, "dhr": dhr, "panel": panel}


def url(case: dict[str, Any], name: str, *args: Any) -> str:
    return reverse(f"reviews:{name}", args=[case["hunts"].slug, case["review"].pk, *args])


def log_lines(review: Any) -> list[tuple[str, str]]:
    return list(AccessLog.objects.filter(review=review).order_by("pk")
                .values_list("kind", "what"))


# --- Chronology ---------------------------------------------------------------------------

def test_chronology_lists_every_agency_by_date_and_filters_by_agency(case: dict[str, Any],
                                                                     client_for: Any) -> None:
    review = case["review"]
    ChronologyEntry.objects.create(review=review, happened_on=dt.date(2025, 5, 1),
                                   organisation=case["police"], event="Police attended")
    ChronologyEntry.objects.create(review=review, happened_on=dt.date(2024, 1, 9),
                                   organisation=case["health"], event="GP appointment")
    client = client_for(case["panel"])  # a panel member reads it
    page = client.get(url(case, "chronology")).content.decode()
    assert page.index("GP appointment") < page.index("Police attended")
    assert url(case, "chronology_add") not in page  # reads, never changes
    page = client.get(url(case, "chronology") + "?sort=-date").content.decode()
    assert page.index("Police attended") < page.index("GP appointment")
    page = client.get(url(case, "chronology") + f"?agency={case['police'].pk}").content.decode()
    assert "Police attended" in page and "GP appointment" not in page
    assert log_lines(review) == [("read", "Read the chronology")] * 3


def test_chronology_pages_keep_the_agency_and_the_order(case: dict[str, Any],
                                                        client_for: Any) -> None:
    """101 entries from one agency: page 1 of 2, and the next page link keeps the agency filter
    and the sort order the reader chose."""
    review, police = case["review"], case["police"]
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(review=review, happened_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
                        organisation=police, event=f"Contact {n}") for n in range(101))
    client = client_for(case["panel"])
    page = client.get(url(case, "chronology") + f"?agency={police.pk}&sort=-date").content.decode()
    assert "Page 1 of 2" in page
    assert f'href="?agency={police.pk}&amp;sort=-date&amp;page=2" rel="next"' in page
    page = client.get(url(case, "chronology") + f"?agency={police.pk}&sort=-date&page=2"
                      ).content.decode()
    assert "Page 2 of 2" in page and "Contact 0<" in page and "Contact 100<" not in page


def test_add_and_change_an_entry(case: dict[str, Any], client_for: Any) -> None:
    client = client_for(case["dhr"])
    response = client.post(url(case, "chronology_add"), {
        "happened_on": "03/04/2025", "organisation": case["police"].pk,
        "event": "Call about shouting", "source_detail": "Incident log", "significance": ""})
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get()
    assert (entry.happened_on, entry.organisation, entry.event, entry.source_detail) == (
        dt.date(2025, 4, 3), case["police"], "Call about shouting", "Incident log")
    response = client.post(url(case, "chronology_edit", entry.pk), {
        "happened_on": "03/04/2025", "organisation": case["health"].pk,
        "event": "Call about shouting", "source_detail": "", "significance": "Missed chance"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.organisation, entry.significance) == (case["health"], "Missed chance")
    assert log_lines(case["review"]) == [
        ("change", "Added a chronology entry (Constabulary)"),
        ("change", "Changed a chronology entry (Health Board)")]


def test_an_entry_in_the_future_is_refused_in_the_page(case: dict[str, Any],
                                                       client_for: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(case["dhr"]).post(url(case, "chronology_add"), {
        "happened_on": f"{tomorrow:%d/%m/%Y}", "organisation": case["police"].pk,
        "event": "Later", "source_detail": "", "significance": ""})
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert not ChronologyEntry.objects.exists()


def test_export_is_a_marked_xlsx_with_formulas_neutralised(case: dict[str, Any],
                                                           client_for: Any) -> None:
    ChronologyEntry.objects.create(review=case["review"], happened_on=dt.date(2025, 5, 1),
                                   organisation=case["police"], event="=HYPERLINK(\"x\")",
                                   source_detail="Log", significance="-1", source=case["imr"])
    response = client_for(case["dhr"]).get(url(case, "chronology_export"))
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="DHR-2026-{:02d}-chronology.xlsx"'.format(
        case["review"].number)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "OFFICIAL-SENSITIVE: restricted until publication"
    assert rows[1] == ["Date", "Agency", "Event", "Source", "Significance", "From the return"]
    assert rows[2] == [dt.datetime(2025, 5, 1), "Constabulary", "'=HYPERLINK(\"x\")", "Log", "'-1",
                       "Individual Management Review (IMR)"]
    assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE: restricted until publication"
    assert log_lines(case["review"]) == [("download", "Exported the chronology")]


def test_import_errors_name_the_cell_and_nothing_is_imported(case: dict[str, Any],
                                                            client_for: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    upload = chronology_xlsx([
        [dt.date(2025, 1, 2), "Fine row", "", ""],
        ["31/02/2025", "Bad date", "", ""],
        [tomorrow, "Future", "", ""],
        ["01/03/2025", "", "GP", ""],
        ["01/03/2025", "Long source", "x" * 201, ""],
    ])
    response = client_for(case["dhr"]).post(url(case, "chronology_import"),
                                            {"request": case["chron"].pk, "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: 4 problems in the spreadsheet" in page
    for cell, message in [("A4", "Enter the date as DD/MM/YYYY, for example 31/03/2025."),
                          ("A5", "The date cannot be in the future."),
                          ("B6", "Describe the event."),
                          ("C7", "The source must be 200 characters or fewer.")]:
        cells = f'<td class="govuk-table__cell">{cell}</td><td class="govuk-table__cell">{message}</td>'
        assert cells in page
    assert "Confirm and import" not in page
    assert not ChronologyEntry.objects.exists()


def test_import_refuses_a_file_that_is_not_the_template(case: dict[str, Any],
                                                       client_for: Any) -> None:
    upload = chronology_xlsx([["01/03/2025", "x"]], header=["When", "What"])
    response = client_for(case["dhr"]).post(url(case, "chronology_import"),
                                            {"request": case["chron"].pk, "file": upload})
    assert "This is not the chronology template" in response.content.decode()
    assert not ChronologyEntry.objects.exists()


def test_import_preview_then_confirm_adds_every_row(case: dict[str, Any], client_for: Any) -> None:
    client = client_for(case["dhr"])
    response = client.post(url(case, "chronology_import"),
                           {"request": case["chron"].pk, "file": chronology_xlsx()})
    page = response.content.decode()
    assert "2</strong> entries from Health Board will be added" in page
    assert not ChronologyEntry.objects.exists()  # a preview writes nothing
    token = client.session[f"review-chronology-import-{case['chron'].pk}"]
    response = client.post(url(case, "chronology_import_confirm"),
                           {"request": case["chron"].pk, "token": token})
    assert response.status_code == 302
    entries = list(ChronologyEntry.objects.order_by("happened_on").values_list(
        "happened_on", "organisation__name", "event", "source_detail", "significance", "source"))
    assert entries == [
        (dt.date(2025, 3, 4), "Health Board", "Seen by the GP: low mood", "GP notes",
         "No enquiry about abuse", case["chron"].pk),
        (dt.date(2025, 6, 12), "Health Board", "Missed a hospital appointment", "", "",
         case["chron"].pk)]
    # The same token again: expired (nothing imported twice).
    response = client.post(url(case, "chronology_import_confirm"),
                           {"request": case["chron"].pk, "token": token})
    assert response.status_code == 302 and ChronologyEntry.objects.count() == 2
    assert ("change", "Imported 2 chronology entries") in log_lines(case["review"])


# --- Family contact -----------------------------------------------------------------------

def test_family_contact_is_recorded_and_listed(case: dict[str, Any], client_for: Any) -> None:
    client = client_for(case["dhr"])
    response = client.post(url(case, "family_add"), {
        "contacted_on": "01/03/2026", "who": "Sister", "method": "letter",
        "summary": "Chair's letter", "involvement": "involved", "leaflet_sent": "on"})
    assert response.status_code == 302
    contact = FamilyContact.objects.get()
    assert (contact.who, contact.method, contact.involvement, contact.leaflet_sent,
            contact.advocacy_offered, contact.recorded_by) == (
        "Sister", "letter", "involved", True, False, case["dhr"])
    page = client_for(case["panel"]).get(url(case, "family")).content.decode()
    assert "Chair&#x27;s letter" in page and "Agreed to take part" in page
    assert "Recorded by Dev Rao" in page
    assert log_lines(case["review"]) == [("change", "Recorded contact with the family"),
                                         ("read", "Read the family contact log")]


def test_family_contact_before_the_death_is_refused(case: dict[str, Any], client_for: Any) -> None:
    response = client_for(case["dhr"]).post(url(case, "family_add"), {
        "contacted_on": "01/12/2025", "who": "Sister", "method": "letter", "summary": "x",
        "involvement": "involved"})
    assert "Contact with the family comes after the death." in response.content.decode()
    assert not FamilyContact.objects.exists()


def test_a_member_without_need_to_know_gets_404(case: dict[str, Any], client_for: Any) -> None:
    coordinator = client_for(member(case["hunts"], Role.COORDINATOR))
    for name in ("chronology", "family", "documents", "chronology_export"):
        assert coordinator.get(url(case, name)).status_code == 404
    assert not AccessLog.objects.exists()


# --- Documents ----------------------------------------------------------------------------

def test_upload_versions_and_a_stamped_download(case: dict[str, Any], client_for: Any) -> None:
    client = client_for(case["dhr"])
    response = client.post(url(case, "document_upload"), {
        "kind": "draft", "title": "Overview report", "file": pdf_file(pages=3)})
    assert response.status_code == 302
    first = DocumentVersion.objects.get()
    response = client.post(url(case, "version_upload", first.document_id),
                           {"file": pdf_file(pages=2)})
    assert response.status_code == 302
    assert list(DocumentVersion.objects.order_by("number").values_list("document", "number")) == [
        (first.document_id, 1), (first.document_id, 2)]
    second = DocumentVersion.objects.get(number=2)
    assert str(second.file.name).startswith(f"reviews/{case['review'].pk}/")
    assert "report" not in str(second.file.name)  # never the uploaded name
    response = client_for(case["panel"]).get(url(case, "version_download", first.document_id,
                                                 first.pk))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{case["review"].reference}-draft-v1.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    panel_name = case["panel"].full_name
    for page in reader.pages:
        text = page.extract_text()
        assert "OFFICIAL-SENSITIVE: restricted until publication" in text
        assert f"Downloaded by {panel_name}" in text
    assert log_lines(case["review"])[-1] == (
        "download", "Downloaded version 1 of a document (Draft overview report)")
    # The stored file is not changed by the stamp.
    with first.file.open("rb") as handle:
        assert b"OFFICIAL-SENSITIVE" not in handle.read()


def test_a_non_pdf_downloads_unchanged_and_not_cached(case: dict[str, Any],
                                                      client_for: Any) -> None:
    client = client_for(case["dhr"])
    content = xlsx_bytes([["01/01/2025", "x", "", ""]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(url(case, "document_upload"), {
        "kind": "chronology", "title": "Chronology", "file": SimpleUploadedFile("c.xlsx", content, XLSX)})
    version = DocumentVersion.objects.get()
    response = client.get(url(case, "version_download", version.document_id, version.pk))
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]


def test_an_upload_of_the_wrong_type_is_refused(case: dict[str, Any], client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(case["dhr"]).post(url(case, "document_upload"), {
        "kind": "draft", "title": "Report",
        "file": SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>" * 5, "application/pdf")})
    assert "Its contents do not match an allowed type." in response.content.decode()
    assert not DocumentVersion.objects.exists()


# --- The access-log export ------------------------------------------------------------------

def test_access_log_export_filters_by_dates_and_is_itself_logged(case: dict[str, Any],
                                                                 client_for: Any) -> None:
    review, dhr = case["review"], case["dhr"]
    old = AccessLog.objects.create(review=review, user=dhr, kind="read", what="Opened the review",
                                   ip="10.0.0.1")
    AccessLog.objects.filter(pk=old.pk).update(at=dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC))
    AccessLog.objects.create(review=review, user=dhr, kind="change", what="=cmd|x",
                             ip="10.0.0.2")
    client = client_for(dhr)
    response = client.get(url(case, "access_log_export") + "?format=csv&until=2026-01-31")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["OFFICIAL-SENSITIVE: restricted until publication"]
    assert rows[1] == ["When", "Who", "Email", "What", "Detail", "Address"]
    assert rows[2:] == [["2026-01-10 09:00:00", "Dev Rao", dhr.email, "Read",
                         "Opened the review", "10.0.0.1"]]
    response = client.get(url(case, "access_log_export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "OFFICIAL-SENSITIVE: restricted until publication"
    whats = [row[4] for row in values[2:]]
    # Newest first: this export, the CSV export, the formula-looking line (neutralised), the old read.
    assert whats == ["Exported the access log (XLSX)", "Exported the access log (CSV)",
                     "'=cmd|x", "Opened the review"]
    assert client_for(case["panel"]).get(url(case, "access_log_export")).status_code == 403


# --- Agency contributors --------------------------------------------------------------------

@pytest.fixture
def contributor(case: dict[str, Any], client_for: Any,
                django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(case["dhr"]).post(url(case, "request_access", case["imr"].pk))
    case["imr"].refresh_from_db()
    return case["imr"].contact


def test_giving_access_makes_an_account_and_emails_only_the_reference(
        case: dict[str, Any], contributor: Any) -> None:
    assert contributor.email == "ward@police.example" and contributor.full_name == "DS Ward"
    assert not contributor.has_usable_password()
    assert not contributor.memberships.exists()
    (message,) = mail.outbox
    assert message.to == ["ward@police.example"]
    assert case["review"].reference in message.subject
    assert "Adult Q" not in f"{message.subject} {message.body}"
    assert reverse("returns:request", args=[case["imr"].pk]) in message.body
    assert ("change", "Gave Constabulary's contact access to their request") in log_lines(
        case["review"])


def test_the_contributor_sees_their_request_only(case: dict[str, Any], contributor: Any,
                                                 client_for: Any) -> None:
    client = client_for(contributor)
    page = client.get(reverse("returns:request", args=[case["imr"].pk])).content.decode()
    assert case["review"].reference in page and "Adult Q" not in page
    assert client.get(reverse("returns:request", args=[case["chron"].pk])).status_code == 404
    assert client.get(url(case, "chronology")).status_code == 404
    assert client.get(reverse("reviews:review", args=[case["hunts"].slug,
                                                      case["review"].pk])).status_code == 404
    assert client.get(reverse("partnership:dashboard",
                              args=[case["hunts"].slug])).status_code == 404
    assert client.get("/").url == reverse("returns:list")
    listing = client.get(reverse("returns:list")).content.decode()
    assert case["review"].reference in listing and "Adult Q" not in listing
    # The DHR coordinator cannot use the contributor's door either.
    assert client_for(case["dhr"]).get(
        reverse("returns:request", args=[case["imr"].pk])).status_code == 404
    assert log_lines(case["review"])[-1] == ("read", "Agency contributor opened their request")


def test_the_contributor_uploads_their_return_and_chronology(case: dict[str, Any],
                                                            contributor: Any,
                                                            client_for: Any) -> None:
    client = client_for(contributor)
    response = client.post(reverse("returns:upload", args=[case["imr"].pk]), {"file": pdf_file()})
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert (version.document.request, version.document.kind, version.uploaded_by) == (
        case["imr"], "imr", contributor)
    case["imr"].refresh_from_db()
    assert case["imr"].received_on == timezone.localdate()
    client.post(reverse("returns:chronology", args=[case["imr"].pk]), {"file": chronology_xlsx()})
    token = client.session[f"return-chronology-import-{case['imr'].pk}"]
    response = client.post(reverse("returns:chronology_confirm", args=[case["imr"].pk]),
                           {"token": token})
    assert response.status_code == 302
    assert set(ChronologyEntry.objects.values_list("organisation__name", "source")) == {
        ("Constabulary", case["imr"].pk)}
    assert ChronologyEntry.objects.count() == 2
    page = client.get(reverse("returns:request", args=[case["imr"].pk])).content.decode()
    assert "version 1" in page
    assert log_lines(case["review"])[-3:-1] == [
        ("change", "Agency contributor uploaded version 1 of their return "
                   "(Individual Management Review)"),
        ("change", "Agency contributor imported 2 chronology entries")]


def test_the_services_check_the_contributor_too(case: dict[str, Any], contributor: Any) -> None:
    stranger = UserFactory()
    from partnership.uploads import check_upload

    with pytest.raises(Http404):
        services.contributor_upload(by=stranger, request_pk=case["imr"].pk,
                                    upload=check_upload(pdf_file()))
    assert not DocumentVersion.objects.exists()


def test_the_contributor_downloads_what_they_uploaded_and_nothing_else(
        case: dict[str, Any], contributor: Any, client_for: Any) -> None:
    from partnership.uploads import check_upload

    client = client_for(contributor)
    client.post(reverse("returns:upload", args=[case["imr"].pk]), {"file": pdf_file()})
    theirs = DocumentVersion.objects.get()
    # A version the DHR coordinator added to the same document, and another review document.
    by_dhr = services.document_add_version(review=case["review"], by=case["dhr"],
                                           document_pk=theirs.document_id,
                                           upload=check_upload(pdf_file()))
    terms = services.document_upload(review=case["review"], by=case["dhr"], kind="terms",
                                     title="Terms of reference", upload=check_upload(pdf_file()))
    page = client.get(reverse("returns:request", args=[case["imr"].pk])).content.decode()
    mine = reverse("returns:download", args=[case["imr"].pk, theirs.pk])
    assert f'href="{mine}"' in page
    assert reverse("returns:download", args=[case["imr"].pk, by_dhr.pk]) not in page
    response = client.get(mine)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")
    stamped = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "OFFICIAL-SENSITIVE" in stamped and contributor.full_name in stamped
    assert log_lines(case["review"])[-1] == (
        "download", "Agency contributor downloaded version 1 of their return "
                    "(Individual Management Review)")
    for version in (by_dhr, terms):
        assert client.get(reverse("returns:download",
                                  args=[case["imr"].pk, version.pk])).status_code == 404
    # Their version through another request's door, and the coordinator at their door: 404.
    assert client.get(reverse("returns:download",
                              args=[case["chron"].pk, theirs.pk])).status_code == 404
    assert client_for(case["dhr"]).get(mine).status_code == 404
