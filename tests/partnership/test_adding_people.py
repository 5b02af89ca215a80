"""Adding a person: disguised (confusable) emails are refused; an existing account is told,
and the coordinator sees nothing of it beyond what they typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from partnership import services
from partnership.emails import confusable_reason
from partnership.models import Membership, Role, User
from partnership.tasks import send_added_notice
from tests.factories import PartnershipFactory, member


@pytest.mark.parametrize(("email", "reason"), [
    ("a.smith@n\u043erfolk.gov.uk", "mixed scripts"),  # Cyrillic o
    ("a.smith@\u0430\u0440\u0435.com", "look-alike letters"),  # all-Cyrillic "ape"
    ("a.smith@\uff4eorfolk.gov.uk", "compatibility characters"),  # fullwidth n
    ("a.smith@nor\u200bfolk.gov.uk", "invisible characters"),  # zero-width space
    ("\u03bffficer@norfolk.gov.uk", "mixed scripts"),  # Greek omicron in the local part
    ("a.smith@norfolk.gov.uk", None),
    ("a.smith@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444", None),  # genuine Cyrillic IDN
])
def test_confusable_reason(email: str, reason: str | None) -> None:
    assert confusable_reason(email) == reason


@pytest.fixture
def csp(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory(name="Testshire CSP")
    return {"p": partnership, "coordinator": member(partnership, Role.COORDINATOR)}


def test_a_disguised_email_is_refused_with_a_clear_message(csp: dict[str, Any],
                                                           client_for: Any) -> None:
    url = f"/p/{csp['p'].slug}/people/add/"
    response = client_for(csp["coordinator"]).post(url, {
        "full_name": "A Smith", "email": "a.smith@n\u043erfolk.gov.uk", "roles": ["viewer"]})
    assert response.status_code == 200
    assert "letters from another alphabet that look like ordinary letters" in \
        response.content.decode()
    assert not User.objects.filter(full_name="A Smith").exists()
    with pytest.raises(ValidationError, match="another alphabet"):
        services.membership_add(partnership=csp["p"], by=csp["coordinator"],
                                email="a.smith@n\u043erfolk.gov.uk", full_name="A Smith",
                                roles=["viewer"])


def test_an_existing_account_gets_a_notice_and_its_details_stay_hidden(
        csp: dict[str, Any], client_for: Any, django_capture_on_commit_callbacks: Any) -> None:
    elsewhere = PartnershipFactory(name="Elsewhere CSP")
    existing = member(elsewhere, Role.COORDINATOR, email="pat.jones@example.org")
    existing.full_name = "Patricia Jones-Secret"
    existing.job_title = "Head of Community Safety, Elsewhere"
    existing.save()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client_for(csp["coordinator"]).post(
            f"/p/{csp['p'].slug}/people/add/",
            {"full_name": "Pat Jones", "email": "Pat.Jones@example.org", "roles": ["viewer"]},
            follow=True)
    page = response.content.decode()
    assert "Pat Jones (pat.jones@example.org) has been added." in page
    assert "Elsewhere" not in page and "Jones-Secret" not in page.split("has been added")[0]
    assert Membership.objects.filter(user=existing, partnership=csp["p"]).exists()
    assert len(queued) == 1
    assert send_added_notice(existing.pk, csp["p"].pk) is True
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["pat.jones@example.org"]
    assert notice.subject == "You have been added to Testshire CSP"
    assert "You already have an account" in notice.body and "/accounts/reset/" not in notice.body
