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
from .groups import GROUP_WORKFLOW, GroupStatus
from .models import (
    AgendaItem,
    AgendaItemPurpose,
    BoardPack,
    BoardPackDownload,
    BoardPackStatus,
    GroupMember,
    GroupMemberRole,
    GroupStep,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    Membership,
    Organisation,
    Paper,
    PaperStatus,
    Partnership,
    SubGroup,
    SubGroupKind,
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
                    order: int | None = None,
                    report_from: SubGroup | None = None) -> AgendaItem:
    """``report_from``: on a Partnership meeting, the task and finish group reporting."""
    require_perm(by, "partnership.manage_meetings", meeting.partnership)
    lock(meeting)  # serialise ordering
    if order is None:
        order = (meeting.agenda_items.aggregate(top=Max("order"))["top"] or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, title=title, owner=owner, summary=summary,
                      confidential=confidential, purpose=purpose,
                      duration_minutes=duration_minutes, presenter=presenter,
                      report_from=report_from)
    item.full_clean()
    item.save()
    meeting_content_changed(meeting=meeting)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by: User, title: str, owner: User | None,
                       summary: str, confidential: bool,
                       purpose: str = AgendaItemPurpose.INFORMATION,
                       duration_minutes: int | None = None, presenter: str = "",
                       report_from: SubGroup | None = None) -> AgendaItem:
    require_perm(by, "partnership.manage_meetings", item.meeting.partnership)
    item.title, item.owner, item.summary, item.confidential = title, owner, summary, confidential
    item.purpose, item.duration_minutes, item.presenter = purpose, duration_minutes, presenter
    item.report_from = report_from
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


# --- Task-and-finish groups --------------------------------------------------------------------

def _group_step(group: SubGroup, by: User, old: str, new: str, reason: str = "") -> None:
    GroupStep.objects.create(group=group, from_status=old, to_status=new, by=by, reason=reason)


def _group_details_check(partnership: Partnership, name: str, remit: str,
                         chair: User | None) -> tuple[str, str]:
    """A group's name (spaces tidied) and terms of reference, both required; its lead, if
    any, a person with an account in the partnership."""
    name, remit = " ".join(name.split()), remit.strip()
    if not name:
        raise ValidationError({"name": "Enter the group's name."})
    if not remit:
        raise ValidationError({"remit": "Enter the terms of reference."})
    if chair is not None and not Membership.objects.filter(user=chair,
                                                           partnership=partnership).exists():
        raise ValidationError({"chair": "Choose a person with an account in this partnership."})
    return name, remit


def _group_dates_check(formed_on: datetime.date | None,
                       report_back_on: datetime.date | None) -> None:
    if formed_on and report_back_on and report_back_on < formed_on:
        raise ValidationError({"report_back_on": "The report-back date must be on or after the "
                                                 "date the group starts."})


@transaction.atomic
def group_propose(*, partnership: Partnership, by: User, name: str, remit: str,
                  chair: User | None = None, reports_to: str = "",
                  formed_on: datetime.date | None = None,
                  report_back_on: datetime.date | None = None,
                  previous: SubGroup | None = None) -> SubGroup:
    """The board sets up a task-and-finish group: proposed, with terms of reference, a lead,
    when it starts and when it reports back. ``previous``: the closed group it re-forms."""
    require_perm(by, "partnership.manage_groups", partnership)
    name, remit = _group_details_check(partnership, name, remit, chair)
    _group_dates_check(formed_on, report_back_on)
    if previous is not None:
        if previous.partnership_id != partnership.pk:
            raise ValidationError("Choose a group of this partnership.")
        if previous.status != GroupStatus.CLOSED:
            raise ValidationError("Only a closed group can be re-formed.")
        if SubGroup.objects.filter(previous=previous).exists():
            raise ValidationError("This group was already re-formed: re-form its latest term.")
    lock(partnership)  # one open group of a name
    if SubGroup.objects.filter(partnership=partnership, name__iexact=name).exclude(
            status=GroupStatus.CLOSED).exists():
        raise ValidationError({"name": "An open group of this partnership already has this name."})
    group = SubGroup(partnership=partnership, name=name, kind=SubGroupKind.TASK_AND_FINISH,
                     remit=remit, chair=chair, reports_to=reports_to.strip(), formed_on=formed_on,
                     report_back_on=report_back_on, previous=previous,
                     status=GroupStatus.PROPOSED)
    group.full_clean()
    group.save()
    _group_step(group, by, "", GroupStatus.PROPOSED,
                f"Re-forms the group closed on {previous.disbanded_on:%-d %B %Y}"
                if previous is not None and previous.disbanded_on else "")
    return group


def group_reform(*, group: SubGroup, by: User, remit: str, chair: User | None,
                 formed_on: datetime.date | None,
                 report_back_on: datetime.date | None,
                 reports_to: str | None = None) -> SubGroup:
    """A new term of a closed group: same name, linked to the earlier one (history kept).
    ``reports_to``: the other board it reports to; ``None`` keeps the earlier term's."""
    return group_propose(partnership=group.partnership, by=by, name=group.name, remit=remit,
                         chair=chair,
                         reports_to=group.reports_to if reports_to is None else reports_to,
                         formed_on=formed_on, report_back_on=report_back_on, previous=group)


