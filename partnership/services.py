"""Writes for partnerships, people and meetings. One function per write."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .access import lock
from .emails import check_not_confusable
from .models import (
    AgendaItem,
    AgendaItemPurpose,
    BoardPack,
    BoardPackDownload,
    BoardPackStatus,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    Membership,
    Organisation,
    Paper,
    PaperStatus,
    Partnership,
    SubGroup,
    User,
)
from .roles import forget_roles, require_perm
from .uploads import check_upload


@transaction.atomic
def membership_add(*, partnership: Partnership, by: User, email: str, full_name: str,
                   roles: Sequence[str], organisation: Organisation | None = None,
                   job_title: str = "") -> Membership:
    """Add a person (creating their account if new) to the partnership with some roles."""
    require_perm(by, "partnership.manage_people", partnership)
    email = email.strip().lower()
    check_not_confusable(email)
    user = User.objects.filter(email=email).first()
    is_new = user is None
    if user is None:
        user = User(email=email, full_name=full_name.strip(), job_title=job_title)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if Membership.objects.filter(user=user, partnership=partnership).exists():
        raise ValidationError({"email": f"{email} is already a member of this partnership."})
    membership = Membership(user=user, partnership=partnership, organisation=organisation,
                            roles=list(roles))
    membership.full_clean()
    membership.save()
    forget_roles(user)
    from .tasks import send_added_notice, send_invitation

    user_id, partnership_id = user.pk, partnership.pk
    if is_new:
        transaction.on_commit(lambda: send_invitation.delay(user_id, partnership_id))
    else:
        # They already have an account (elsewhere): tell them, and show the coordinator
        # nothing about it (the page says what the coordinator typed, not the account's name).
        transaction.on_commit(lambda: send_added_notice.delay(user_id, partnership_id))
    return membership


def _keep_a_coordinator(membership: Membership, *, error_field: str | None) -> None:
    """Refuse to take away the partnership's last coordinator.

    The Partnership row is locked first, so two coordinators removing (or demoting) each other
    at the same moment are serialised: the second sees the first's change and is refused.
    (Locking with ``.count()`` would not work: PostgreSQL drops FOR UPDATE from aggregates.)
    """
    from .models import Role

    lock(membership.partnership)
    current = Membership.objects.filter(pk=membership.pk).values_list("roles", flat=True).first()
    if current is None or Role.COORDINATOR not in current:
        return
    if not Membership.objects.filter(partnership=membership.partnership_id,
                                     roles__contains=[Role.COORDINATOR]
                                     ).exclude(pk=membership.pk).exists():
        message = "A partnership must keep at least one coordinator."
        raise ValidationError({error_field: message} if error_field else message)


@transaction.atomic
def membership_update(*, membership: Membership, by: User, roles: Sequence[str],
                      organisation: Organisation | None) -> Membership:
    require_perm(by, "partnership.manage_people", membership.partnership)
    from .models import Role

    if (membership.user_id == by.pk and Role.COORDINATOR in membership.roles
            and Role.COORDINATOR not in roles and not by.is_superuser):
        raise ValidationError({"roles": "You cannot remove your own coordinator role."})
    if Role.COORDINATOR not in roles:
        _keep_a_coordinator(membership, error_field="roles")
    membership.roles = list(roles)
    membership.organisation = organisation
    membership.full_clean()
    membership.save()
    forget_roles(membership.user)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Take someone out of the partnership. Their account and history stay."""
    require_perm(by, "partnership.manage_people", membership.partnership)

    if membership.user_id == by.pk:
        raise ValidationError("You cannot remove yourself. Ask another coordinator.")
    _keep_a_coordinator(membership, error_field=None)
    user = membership.user
    membership.delete()
    forget_roles(user)


@transaction.atomic
def meeting_create(*, partnership: Partnership, by: User, title: str,
                   starts_at: datetime.datetime, location: str = "",
                   group: SubGroup | None = None) -> Meeting:
    require_perm(by, "partnership.manage_meetings", partnership)
    meeting = Meeting(partnership=partnership, title=title, starts_at=starts_at,
                      location=location, group=group)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: User, title: str, starts_at: datetime.datetime,
                   location: str, group: SubGroup | None) -> Meeting:
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    meeting.title, meeting.starts_at, meeting.location, meeting.group = (
        title, starts_at, location, group)
    meeting.content_changed_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_record_minutes(*, meeting: Meeting, by: User, minutes: str,
                           approved: bool) -> Meeting:
    """The meeting's general minutes (attendance, apologies, other business) and approval."""
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    meeting.minutes = minutes
    meeting.minutes_approved = approved
    meeting.full_clean()
    meeting.save(update_fields=["minutes", "minutes_approved"])
    _minutes_changed(meeting)
    return meeting


