"""Reads for partnership pages. Each owns its select_related/prefetch_related."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import (
    AgendaItem,
    BoardPack,
    GroupMember,
    GroupStep,
    Meeting,
    MeetingAction,
    Membership,
    Paper,
    Partnership,
    SubGroup,
    User,
)
from .querysets import MeetingQuerySet


def people_in(*, partnership: Partnership, user: User) -> QuerySet[Membership]:
    return (Membership.objects.visible_to(user).in_partnership(partnership).with_people()
            .order_by("user__full_name"))


def _how_many(rows: QuerySet[Any]) -> Coalesce:
    """How many of ``rows`` (filtered on ``meeting=OuterRef("pk")``): a correlated subquery,
    so counting the meetings themselves (the pagination) needs no join."""
    return Coalesce(Subquery(rows.order_by().values("meeting").annotate(n=Count("pk"))
                             .values("n")[:1], output_field=IntegerField()), 0)


def meetings_in(*, partnership: Partnership, user: User) -> MeetingQuerySet:
    return (Meeting.objects.visible_to(user).in_partnership(partnership)
            .select_related("group")
            .annotate(item_count=_how_many(AgendaItem.objects.filter(meeting=OuterRef("pk"))),
                      open_actions=_how_many(MeetingAction.objects.filter(
                          meeting=OuterRef("pk"), status="open"))))


def meeting_detail(*, meeting: Meeting, confidential_allowed: bool) -> Meeting:
    """The meeting with its agenda (confidential items only if allowed), papers and actions."""
    items = (AgendaItem.objects.filter(meeting=meeting)
             .open_to(confidential_allowed=confidential_allowed)
             .select_related("owner", "report_from")
             .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at", "pk")
                                        .select_related("replaced_by"))))
    actions = MeetingAction.objects.filter(meeting=meeting).select_related("owner", "agenda_item")
    if not confidential_allowed:
        actions = actions.exclude(agenda_item__confidential=True)
    meeting.visible_items = list(items)  # type: ignore[attr-defined]
    # Each item's planned start: the meeting's start plus the time allowed for the items before
    # it (over all items, confidential ones included, so the times do not depend on who looks).
    durations = list(AgendaItem.objects.filter(meeting=meeting).order_by("order")
                     .values_list("pk", "duration_minutes"))
    planned: dict[int, datetime.datetime] = {}
    start: datetime.datetime | None = meeting.starts_at
    for pk, minutes in durations:
        if start is None:
            break
        planned[pk] = start
        start = start + datetime.timedelta(minutes=minutes) if minutes else None
    for item in meeting.visible_items:  # type: ignore[attr-defined]
        item.planned_start = planned.get(item.pk)
    meeting.visible_actions = list(actions)  # type: ignore[attr-defined]
    return meeting


def meeting_actions_for(*, user: User, partnership: Partnership) -> QuerySet[MeetingAction]:
    return (MeetingAction.objects.visible_to(user).in_partnership(partnership).owned_by(user)
            .open().select_related("meeting"))


def papers_visible_to(user: User) -> QuerySet[Paper]:
    return Paper.objects.visible_to(user).select_related("agenda_item__meeting__partnership")


def board_pack_current(*, meeting: Meeting) -> BoardPack | None:
    """The meeting's current pack: the newest compile that is ready (None if none is)."""
    from .models import BoardPackStatus

    return (BoardPack.objects.filter(meeting=meeting, status=BoardPackStatus.READY)
            .order_by("-requested_at", "-pk").first())


def next_board(*, partnership: Partnership, user: User) -> tuple[Meeting | None, BoardPack | None]:
    """The next Partnership board meeting (not a group's) and its current pack: two queries."""
    # Not meetings_in: its item and action counts are not shown here.
    board = (Meeting.objects.visible_to(user).in_partnership(partnership).upcoming()
             .filter(group__isnull=True).first())
    pack = board_pack_current(meeting=board) if board else None
    if pack is not None and board is not None:
        pack.meeting = board  # is_out_of_date reads the meeting: no extra query
    return board, pack


