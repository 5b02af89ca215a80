"""Publication: the never-publish list, the name check on real PDF and DOCX files refusing
publication with the place of each name, the public page (no sign-in) of what was published."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action
from partnership.models import Role
from reviews import services
from reviews.models import AccessLog, Publication, PublishedDocument, Review
from reviews.stages import DhrStage
from tests.factories import OrganisationFactory, PartnershipFactory, member

from .documents import DOCX, text_docx, text_pdf, upload
from .factories import PanelMemberFactory, ReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case() -> dict[str, Any]:
    hunts = PartnershipFactory()
    review = ReviewFactory(partnership=hunts, pseudonym="Adult Q", stage=DhrStage.QA_APPROVED,
                           decision="hold", decided_on=D(2026, 2, 1), year=2026, number=4)
    dhr = member(hunts, Role.DHR_COORDINATOR)
    services.never_publish_add(review=review, by=dhr, name="Jane  Smith", category="victim")
    services.never_publish_add(review=review, by=dhr, name="12 Acacia Avenue", category="address")
    return {"hunts": hunts, "review": review, "dhr": dhr}


def publish(case: dict[str, Any], **extra: Any) -> Publication:
    fields = {"summary": "Adult Q was killed by her partner.", "published_on": D(2026, 6, 1),
              **extra}
    return services.review_publish(review=case["review"], by=case["dhr"], **fields)


def test_a_listed_name_refuses_publication_naming_document_and_page(case: dict[str, Any]) -> None:
    review = case["review"]
    upload(review, "final", text_pdf(["Adult Q.", "Background.", "Her sister, jane smith, said"]))
    upload(review, "summary", text_docx(["Summary.", "Adult Q lived at 12 ACACIA Avenue."]),
           content_type=DOCX)
    with pytest.raises(ValidationError) as caught:
        publish(case)
    assert caught.value.messages == [
        "Publication refused: the never-publish check did not pass.",
        "Victim name “Jane Smith” appears in the Final overview report (version 1), page 3.",
        "Address name “12 Acacia Avenue” appears in the Executive summary (version 1), "
        "paragraph 2."]
    review.refresh_from_db()
    assert review.stage == DhrStage.QA_APPROVED and not Publication.objects.exists()
    assert not review.steps.filter(to_stage="published").exists()


def test_the_fixed_versions_are_published_exactly(case: dict[str, Any]) -> None:
    review = case["review"]
    upload(review, "final", text_pdf(["Her sister, Jane Smith, said"]))
    summary = upload(review, "summary", text_docx(["Adult Q."]), content_type=DOCX)
    with pytest.raises(ValidationError):
        publish(case)
    fixed = upload(review, "final", text_pdf(["Her sister, Adult R, said"]))
    publication = publish(case, home_office_sent_on=D(2026, 5, 20))
    assert publication.remove_on == D(2027, 6, 1)  # twelve months by default
    assert publication.home_office_sent_on == D(2026, 5, 20)
    assert list(PublishedDocument.objects.values_list("version_id", "kind")) == [
        (fixed.pk, "final"), (summary.pk, "summary")]
    review.refresh_from_db()
    assert review.stage == DhrStage.PUBLISHED
    assert review.steps.get(to_stage="published").by == case["dhr"]


def test_the_public_summary_is_checked_too(case: dict[str, Any]) -> None:
    upload(case["review"], "final", text_pdf(["Adult Q."]))
    upload(case["review"], "summary", text_docx(["Adult Q."]), content_type=DOCX)
    with pytest.raises(ValidationError) as caught:
        publish(case, summary="Jane Smith's review")
    assert caught.value.messages[1] == ("Victim name “Jane Smith” appears in the summary for the "
                                        "public page, its text.")


def test_missing_documents_an_empty_list_and_unreadable_files_refuse(case: dict[str, Any]) -> None:
    review = case["review"]
    with pytest.raises(ValidationError) as caught:
        publish(case)
    assert caught.value.messages[1:] == ["Upload the final overview report to publish.",
                                         "Upload the executive summary to publish."]
    review.never_publish.all().delete()
    upload(review, "final", b"This is not a report", content_type="text/plain")
    upload(review, "summary", text_docx(["Adult Q."]), content_type=DOCX)
    with pytest.raises(ValidationError) as caught:
        publish(case)
    assert caught.value.messages[1:] == [
        "Add the names that must never be published (at least the real name of the person who "
        "died) before the check can pass.",
        "The Final overview report (version 1) cannot be checked: it is neither a PDF nor a Word "
        "(DOCX) document."]


def test_dates_and_stage_are_checked(case: dict[str, Any]) -> None:
    upload(case["review"], "final", text_pdf(["Adult Q."]))
    upload(case["review"], "summary", text_pdf(["Adult Q."]))
    with pytest.raises(ValidationError) as caught:
        publish(case, remove_on=D(2027, 5, 31))
    assert caught.value.message_dict == {"remove_on": [
        "A published review stays online at least 12 months: until 1 June 2027 or later."]}
    with pytest.raises(ValidationError) as caught:
        publish(case, published_on=timezone.localdate() + dt.timedelta(days=1))
    assert caught.value.message_dict == {"published_on": [
        "The date of publication cannot be in the future."]}
    Review.objects.filter(pk=case["review"].pk).update(stage=DhrStage.DRAFTING)
    with pytest.raises(ValidationError) as caught:
        publish(case)
    assert caught.value.messages == ["A review is published once Home Office quality assurance "
                                     "has approved it; this review is drafting."]


def test_the_list_refuses_duplicates_and_blank_names(case: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.never_publish_add(review=case["review"], by=case["dhr"], name="JANE smith",
                                   category="family")
    assert caught.value.message_dict == {"name": ["This is already on the list."]}
    with pytest.raises(ValidationError):
        services.never_publish_add(review=case["review"], by=case["dhr"], name="  ",
                                   category="family")


def test_a_panel_member_cannot_read_or_change_the_list(case: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    panel = member(case["hunts"], Role.LEAD_OFFICER)
    PanelMemberFactory(review=case["review"], user=panel)
    with pytest.raises(PermissionDenied):
        services.never_publish_add(review=case["review"], by=panel, name="Bob", category="family")
    with pytest.raises(PermissionDenied):
        services.name_check(review=case["review"], by=panel)


def url(case: dict[str, Any], name: str, *args: Any) -> str:
    return reverse(f"reviews:{name}", args=[case["hunts"].slug, case["review"].pk, *args])


def test_names_never_reach_the_access_log_or_messages(case: dict[str, Any],
                                                      client_for: Any) -> None:
    review, client = case["review"], client_for(case["dhr"])
    upload(review, "final", text_pdf(["Jane Smith"]))
    upload(review, "summary", text_pdf(["Adult Q."]))
    response = client.post(url(case, "never_publish"), {"name": "Tom Jones", "category": "family"},
                           follow=True)
    assert "Added to the never-publish list." in response.content.decode()
    page = client.get(url(case, "publish")).content.decode()
    assert "Victim name “Jane Smith” appears in the Final overview report (version 1), page 1." \
        in page
    response = client.post(url(case, "publish"), {"summary": "Adult Q.",
                                                   "published_on": "01/06/2026"})
    assert response.status_code == 200
    assert "Publication refused: the never-publish check did not pass." in response.content.decode()
    logged = list(AccessLog.objects.order_by("pk").values_list("kind", "what"))
    assert logged == [("change", "Added a family member entry to the never-publish list"),
                      ("read", "Read the never-publish list"),
                      ("read", "Read the publication page (name check run)"),
                      ("change", "Publication refused")]
    assert not any("Jane" in what or "Tom" in what for _, what in logged)


def test_the_public_page_shows_only_what_was_published(case: dict[str, Any]) -> None:
    review, public = case["review"], Client()
    page_url = reverse("reviews_public:review", args=[case["hunts"].slug, 2026, 4])
    list_url = reverse("reviews_public:list", args=[case["hunts"].slug])
    assert public.get(page_url).status_code == 404
    assert "Adult Q" not in public.get(list_url).content.decode()
    report = text_pdf(["Adult Q's overview."])
    upload(review, "final", report)
    upload(review, "summary", text_docx(["Adult Q."]), content_type=DOCX)
    publication = publish(case, summary="What the partnership learnt.")
    page = public.get(page_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "DHR-2026-04: Adult Q" in text and "What the partnership learnt." in text
    assert "Published 1 June 2026." in text
    assert "Cambridgeshire Constabulary" not in text  # nothing that was not published
    assert "DHR-2026-04: Adult Q" in public.get(list_url).content.decode()
    final = publication.documents.get(kind="final")
    download = public.get(reverse("reviews_public:document",
                                  args=[case["hunts"].slug, 2026, 4, final.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == report
    assert download["Content-Disposition"].startswith("attachment")
    # Another partnership's slug, or after the removal date: 404.
    other = PartnershipFactory()
    assert public.get(reverse("reviews_public:review", args=[other.slug, 2026, 4])).status_code \
        == 404
    Publication.objects.filter(pk=publication.pk).update(remove_on=timezone.localdate())
    assert public.get(page_url).status_code == 404


def test_the_public_page_lists_the_recommendations_and_their_progress(case: dict[str, Any]) -> None:
    review, dhr = case["review"], case["dhr"]
    police = OrganisationFactory(partnership=case["hunts"], name="Constabulary")
    health = OrganisationFactory(partnership=case["hunts"], name="Health Board")
    services.recommendation_add(review=review, by=dhr, text="Train call handlers.",
                                reach="single", scope="local", lead_agency=police)
    second = services.recommendation_add(review=review, by=dhr, text="Routine enquiry in A&E.",
                                         reach="single", scope="national", lead_agency=health)
    Action.objects.filter(pk=second.action_id).update(status="in_progress")
    services.recommendation_outcome(review=review, by=dhr, pk=second.pk,
                                    outcome="Guidance sent to every trust.")
    page_url = reverse("reviews_public:review", args=[case["hunts"].slug, 2026, 4])
    assert Client().get(page_url).status_code == 404  # not published: nothing at all
    upload(review, "final", text_pdf(["Adult Q's overview."]))
    upload(review, "summary", text_docx(["Adult Q."]), content_type=DOCX)
    publish(case, summary="What the partnership learnt.")
    text = " ".join(Client().get(page_url).content.decode().split())
    assert ('<th scope="row" class="govuk-table__header">R1</th> '
            '<td class="govuk-table__cell">Train call handlers.</td> '
            '<td class="govuk-table__cell">Local</td> '
            '<td class="govuk-table__cell">Constabulary</td> '
            '<td class="govuk-table__cell">Not started</td>') in text
    assert ('<th scope="row" class="govuk-table__header">R2</th> '
            '<td class="govuk-table__cell">Routine enquiry in A&amp;E.</td> '
            '<td class="govuk-table__cell">National</td> '
            '<td class="govuk-table__cell">Health Board</td> '
            '<td class="govuk-table__cell">In progress<br><span class="govuk-body-s">Outcome: '
            'Guidance sent to every trust.</span></td>') in text