def _minutes_changed(meeting: Meeting) -> None:
    """The minutes or the action log changed: this meeting's pack is out of date, and so is the
    pack of every later meeting of the same body (the next one carries these minutes and log)."""
    meeting_content_changed(meeting=meeting)
    Meeting.objects.filter(partnership=meeting.partnership_id, group=meeting.group_id,
                           starts_at__gt=meeting.starts_at).update(content_changed_at=timezone.now())


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: User, title: str, owner: User | None = None,
                    summary: str = "", confidential: bool = False,
                    purpose: str = AgendaItemPurpose.INFORMATION,
                    duration_minutes: int | None = None, presenter: str = "",
                    order: int | None = None) -> AgendaItem:
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    lock(meeting)  # serialise ordering
    if order is None:
        order = (meeting.agenda_items.aggregate(top=Max("order"))["top"] or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, title=title, owner=owner, summary=summary,
                      confidential=confidential, purpose=purpose,
                      duration_minutes=duration_minutes, presenter=presenter)
    item.full_clean()
    item.save()
    meeting_content_changed(meeting=meeting)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by: User, title: str, owner: User | None,
                       summary: str, confidential: bool,
                       purpose: str = AgendaItemPurpose.INFORMATION,
                       duration_minutes: int | None = None, presenter: str = "") -> AgendaItem:
    require_perm(by, "partnership.manage_meetings", item.meeting.partnership)
    item.title, item.owner, item.summary, item.confidential = title, owner, summary, confidential
    item.purpose, item.duration_minutes, item.presenter = purpose, duration_minutes, presenter
    item.full_clean()
    item.save()
    meeting_content_changed(meeting=item.meeting)
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: User, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above (``"up"``) or below (``"down"``).

    At the top (or bottom) already, nothing changes. Items are renumbered 1..n first, so a gap
    left by older data never makes a move look like nothing happened."""
    meeting = item.meeting
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move the item up or down.")
    lock(meeting)
    items = _renumber(meeting)
    position = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if position is None:
        raise ValidationError("This item is no longer on the agenda.")
    target = position - 1 if direction == "up" else position + 1
    if 0 <= target < len(items):
        mine, theirs = items[position], items[target]
        mine_order, theirs_order = mine.order, theirs.order
        AgendaItem.objects.filter(pk=mine.pk).update(order=0)  # free the slot (unique order)
        AgendaItem.objects.filter(pk=theirs.pk).update(order=mine_order)
        AgendaItem.objects.filter(pk=mine.pk).update(order=theirs_order)
        item.order = theirs_order
        meeting_content_changed(meeting=meeting)
    return item


def _renumber(meeting: Meeting) -> list[AgendaItem]:
    """Number the meeting's items 1..n in their current order (ascending, so each new number is
    free when it is taken). Returns the items."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"))
    for number, other in enumerate(items, start=1):
        if other.order != number:
            AgendaItem.objects.filter(pk=other.pk).update(order=number)
            other.order = number
    return items


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    """Take the item off the agenda with its papers; later items move up one place. Actions
    recorded against it stay in the action log (no longer tied to an item)."""
    meeting = item.meeting
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    lock(meeting)
    files = [paper.file.name for paper in Paper.objects.filter(agenda_item=item) if paper.file]
    item.delete()
    _renumber(meeting)
    meeting_content_changed(meeting=meeting)
    storage = Paper._meta.get_field("file").storage  # type: ignore[attr-defined]

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)


@transaction.atomic
def agenda_item_record_minutes(*, item: AgendaItem, by: User, minutes: str, decisions: str,
                               action_description: str = "", action_owner: User | None = None,
                               action_due_on: datetime.date | None = None,
                               ) -> MeetingAction | None:
    """Minutes and decisions of one agenda item; an action agreed under it (with its owner and
    due date) goes to the meeting's action log. Returns the new action, if any."""
    meeting = item.meeting
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    item.minutes, item.decisions = minutes, decisions
    item.full_clean()
    item.save(update_fields=["minutes", "decisions"])
    action = None
    if action_description.strip():
        errors = {}
        if action_owner is None:
            errors["action_owner"] = "Choose who owns the action"
        if action_due_on is None:
            errors["action_due_on"] = "Enter the date the action is due"
        if errors:
            raise ValidationError(errors)
        action = meeting_action_add(meeting=meeting, by=by, description=action_description.strip(),
                                    owner=action_owner, due_on=action_due_on, agenda_item=item)
    _minutes_changed(meeting)
    return action