def board_pack_panel(*, meeting: Meeting, user: User) -> dict[str, object]:
    """The meeting page's board pack panel: the latest compile, the current (newest ready)
    version, whether it is out of date, earlier versions and, for coordinators, who has
    downloaded the current version. A constant number of queries."""
    from .models import BoardPackDownload, BoardPackStatus

    packs = list(BoardPack.objects.filter(meeting=meeting).select_related("requested_by")
                 .order_by("-requested_at", "-pk")[:10])
    for pack in packs:
        pack.meeting = meeting  # is_out_of_date reads the meeting: no query per pack
    latest = packs[0] if packs else None
    current = next((p for p in packs if p.status == BoardPackStatus.READY), None)
    partnership = meeting.partnership
    can_manage = user.has_perm("partnership.manage_meetings", partnership)
    readers: list[dict[str, object]] = []
    if can_manage and current is not None:
        downloaded = set(BoardPackDownload.objects.filter(pack=current)
                         .values_list("user_id", flat=True))
        readers = [{"user": m.user, "downloaded": m.user_id in downloaded}
                   for m in Membership.objects.filter(partnership=partnership, user__is_active=True)
                   .select_related("user").order_by("user__full_name", "user__email")]
    return {
        "latest": latest, "current": current,
        "in_flight": latest if latest and latest.status in (BoardPackStatus.QUEUED,
                                                            BoardPackStatus.COMPILING) else None,
        "versions": [p for p in packs if p.status == BoardPackStatus.READY],
        "can_manage": can_manage,
        "can_see_restricted": user.has_perm("partnership.view_confidential", partnership),
        "readers": readers,
        "not_downloaded": [r for r in readers if not r["downloaded"]],
    }


def groups_in(*, partnership: Partnership) -> QuerySet[SubGroup]:
    """The task-and-finish groups, open ones first: one query (leads and earlier terms joined)."""
    order = Case(When(status="closed", then=Value(1)), default=Value(0),
                 output_field=IntegerField())
    return (SubGroup.objects.in_partnership(partnership).task_and_finish()
            .select_related("chair", "previous")
            .annotate(closed_last=order).order_by("closed_last", "name", "-formed_on", "pk"))


def group_detail(*, group: SubGroup) -> SubGroup:
    """One group with its members, history, terms and (through the registry, without importing
    the app that adds them) its action plans and their actions: a fixed number of queries."""
    from .registry import registry

    related = [f"{accessor}__actions__partnership"
               for accessor in registry.related("partnership.SubGroup")]
    return (SubGroup.objects.filter(pk=group.pk)
            .select_related("chair", "previous", "next_term", "partnership")
            .prefetch_related(
                Prefetch("members", GroupMember.objects.select_related("user", "organisation")),
                Prefetch("steps", GroupStep.objects.select_related("by")), *related)
            .get())


def meeting_bodies(*, partnership: Partnership) -> list[tuple[str, str]]:
    """The meetings list's filter: all, the Partnership's own, or one group's (one query)."""
    groups = (SubGroup.objects.in_partnership(partnership)
              .order_by("name", "-formed_on", "pk").values_list("pk", "name", "status",
                                                                "disbanded_on"))
    return [("", "All meetings"), ("partnership", "The Partnership's own meetings"),
            *((str(pk), f"{name} (closed {disbanded:%b %Y})" if status == "closed" and disbanded
               else name) for pk, name, status, disbanded in groups)]


def group_meetings(*, group: SubGroup, user: User) -> MeetingQuerySet:
    """The group's own meetings (``.upcoming()`` / ``.past()`` on it), agenda and actions counted."""
    return meetings_in(partnership=group.partnership, user=user).filter(group=group)


def group_reports(*, group: SubGroup, user: User,
                  confidential_allowed: bool) -> QuerySet[AgendaItem]:
    """The group's reports to Partnership meetings: agenda items linked to it, newest first
    (confidential ones only for those who may see them). One query."""
    return (AgendaItem.objects.visible_to(user).filter(report_from=group)
            .open_to(confidential_allowed=confidential_allowed)
            .select_related("meeting").order_by("-meeting__starts_at", "order"))
