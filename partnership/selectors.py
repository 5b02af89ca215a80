"""Reads for partnership pages. Each owns its select_related/prefetch_related."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import AgendaItem, BoardPack, Meeting, MeetingAction, Membership, Paper, Partnership, User
from .querysets import MeetingQuerySet


def people_in(*, partnership: Partnership, user: User) -> QuerySet[Membership]:
    return (Membership.objects.visible_to(user).in_partnership(partnership).with_people()
            .order_by("user__full_name"))


def meetings_in(*, partnership: Partnership, user: User) -> MeetingQuerySet:
    return (Meeting.objects.visible_to(user).in_partnership(partnership)
            .select_related("group")
            .annotate(item_count=Count("agenda_items", distinct=True),
                      open_actions=Count("actions", filter=Q(actions__status="open"),
                                         distinct=True)))


def meeting_detail(*, meeting: Meeting, confidential_allowed: bool) -> Meeting:
    """The meeting with its agenda (confidential items only if allowed), papers and actions."""
    items = (AgendaItem.objects.filter(meeting=meeting)
             .open_to(confidential_allowed=confidential_allowed)
             .select_related("owner")
             .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at"))))
    actions = MeetingAction.objects.filter(meeting=meeting).select_related("owner", "agenda_item")
    if not confidential_allowed:
        actions = actions.exclude(agenda_item__confidential=True)
    meeting.visible_items = list(items)  # type: ignore[attr-defined]
    meeting.visible_actions = list(actions)  # type: ignore[attr-defined]
    return meeting


def meeting_actions_for(*, user: User, partnership: Partnership) -> QuerySet[MeetingAction]:
    return (MeetingAction.objects.visible_to(user).in_partnership(partnership).owned_by(user)
            .open().select_related("meeting"))


def papers_visible_to(user: User) -> QuerySet[Paper]:
    return Paper.objects.visible_to(user).select_related("agenda_item__meeting__partnership")


def board_pack_latest(*, meeting: Meeting) -> BoardPack | None:
    return BoardPack.objects.filter(meeting=meeting).order_by("-requested_at").first()
