"""Review pages: the anonymised list, the access log on every read and change, refused moves in
the page, the idle time-out."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.urls import reverse

from partnership.models import Role
from reviews.models import AccessLog, Review
from reviews.stages import DhrStage
from tests.factories import PartnershipFactory, PccOfficeFactory, UserFactory, member

from .factories import InformationRequestFactory, PanelMemberFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client_for: Any) -> dict[str, Any]:
    hunts = PartnershipFactory(pcc_office=PccOfficeFactory())
    review = ReviewFactory(partnership=hunts, pseudonym="Adult Q", stage=DhrStage.PANEL,
                           decision="hold", decided_on=dt.date(2026, 2, 1))
    InformationRequestFactory(review=review, due_on=dt.date(2026, 3, 1))
    return {"hunts": hunts, "review": review, "dhr": member(hunts, Role.DHR_COORDINATOR),
            "coordinator": member(hunts, Role.COORDINATOR),
            "opcc": UserFactory(opcc_office=hunts.pcc_office)}


def url(case: dict[str, Any], name: str, *args: Any) -> str:
    return reverse(f"reviews:{name}", args=[case["hunts"].slug, *args])


def test_the_list_is_anonymised_for_a_coordinator(case: dict[str, Any], client_for: Any) -> None:
    review = case["review"]
    page = client_for(case["coordinator"]).get(url(case, "list")).content.decode()
    assert review.reference in page and "Panel and terms of reference" in page
    assert "Adult Q" not in page
    assert url(case, "review", review.pk) not in page  # no link to a review they cannot open
    page = client_for(case["dhr"]).get(url(case, "list")).content.decode()
    assert url(case, "review", review.pk) in page and "Adult Q" not in page


def test_opcc_gets_404_on_the_list(case: dict[str, Any], client_for: Any) -> None:
    assert client_for(case["opcc"]).get(url(case, "list")).status_code == 404


def test_every_read_and_change_is_logged(case: dict[str, Any], client_for: Any) -> None:
    review, dhr = case["review"], case["dhr"]
    client = client_for(dhr)
    page = client.get(url(case, "review", review.pk))
    assert page.status_code == 200
    assert "Adult Q" in page.content.decode() and "1 request late" in page.content.decode()
    entry = AccessLog.objects.get()
    assert (entry.review, entry.user, entry.kind, entry.what, entry.ip) == (
        review, dhr, "read", "Opened the review", "127.0.0.1")
    response = client.post(url(case, "move", review.pk), {"to_stage": "information",
                                                          "reason": "Terms agreed"})
    assert response.status_code == 302
    assert list(AccessLog.objects.order_by("pk").values_list("kind", "what")) == [
        ("read", "Opened the review"), ("change", "Moved to information gathering")]
    # A refused page (no need to know) leaves no trace of the review, and no log line.
    assert client_for(case["coordinator"]).get(url(case, "review", review.pk)).status_code == 404
    assert AccessLog.objects.count() == 2


def test_quality_assurance_offers_changes_required_and_approval(case: dict[str, Any],
                                                                client_for: Any) -> None:
    review = case["review"]
    Review.objects.filter(pk=review.pk).update(stage=DhrStage.QA_SUBMITTED)
    page = client_for(case["dhr"]).get(url(case, "review", review.pk)).content.decode()
    labels = [label.split(">")[-1] for label in page.split("</label>")
              if 'class="govuk-label govuk-radios__label"' in label]
    assert labels == ["Record changes required (back to drafting)",
                      "Record quality assurance approval"]


def test_an_illegal_move_is_refused_in_the_page(case: dict[str, Any], client_for: Any) -> None:
    review = case["review"]
    response = client_for(case["dhr"]).post(url(case, "move", review.pk),
                                            {"to_stage": "published"})
    assert response.status_code == 400
    assert ("A review that is panel and terms of reference cannot be published."
            in response.content.decode())
    review.refresh_from_db()
    assert review.stage == DhrStage.PANEL and not review.steps.exists()
    assert not AccessLog.objects.filter(kind="change").exists()


def test_the_access_log_filters(case: dict[str, Any], client_for: Any) -> None:
    review, dhr = case["review"], case["dhr"]
    other = member(case["hunts"], Role.VIEWER, full_name="Pat Panel")
    PanelMemberFactory(review=review, user=other)
    client_for(other).get(url(case, "review", review.pk))
    client = client_for(dhr)
    client.post(url(case, "move", review.pk), {"to_stage": "information"})
    page = client.get(url(case, "access_log", review.pk), {"kind": "change"}).content.decode()
    assert "Moved to information gathering" in page and "Opened the review" not in page
    page = client.get(url(case, "access_log", review.pk), {"user": "pat pan"}).content.decode()
    assert "Opened the review" in page and "Moved to" not in page
    # A panel member reads the review but not its access log.
    assert client_for(other).get(url(case, "access_log", review.pk)).status_code == 403


@pytest.mark.parametrize(("idle_minutes", "signed_out"), [(14, False), (16, True)])
def test_review_pages_time_out_after_15_idle_minutes(case: dict[str, Any], client_for: Any,
                                                     idle_minutes: int, signed_out: bool) -> None:
    client = client_for(case["dhr"])
    session = client.session
    session["reviews_seen_at"] = time.time() - idle_minutes * 60
    session.save()
    response = client.get(url(case, "review", case["review"].pk))
    if signed_out:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(url(case, "list")).status_code == 302  # the whole session ended
        assert not AccessLog.objects.exists()
    else:
        assert response.status_code == 200


def test_recording_a_notification(case: dict[str, Any], client_for: Any) -> None:
    client = client_for(case["dhr"])
    response = client.post(url(case, "notify"), {
        "pseudonym": "Adult R", "kind": "dhr", "died_on": "31/01/2026", "notified_on": "31/01/2026",
        "notifying_body": "Cambridgeshire Constabulary", "themes": ["economic"]})
    review = Review.objects.get(pseudonym="Adult R")
    assert response["Location"] == url(case, "review", review.pk)
    assert review.themes == ["economic"] and review.stage == DhrStage.NOTIFIED
    response = client.post(url(case, "notify"), {
        "pseudonym": "Adult S", "kind": "dhr", "died_on": "02/02/2026", "notified_on": "31/01/2026",
        "notifying_body": "Police"})
    assert response.status_code == 200
    assert "The date of death must be on or before the date of notification." in \
        response.content.decode()
    assert not Review.objects.filter(pseudonym="Adult S").exists()


def test_dashboard_panel_and_board_pack_are_anonymised(case: dict[str, Any], client_for: Any) -> None:
    from django.template.loader import render_to_string

    from reviews.panels import board_pack_context

    review = case["review"]
    dashboard = reverse("partnership:dashboard", args=[case["hunts"].slug])
    page = client_for(case["coordinator"]).get(dashboard).content.decode()
    assert review.reference in page and "Panel and terms of reference".lower() in page
    assert "Adult Q" not in page
    page = client_for(case["opcc"]).get(dashboard).content.decode()
    assert review.reference not in page and 'id="panel-reviews"' not in page
    html = render_to_string("reviews/board_pack.html", board_pack_context(case["hunts"]))
    assert review.reference in html and "Adult Q" not in html


@pytest.mark.parametrize("name", ["list", "review", "notify", "access_log"])
def test_without_two_factor_a_user_is_sent_to_set_it_up(case: dict[str, Any], name: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(case["dhr"], backend="django.contrib.auth.backends.ModelBackend")
    args = [case["review"].pk] if name in {"review", "access_log"} else []
    path = url(case, name, *args)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/two-factor/?next={path.replace('/', '%2F')}"
    assert not AccessLog.objects.exists()