@transaction.atomic
def paper_upload(*, item: AgendaItem, by: User, title: str, upload: UploadedFile,
                 replaces: Paper | None = None) -> Paper:
    require_perm(by, "partnership.manage_meetings", item.meeting.partnership)
    checked = check_upload(upload)
    paper = Paper(agenda_item=item, title=title, original_name=checked.original_name,
                  content_type=checked.content_type, size=checked.size, uploaded_by=by,
                  version=replaces.version + 1 if replaces else 1)
    paper.file.save(checked.original_name, checked.file, save=False)
    try:
        paper.full_clean()
        paper.save()
    except Exception:
        paper.file.delete(save=False)
        raise
    meeting_content_changed(meeting=item.meeting)
    return paper


@transaction.atomic
def paper_replace(*, paper: Paper, by: User, upload: UploadedFile, title: str = "") -> Paper:
    """A new version of the paper; the old one is kept, listed as superseded, and leaves the pack."""
    item = paper.agenda_item
    require_perm(by, "partnership.manage_meetings", item.meeting.partnership)
    old = lock(paper)
    if old.status != PaperStatus.CURRENT:
        raise ValidationError("Only the current version of a paper can be replaced.")
    new = paper_upload(item=item, by=by, title=title.strip() or old.title, upload=upload,
                       replaces=old)
    old.status, old.replaced_by = PaperStatus.SUPERSEDED, new
    old.full_clean()
    old.save(update_fields=["status", "replaced_by"])
    paper.status, paper.replaced_by = old.status, new
    return new


@transaction.atomic
def paper_withdraw(*, paper: Paper, by: User) -> Paper:
    """Withdraw the paper: it stays listed (as withdrawn) but is no longer in the pack."""
    meeting = paper.agenda_item.meeting
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    current = lock(paper)
    if current.status != PaperStatus.CURRENT:
        raise ValidationError("This paper has already been withdrawn or replaced.")
    current.status, current.withdrawn_at, current.withdrawn_by = (
        PaperStatus.WITHDRAWN, timezone.now(), by)
    current.full_clean()
    current.save(update_fields=["status", "withdrawn_at", "withdrawn_by"])
    meeting_content_changed(meeting=meeting)
    return current


@transaction.atomic
def meeting_action_add(*, meeting: Meeting, by: User, description: str,
                       owner: User | None = None, due_on: datetime.date | None = None,
                       agenda_item: AgendaItem | None = None) -> MeetingAction:
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item on this meeting's agenda."})
    action = MeetingAction(meeting=meeting, description=description, owner=owner, due_on=due_on,
                           agenda_item=agenda_item)
    action.full_clean()
    action.save()
    _minutes_changed(meeting)
    return action


@transaction.atomic
def meeting_action_set_status(*, action: MeetingAction, by: User,
                              status: MeetingActionStatus) -> MeetingAction:
    if not (action.owner_id == by.pk
            or by.has_perm("partnership.update_meeting_action", action.meeting.partnership)):
        raise PermissionDenied
    action.status = status
    action.full_clean()
    action.save(update_fields=["status"])
    _minutes_changed(action.meeting)
    return action


def meeting_content_changed(*, meeting: Meeting) -> None:
    """Record that what goes in the meeting's board pack changed (its packs become out of date)."""
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(content_changed_at=now)
    meeting.content_changed_at = now


@transaction.atomic
def board_pack_request(*, meeting: Meeting, by: User) -> BoardPack:
    """Queue a compile of the meeting's board pack; a Celery worker compiles it after the commit.

    Idempotent: while a compile is queued or running, asking again returns that one (and
    enqueues it again, which the task tolerates) instead of starting a second."""
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    from .tasks import compile_board_pack

    lock(meeting)
    pack = (BoardPack.objects.filter(meeting=meeting, status__in=[BoardPackStatus.QUEUED,
                                                                  BoardPackStatus.COMPILING])
            .first())
    if pack is None:
        pack = BoardPack(meeting=meeting, requested_by=by)
        pack.full_clean()
        pack.save()
    pack_id = pack.pk
    transaction.on_commit(lambda: compile_board_pack.delay(pack_id))
    return pack


@transaction.atomic
def board_pack_download_record(*, pack: BoardPack, by: User, part: str) -> BoardPackDownload:
    """Record a download (the coordinator sees who has, and has not, read the current pack)."""
    download = BoardPackDownload(pack=pack, user=by, part=part)
    download.full_clean()
    download.save()
    return download
