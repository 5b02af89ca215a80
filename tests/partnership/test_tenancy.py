"""Who sees which partnership: members, OPCC officers by force area, admins; nobody else."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from partnership.models import Meeting, Partnership, Role
from tests.factories import (
    MeetingFactory,
    PartnershipFactory,
    PccOfficeFactory,
    UserFactory,
    member,
)


def test_member_sees_only_their_partnerships(db: Any) -> None:
    mine, theirs = PartnershipFactory(), PartnershipFactory()
    user = member(mine, Role.VIEWER)
    assert list(Partnership.objects.visible_to(user)) == [mine]
    MeetingFactory(partnership=mine)
    MeetingFactory(partnership=theirs)
    assert {m.partnership_id for m in Meeting.objects.visible_to(user)} == {mine.pk}


def test_opcc_officer_sees_every_partnership_in_their_force_area(db: Any) -> None:
    cambs, leics = PccOfficeFactory(), PccOfficeFactory()
    hunts = PartnershipFactory(pcc_office=cambs)
    fenland = PartnershipFactory(pcc_office=cambs)
    PartnershipFactory(pcc_office=leics)
    officer = UserFactory(opcc_office=cambs)
    assert set(Partnership.objects.visible_to(officer)) == {hunts, fenland}


def test_admin_sees_all_and_anonymous_nothing(db: Any) -> None:
    PartnershipFactory.create_batch(3)
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert Partnership.objects.visible_to(admin).count() == 3
    assert Partnership.objects.visible_to(AnonymousUser()).count() == 0


def test_inactive_user_sees_nothing(db: Any) -> None:
    partnership = PartnershipFactory()
    user = member(partnership, Role.COORDINATOR)
    user.is_active = False
    assert Partnership.objects.visible_to(user).count() == 0


def test_roles_are_per_partnership(db: Any) -> None:
    a, b = PartnershipFactory(), PartnershipFactory()
    user = member(a, Role.COORDINATOR)
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, partnership=b, roles=[Role.VIEWER])
    assert user.has_perm("partnership.manage_meetings", a)
    assert not user.has_perm("partnership.manage_meetings", b)
    assert user.has_perm("partnership.view_meeting", b)


def test_opcc_reads_but_cannot_manage(db: Any) -> None:
    office = PccOfficeFactory()
    partnership = PartnershipFactory(pcc_office=office)
    officer = UserFactory(opcc_office=office)
    assert officer.has_perm("partnership.view_partnership", partnership)
    assert not officer.has_perm("partnership.manage_meetings", partnership)
    assert not officer.has_perm("partnership.view_people", partnership)


def test_switcher_lists_only_visible_partnerships_and_404s_others(db: Any, client_for: Any) -> None:
    mine, other = PartnershipFactory(name="Mine CSP"), PartnershipFactory(name="Other CSP")
    user = member(mine, Role.VIEWER)
    client = client_for(user)
    assert client.get(f"/switch/?partnership={other.slug}").status_code == 404
    response = client.get(f"/switch/?partnership={mine.slug}")
    assert response.status_code == 302 and response["Location"] == f"/p/{mine.slug}/"
    page = client.get(f"/p/{mine.slug}/").content.decode()
    assert "Other CSP" not in page


def test_home_without_membership_explains(db: Any, client_for: Any) -> None:
    response = client_for(UserFactory()).get("/")
    assert response.status_code == 200
    assert "not a member of a partnership yet" in response.content.decode()
