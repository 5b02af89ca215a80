"""Returns: prefilled figures, the variance rule, the states, locking and revisions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from funding import services
from funding.models import GrantReturn, GrantReturnLine, ReturnEvent, ReturnStatus
from funding.services import LineEntry
from funding.variance import explanation_required

from .factories import SpendFactory, VirementFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def h1(people: Any, lines: Any) -> GrantReturn:
    SpendFactory(line=lines["asb"], amount=D("7500.00"), spent_on=datetime.date(2015, 9, 30))
    SpendFactory(line=lines["asb"], amount=D("999.99"), spent_on=datetime.date(2015, 10, 1))  # H2
    SpendFactory(line=lines["cctv"], amount=D("4450.00"), spent_on=datetime.date(2015, 5, 5))
    return services.return_start(award=lines["asb"].award, by=people["coordinator"], part="H1")


def entry(line: GrantReturnLine, forecast: str, explanation: str = "") -> LineEntry:
    return LineEntry(line_id=line.pk, forecast=D(forecast), variance_explanation=explanation,
                     outputs="40 calls handled", outcomes="Fewer repeat calls")


def by_title(grant_return: GrantReturn) -> dict[str, GrantReturnLine]:
    return {line.title: line for line in grant_return.lines.all()}


def test_return_is_prefilled_from_lines_and_spend_to_the_period_end(h1: GrantReturn) -> None:
    lines = by_title(h1)
    assert lines["2 x ASB case workers"].actual_to_date == D("7500.00")  # not the H2 spend
    assert lines["2 x ASB case workers"].budget == D("15000.00")
    assert lines["CCTV Women's Refuge"].kind == "capital"
    assert lines["CCTV Women's Refuge"].actual_to_date == D("4450.00")
    assert all(line.forecast == line.budget for line in lines.values())
    assert h1.status == ReturnStatus.DRAFT
    assert ReturnEvent.objects.filter(grant_return=h1, kind="started").count() == 1


def test_prefill_uses_budgets_after_approved_virements_only(people: Any, lines: Any) -> None:
    VirementFactory(from_line=lines["asb"], to_line=lines["chest"], amount=D("500"), status="approved")
    VirementFactory(from_line=lines["asb"], to_line=lines["chest"], amount=D("300"))  # pending
    grant_return = services.return_start(award=lines["asb"].award, by=people["finance"], part="H1")
    assert by_title(grant_return)["2 x ASB case workers"].budget == D("14500.00")
    assert by_title(grant_return)["Community Chest"].budget == D("5137.00")


def test_a_second_return_for_the_same_period_is_refused(people: Any, h1: GrantReturn) -> None:
    with pytest.raises(ValidationError, match="already a H1 2015/16 return"):
        services.return_start(award=h1.award, by=people["coordinator"], part="H1")
    with pytest.raises(ValidationError, match="not a period"):
        services.return_start(award=h1.award, by=people["coordinator"], part="Q3")
    assert GrantReturn.objects.count() == 1


@pytest.mark.parametrize(("budget", "forecast", "required"), [
    ("15000.00", "15000.00", False),
    ("15000.00", "13500.00", False),  # exactly 10%: no explanation needed
    ("15000.00", "13499.99", True),   # a penny over
    ("15000.00", "16500.01", True),   # overspend counts too
    ("0.00", "0.01", True),
    ("0.00", "0.00", False),
])
def test_variance_rule(budget: str, forecast: str, required: bool) -> None:
    assert explanation_required(budget=D(budget), forecast=D(forecast),
                                threshold_percent=D("10.00")) is required


def test_submit_without_required_explanation_is_refused_and_nothing_changes(people: Any,
                                                                              h1: GrantReturn) -> None:
    lines = by_title(h1)
    asb = lines["2 x ASB case workers"]
    services.return_update(grant_return=h1, by=people["finance"], summary="On track",
                           entries=[entry(asb, "12000.00")])
    with pytest.raises(ValidationError) as error:
        services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=True)
    assert "Explain the variance on “2 x ASB case workers”" in str(error.value)
    assert "£3,000.00, more than 10% of the budget" in str(error.value)
    h1.refresh_from_db()
    assert h1.status == ReturnStatus.DRAFT and h1.submitted_at is None
    assert not ReturnEvent.objects.filter(grant_return=h1, kind="submitted").exists()


def test_submit_needs_the_no_personal_data_confirmation(people: Any, h1: GrantReturn) -> None:
    with pytest.raises(ValidationError, match="no personal data about service users"):
        services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=False)
    h1.refresh_from_db()
    assert h1.status == ReturnStatus.DRAFT


def test_full_cycle_submit_return_resubmit_accept(people: Any, h1: GrantReturn, opcc: Any) -> None:
    asb = by_title(h1)["2 x ASB case workers"]
    services.return_update(grant_return=h1, by=people["finance"], summary="On track",
                           entries=[entry(asb, "12000.00", "Vacancy from July to September")])
    services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=True)
    h1.refresh_from_db()
    assert h1.status == ReturnStatus.SUBMITTED and h1.submitted_by == people["coordinator"]
    with pytest.raises(ValidationError, match="waiting for the OPCC"):
        services.return_update(grant_return=h1, by=people["finance"], summary="x", entries=[])
    with pytest.raises(ValidationError, match="Say what needs to change"):
        services.return_review(grant_return=h1, by=opcc, accept=False, comment="  ")
    services.return_review(grant_return=h1, by=opcc, accept=False,
                           comment="Please give the outputs for the case workers.")
    h1.refresh_from_db()
    assert h1.status == ReturnStatus.RETURNED
    assert h1.review_comment == "Please give the outputs for the case workers."
    services.return_update(grant_return=h1, by=people["coordinator"], summary="On track",
                           entries=[entry(asb, "12000.00", "Vacancy from July to September")])
    services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=True)
    h1.refresh_from_db()
    assert h1.status == ReturnStatus.RESUBMITTED
    services.return_review(grant_return=h1, by=opcc, accept=True)
    h1.refresh_from_db()
    assert h1.status == ReturnStatus.ACCEPTED and h1.decided_by == opcc and h1.is_locked
    assert list(ReturnEvent.objects.filter(grant_return=h1).values_list("kind", flat=True)) == [
        "started", "submitted", "returned", "resubmitted", "accepted"]


def test_only_the_opcc_for_the_force_area_or_an_admin_reviews(people: Any, h1: GrantReturn) -> None:
    from tests.factories import PccOfficeFactory, UserFactory

    services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=True)
    other_force: Any = UserFactory(opcc_office=PccOfficeFactory(police_force_area="Leicestershire"))
    for user in (people["coordinator"], people["finance"], other_force):
        with pytest.raises(PermissionDenied):
            services.return_review(grant_return=h1, by=user, accept=True)
    admin: Any = UserFactory(is_superuser=True)
    services.return_review(grant_return=h1, by=admin, accept=True)
    with pytest.raises(ValidationError, match="Only a submitted return"):
        services.return_review(grant_return=h1, by=admin, accept=False, comment="again")


def test_accepted_return_is_locked_and_corrected_by_a_new_revision(people: Any, h1: GrantReturn,
                                                                   opcc: Any) -> None:
    services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=True)
    services.return_review(grant_return=h1, by=opcc, accept=True)
    h1.refresh_from_db()
    before = {line.pk: (line.forecast, line.outputs) for line in h1.lines.all()}
    line = h1.lines.first()
    assert line is not None
    with pytest.raises(ValidationError, match="accepted and is locked"):
        services.return_update(grant_return=h1, by=people["finance"], summary="changed",
                               entries=[entry(line, "1.00", "changed")])
    with pytest.raises(ValidationError, match="accepted and is locked"):
        services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=True)
    with pytest.raises(ValidationError, match="Say what the correction is for"):
        services.return_revise(grant_return=h1, by=people["coordinator"], reason=" ")
    new = services.return_revise(grant_return=h1, by=people["coordinator"],
                                 reason="Invoice for September was missed")
    h1.refresh_from_db()
    assert (new.revision, new.status, new.is_current, new.previous) == (2, "draft", True, h1)
    assert not h1.is_current and h1.status == ReturnStatus.ACCEPTED
    assert {line.pk: (line.forecast, line.outputs) for line in h1.lines.all()} == before
    assert new.lines.count() == h1.lines.count()
    # The old revision can never be edited again, nor corrected twice.
    with pytest.raises(ValidationError, match="earlier revision"):
        services.return_update(grant_return=h1, by=people["finance"], summary="x", entries=[])
    with pytest.raises(ValidationError, match="Only the current, accepted return"):
        services.return_revise(grant_return=h1, by=people["coordinator"], reason="again")
    services.return_submit(grant_return=new, by=people["coordinator"], no_personal_data=True)
    services.return_review(grant_return=new, by=opcc, accept=True)
    assert GrantReturn.objects.filter(award=h1.award, part="H1").count() == 2
    assert GrantReturn.objects.filter(award=h1.award, part="H1", is_current=True).get() == new


def test_lead_officers_cannot_fill_in_returns(people: Any, h1: GrantReturn) -> None:
    with pytest.raises(PermissionDenied):
        services.return_update(grant_return=h1, by=people["lead"], summary="x", entries=[])
    with pytest.raises(PermissionDenied):
        services.return_start(award=h1.award, by=people["lead"], part="H2")


def test_negative_forecast_and_foreign_lines_are_refused(people: Any, h1: GrantReturn) -> None:
    line = h1.lines.first()
    assert line is not None
    with pytest.raises(ValidationError, match="cannot be negative"):
        services.return_update(grant_return=h1, by=people["finance"], summary="",
                               entries=[entry(line, "-1.00")])
    with pytest.raises(ValidationError, match="does not belong to this return"):
        services.return_update(grant_return=h1, by=people["finance"], summary="",
                               entries=[LineEntry(line_id=999999, forecast=D("1"))])
    line.refresh_from_db()
    assert line.forecast == line.budget


def test_submit_names_every_problem_at_once(people: Any, h1: GrantReturn, client_for: Any) -> None:
    from django.urls import reverse

    lines = by_title(h1)
    asb, chest = lines["2 x ASB case workers"], lines["Community Chest"]
    services.return_update(grant_return=h1, by=people["finance"], summary="On track",
                           entries=[entry(asb, "12000.00"), entry(chest, "100.00")])
    with pytest.raises(services.ReturnNotReady) as error:
        services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=False)
    assert [(p.field, p.line_id) for p in error.value.problems] == [
        ("no_personal_data", None), ("variance_explanation", asb.pk),
        ("variance_explanation", chest.pk)]
    slug = h1.award.partnership.slug
    response = client_for(people["coordinator"]).post(
        reverse("funding:return_submit", args=[slug, h1.pk]), {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The return cannot be submitted yet: 3 problems" in html
    edit = reverse("funding:return_edit", args=[slug, h1.pk])
    assert ('<a href="#id_no_personal_data">Confirm that the return contains no personal data '
            "about service users.</a>") in html
    assert f'<a href="{edit}#id_line-{asb.pk}-variance_explanation">Explain the variance on ' \
           "“2 x ASB case workers”" in html
    assert f'<a href="{edit}#id_line-{chest.pk}-variance_explanation">Explain the variance on ' \
           "“Community Chest”" in html
    h1.refresh_from_db()
    assert h1.status == ReturnStatus.DRAFT


def test_the_decision_page_shows_the_return_above_the_form(people: Any, h1: GrantReturn,
                                                           opcc: Any, client_for: Any) -> None:
    from django.urls import reverse

    lines = by_title(h1)
    services.return_update(grant_return=h1, by=people["finance"], summary="Both posts filled",
                           entries=[entry(line, str(line.budget)) for line in lines.values()])
    services.return_submit(grant_return=h1, by=people["coordinator"], no_personal_data=True)
    html = client_for(opcc).get(reverse("funding:return_review",
                                        args=[h1.award.partnership.slug, h1.pk])).content.decode()
    assert html.index("Financial monitoring") < html.index("Both posts filled") \
        < html.index("40 calls handled") < html.index("Your decision") < html.index('name="decision"')
    assert "2 x ASB case workers" in html


def test_start_page_offers_only_free_periods_and_none_when_every_period_has_a_return(
        h1: GrantReturn, people: Any, client_for: Any) -> None:
    """H1 has its return: the start page offers H2 only; once H2 has one too there is nothing
    to choose, so the page goes back to the award saying why (no form with an empty choice)."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    award = h1.award
    client = client_for(people["coordinator"])
    url = reverse("funding:return_start", args=[award.partnership.slug, award.pk])
    page = client.get(url).content.decode()
    assert 'value="H2"' in page and 'value="H1"' not in page
    services.return_start(award=award, by=people["coordinator"], part="H2")
    award_url = reverse("funding:award", args=[award.partnership.slug, award.pk])
    response = client.get(url)
    assert (response.status_code, response.url) == (302, award_url)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Every period of this award already has a return: open it from the list of returns "
        "below."]
    response = client.post(url, {"part": "H2"})
    assert (response.status_code, response.url) == (302, award_url)
    assert award.returns.count() == 2