@transaction.atomic
def group_update(*, group: SubGroup, by: User, name: str, remit: str, chair: User | None,
                 reports_to: str, formed_on: datetime.date | None,
                 report_back_on: datetime.date | None) -> SubGroup:
    """Correct an open group's details: name, terms of reference, lead, the other board it
    reports to (besides the Partnership) and its dates. A closed group's record stays as it
    was: it is re-formed instead."""
    require_perm(by, "partnership.manage_groups", group.partnership)
    lock(group.partnership)  # one open group of a name
    group = _locked_group(group)
    if group.status == GroupStatus.CLOSED:
        raise ValidationError("A closed group's record is kept as it was: re-form it for a "
                              "new term instead.")
    name, remit = _group_details_check(group.partnership, name, remit, chair)
    if group.status != GroupStatus.PROPOSED and formed_on is None:
        raise ValidationError({"formed_on": "Enter the date the group started."})
    _group_dates_check(formed_on, report_back_on)
    if SubGroup.objects.filter(partnership=group.partnership, name__iexact=name).exclude(
            status=GroupStatus.CLOSED).exclude(pk=group.pk).exists():
        raise ValidationError({"name": "An open group of this partnership already has this name."})
    group.name, group.remit, group.chair, group.reports_to = name, remit, chair, reports_to.strip()
    group.formed_on, group.report_back_on = formed_on, report_back_on
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_meeting_schedule(*, group: SubGroup, by: User, title: str,
                           starts_at: datetime.datetime, location: str = "") -> Meeting:
    """A meeting of the group itself, on the same meeting, agenda and minutes machinery as the
    Partnership's. Whoever runs the group schedules it; a closed group holds no more meetings."""
    require_perm(by, "partnership.manage_groups", group.partnership)
    group = _locked_group(group)
    if group.status == GroupStatus.CLOSED:
        raise ValidationError("A closed group holds no more meetings: re-form it for a new term.")
    meeting = Meeting(partnership=group.partnership, group=group, title=title.strip(),
                      starts_at=starts_at, location=location.strip())
    meeting.full_clean()
    meeting.save()
    return meeting


def _locked_group(group: SubGroup) -> SubGroup:
    return SubGroup.objects.select_for_update(of=("self",)).select_related("partnership").get(
        pk=group.pk)


@transaction.atomic
def group_move(*, group: SubGroup, by: User, to_status: str, on: datetime.date,
               reason: str = "") -> SubGroup:
    """Move a group on its life: start (sets the start date), report back, close (disband,
    with a reason). Illegal moves are refused with a clear message."""
    require_perm(by, "partnership.manage_groups", group.partnership)
    group = _locked_group(group)
    if to_status not in GroupStatus.values:
        raise ValidationError({"to_status": "Choose what happens to the group."})
    reason = reason.strip()
    GROUP_WORKFLOW.check(group.status, to_status)
    if on > timezone.localdate():
        raise ValidationError({"on": "The date cannot be in the future."})
    if group.formed_on and on < group.formed_on and to_status != GroupStatus.ACTIVE:
        raise ValidationError({"on": "The date cannot be before the group started."})
    if to_status == GroupStatus.ACTIVE and group.status == GroupStatus.PROPOSED:
        group.formed_on = on
        _group_dates_check(group.formed_on, group.report_back_on)
    if to_status == GroupStatus.CLOSED:
        if not reason:
            raise ValidationError({"reason": "Say why the group is closed (its work is done, "
                                             "or why it stopped)."})
        group.disbanded_on, group.disband_reason = on, reason
    if to_status == GroupStatus.ACTIVE and group.status == GroupStatus.REPORTING and not reason:
        raise ValidationError({"reason": "Say why the group goes back to work (for example, the "
                                         "Partnership asked for more)."})
    old = group.status
    group.status = to_status
    group.full_clean()
    group.save()
    _group_step(group, by, old, to_status, reason)
    return group


@transaction.atomic
def group_member_add(*, group: SubGroup, by: User, user: User | None = None,
                     organisation: Organisation | None = None,
                     role: str = GroupMemberRole.MEMBER) -> GroupMember:
    require_perm(by, "partnership.manage_groups", group.partnership)
    group = _locked_group(group)
    if group.status == GroupStatus.CLOSED:
        raise ValidationError("A closed group takes no new members: re-form it.")
    if user is None and organisation is None:
        raise ValidationError({"user": "Choose a person, an organisation, or both."})
    if user is not None and not Membership.objects.filter(user=user,
                                                          partnership=group.partnership).exists():
        raise ValidationError({"user": "Choose a person with an account in this partnership."})
    if organisation is not None and organisation.partnership_id != group.partnership_id:
        raise ValidationError({"organisation": "Choose an organisation of this partnership."})
    if role not in GroupMemberRole.values:
        raise ValidationError({"role": "Choose a role."})
    if GroupMember.objects.filter(group=group, user=user, organisation=organisation).exists():
        raise ValidationError({"user": "This member is already in the group."})
    member = GroupMember(group=group, user=user, organisation=organisation, role=role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def group_report_upload(*, group: SubGroup, by: User, upload: UploadedFile,
                        reported_on: datetime.date) -> SubGroup:
    """The group's final report (a PDF or Word file) to the Partnership: only while it is
    reporting back or once closed."""
    require_perm(by, "partnership.manage_groups", group.partnership)
    group = _locked_group(group)
    if group.status not in (GroupStatus.REPORTING, GroupStatus.CLOSED):
        raise ValidationError("A group's final report is added when it reports back: move it to "
                              "reporting back first.")
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": "The date cannot be in the future."})
    if group.formed_on and reported_on < group.formed_on:
        raise ValidationError({"reported_on": "The report cannot be before the group started."})
    checked = check_upload(upload)
    old = group.final_report.name if group.final_report else ""
    group.final_report.save(checked.original_name, checked.file, save=False)
    group.final_report_name, group.final_report_on = checked.original_name, reported_on
    group.final_report_type = checked.content_type
    try:
        group.full_clean()
        group.save()
    except Exception:
        group.final_report.delete(save=False)
        raise
    if old:
        transaction.on_commit(lambda: group.final_report.storage.delete(old))
    return group
