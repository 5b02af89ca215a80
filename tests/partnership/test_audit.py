"""Every write is in the audit trail, with who made it (django-pghistory triggers)."""

from __future__ import annotations

from typing import Any

import pghistory.models
from django.urls import reverse

from partnership.models import Meeting, Role
from tests.factories import MeetingFactory, PartnershipFactory, member


def events_for(obj: Any) -> list[Any]:
    return list(pghistory.models.Events.objects.tracks(obj).order_by("pgh_created_at"))


def test_a_change_through_the_web_records_the_user(db: Any, client_for: Any) -> None:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    response = client_for(coordinator).post(
        reverse("partnership:meeting_add", args=[partnership.slug]),
        {"title": "Board", "date": "1 2 2027", "time": "10:00", "location": "Town hall"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Board")
    events = events_for(meeting)
    assert [e.pgh_label for e in events] == ["insert"]
    assert str(events[0].pgh_context["user"]) == str(coordinator.pk)


def test_bulk_updates_and_deletes_are_caught(db: Any) -> None:
    meeting = MeetingFactory()
    Meeting.objects.filter(pk=meeting.pk).update(location="Moved")
    pk = meeting.pk
    meeting.delete()
    labels = [e.pgh_label for e in pghistory.models.Events.objects.filter(
        pgh_model="partnership.MeetingEvent", pgh_obj_id=str(pk)).order_by("pgh_created_at")]
    assert labels == ["insert", "update", "delete"]


def test_passwords_never_enter_the_audit_trail(db: Any) -> None:
    user = member(PartnershipFactory(), Role.VIEWER)
    user.set_password("another-long-password")
    user.save()
    for event in events_for(user):
        assert "password" not in event.pgh_data
