"""The access layer's machinery: find one object a user may see, or 404; lock rows properly.

Each app has an ``access.py`` built on these two functions (Zulip's ``access_stream_by_id``
style): ``access_action(user=..., partnership=..., pk=..., lock=False)`` and the like own the
``.visible_to(user)`` / ``.in_partnership(partnership)`` filtering and the locking, so views
never write "get this object in this partnership" by hand and services lock in one way.

Locks are always ``SELECT ... FOR UPDATE OF <the table itself>``: without ``of=("self",)``
PostgreSQL also locks every row joined in (a default ordering on ``stream__name`` locks the
shared FundingStream row, so every partnership's writes on one stream queue behind each other).
And never lock through an aggregate: PostgreSQL refuses, and Django silently drops FOR UPDATE
from ``.count()``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def access_object(queryset: models.QuerySet[M], *, pk: Any, lock: bool = False) -> M:
    """The object with this primary key in ``queryset`` (already narrowed to what the user may
    see), locked FOR UPDATE OF itself when ``lock``; otherwise :class:`Http404`, the same answer
    for "does not exist" and "belongs to another partnership" (no enumeration)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such object.") from None
    if lock:
        queryset = queryset.select_for_update(of=("self",)).order_by()
    found = queryset.filter(pk=key).first()
    if found is None:
        raise Http404("No such object.")
    return found


def lock(instance: M) -> M:
    """Lock this object's row (and only it) until the transaction ends; returns it re-read."""
    return (type(instance)._default_manager.select_for_update(of=("self",)).order_by()  # type: ignore[no-any-return]
            .get(pk=instance.pk))


def access_membership(*, user: Any, partnership: Any, pk: Any, lock: bool = False) -> Any:
    """A membership of this partnership the user may see (its person and organisation joined in)."""
    from .models import Membership

    return access_object(Membership.objects.visible_to(user).in_partnership(partnership)
                         .with_people(), pk=pk, lock=lock)


def access_group(*, user: Any, partnership: Any, pk: Any, lock: bool = False) -> Any:
    """A task-and-finish group of this partnership the user may see (its partnership joined in)."""
    from .models import SubGroup

    return access_object(SubGroup.objects.visible_to(user).in_partnership(partnership)
                         .task_and_finish().select_related("partnership"), pk=pk, lock=lock)


def access_meeting(*, user: Any, partnership: Any, pk: Any, lock: bool = False) -> Any:
    """A meeting of this partnership the user may see (its group and partnership joined in)."""
    from .models import Meeting

    return access_object(Meeting.objects.visible_to(user).in_partnership(partnership)
                         .select_related("group", "partnership"), pk=pk, lock=lock)


def access_agenda_item(*, meeting: Any, pk: Any, lock: bool = False) -> Any:
    """An agenda item of a meeting already accessed (so already visible)."""
    from .models import AgendaItem

    return access_object(AgendaItem.objects.filter(meeting=meeting), pk=pk, lock=lock)


def access_current_paper(*, meeting: Any, pk: Any, lock: bool = False) -> Any:
    """The current version of a paper on an agenda item of a meeting already accessed (for those
    who manage meetings: replace or withdraw it). A superseded or withdrawn version is a 404."""
    from .models import Paper

    return access_object(Paper.objects.filter(agenda_item__meeting=meeting).current()
                         .select_related("agenda_item"), pk=pk, lock=lock)


def access_paper(*, user: Any, partnership: Any, pk: Any) -> Any:
    """A paper of this partnership's meetings the user may read, else 404.

    A confidential paper the user may not read is "not found", as a missing one is: a 403 would
    confirm that it exists."""
    from .models import Paper

    paper = access_object(Paper.objects.visible_to(user).in_partnership(partnership)
                          .select_related("agenda_item__meeting__partnership"), pk=pk)
    if not user.has_perm("partnership.view_paper", paper):
        raise Http404("No such object.")
    return paper


def access_meeting_action(*, user: Any, partnership: Any, pk: Any, lock: bool = False) -> Any:
    """An entry of this partnership's meeting action logs the user may see."""
    from .models import MeetingAction

    return access_object(MeetingAction.objects.visible_to(user).in_partnership(partnership)
                         .select_related("meeting__partnership"), pk=pk, lock=lock)


def access_board_pack(*, user: Any, partnership: Any, pk: Any, part: str = "main") -> Any:
    """A ready board pack of this partnership the user may download, else 404.

    ``part="restricted"`` also needs the right to see confidential items and a restricted part
    to exist; otherwise the answer is the same 404 (no hint that confidential items exist)."""
    from .models import BoardPack, BoardPackPart

    queryset = (BoardPack.objects.visible_to(user).in_partnership(partnership).ready()
                .select_related("meeting__partnership"))
    if part == BoardPackPart.RESTRICTED:
        if not user.has_perm("partnership.view_confidential", partnership):
            raise Http404("No such object.")
        queryset = queryset.exclude(restricted_file="")
    return access_object(queryset, pk=pk)
