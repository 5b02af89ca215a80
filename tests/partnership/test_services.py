"""The partnership services: people, meetings, agenda and the action log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnership import services
from partnership.models import AgendaItem, Membership, Role, SubGroup, User
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnershipFactory,
    member,
)


@pytest.fixture
def csp(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory()
    return {"p": partnership, "coordinator": member(partnership, Role.COORDINATOR),
            "viewer": member(partnership, Role.VIEWER)}


def test_coordinator_adds_a_new_person_with_roles(csp: dict[str, Any]) -> None:
    org = OrganisationFactory(partnership=csp["p"])
    membership = services.membership_add(partnership=csp["p"], by=csp["coordinator"],
                                         email=" New.Person@Example.org ", full_name="New Person",
                                         roles=["lead_officer", "viewer"], organisation=org)
    assert membership.user.email == "new.person@example.org"
    assert not membership.user.has_usable_password()
    assert membership.roles == ["lead_officer", "viewer"]


def test_adding_someone_twice_is_refused(csp: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(partnership=csp["p"], by=csp["coordinator"],
                                email=csp["viewer"].email, full_name="x", roles=["viewer"])


def test_existing_account_joins_a_second_partnership(csp: dict[str, Any]) -> None:
    other = PartnershipFactory()
    other_coordinator = member(other, Role.COORDINATOR)
    services.membership_add(partnership=other, by=other_coordinator, email=csp["viewer"].email,
                            full_name="ignored", roles=["board_member"])
    assert User.objects.filter(email=csp["viewer"].email).count() == 1
    assert Membership.objects.filter(user=csp["viewer"]).count() == 2


def test_no_roles_or_unknown_role_is_refused(csp: dict[str, Any]) -> None:
    for roles in ([], ["emperor"]):
        with pytest.raises(ValidationError):
            services.membership_add(partnership=csp["p"], by=csp["coordinator"],
                                    email=f"r{len(roles)}@example.org", full_name="R", roles=roles)
    assert not User.objects.filter(email__in=["r0@example.org", "r1@example.org"]).exists()


def test_organisation_from_another_partnership_is_refused(csp: dict[str, Any]) -> None:
    foreign = OrganisationFactory()
    with pytest.raises(ValidationError, match="organisation in this partnership"):
        services.membership_add(partnership=csp["p"], by=csp["coordinator"],
                                email="x@example.org", full_name="X", roles=["viewer"],
                                organisation=foreign)
    assert not User.objects.filter(email="x@example.org").exists()  # nothing half-saved


def test_viewer_cannot_add_people(csp: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.membership_add(partnership=csp["p"], by=csp["viewer"], email="y@example.org",
                                full_name="Y", roles=["viewer"])


def test_coordinator_cannot_drop_their_own_coordinator_role(csp: dict[str, Any]) -> None:
    membership = Membership.objects.get(user=csp["coordinator"], partnership=csp["p"])
    with pytest.raises(ValidationError, match="own coordinator role"):
        services.membership_update(membership=membership, by=csp["coordinator"], roles=["viewer"],
                                   organisation=None)


def test_agenda_items_are_numbered_in_order(csp: dict[str, Any]) -> None:
    meeting = MeetingFactory(partnership=csp["p"])
    first = services.agenda_item_add(meeting=meeting, by=csp["coordinator"], title="Apologies")
    second = services.agenda_item_add(meeting=meeting, by=csp["coordinator"], title="Minutes")
    assert (first.order, second.order) == (1, 2)
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, by=csp["coordinator"], title="Dup", order=1)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2


def test_meeting_group_must_belong_to_the_partnership(csp: dict[str, Any]) -> None:
    foreign_group = SubGroup.objects.create(partnership=PartnershipFactory(), name="CSE")
    with pytest.raises(ValidationError, match="group in this partnership"):
        services.meeting_create(partnership=csp["p"], by=csp["coordinator"], title="T",
                                starts_at=timezone.now(), group=foreign_group)


def test_action_from_another_meetings_agenda_is_refused(csp: dict[str, Any]) -> None:
    meeting = MeetingFactory(partnership=csp["p"])
    other_item = AgendaItemFactory(meeting=MeetingFactory(partnership=csp["p"]))
    with pytest.raises(ValidationError, match="this meeting's agenda"):
        services.meeting_action_add(meeting=meeting, by=csp["coordinator"], description="Do it",
                                    agenda_item=other_item)


def test_action_owner_may_mark_their_own_action_done(csp: dict[str, Any]) -> None:
    meeting = MeetingFactory(partnership=csp["p"])
    action = services.meeting_action_add(meeting=meeting, by=csp["coordinator"],
                                         description="Report back", owner=csp["viewer"],
                                         due_on=datetime.date(2027, 1, 31))
    services.meeting_action_set_status(action=action, by=csp["viewer"], status="done")  # type: ignore[arg-type]
    action.refresh_from_db()
    assert action.status == "done"
    stranger = member(csp["p"], Role.LEAD_OFFICER)
    with pytest.raises(PermissionDenied):
        services.meeting_action_set_status(action=action, by=stranger, status="open")  # type: ignore[arg-type]


def test_remove_someone_but_never_the_last_coordinator_or_yourself(csp: dict[str, Any]) -> None:
    viewer = Membership.objects.get(user=csp["viewer"], partnership=csp["p"])
    mine = Membership.objects.get(user=csp["coordinator"], partnership=csp["p"])
    with pytest.raises(ValidationError, match="cannot remove yourself"):
        services.membership_remove(membership=mine, by=csp["coordinator"])
    admin = User.objects.create_superuser("root@example.org", "x" * 20, full_name="Root")
    with pytest.raises(ValidationError, match="at least one coordinator"):
        services.membership_remove(membership=mine, by=admin)
    services.membership_remove(membership=viewer, by=csp["coordinator"])
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    assert User.objects.filter(pk=csp["viewer"].pk).exists()  # the account stays
    assert not csp["viewer"].has_perm("partnership.view_partnership", csp["p"])
