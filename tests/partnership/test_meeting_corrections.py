"""Meetings that can be corrected: papers replaced or withdrawn, items reordered or removed,
per-item minutes with decisions and actions; every change marks the board pack out of date."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partnership import services
from partnership.models import AgendaItem, Meeting, MeetingAction, Paper, Role
from partnership.tasks import compile_board_pack
from tests.factories import AgendaItemFactory, MeetingFactory, PartnershipFactory, member
from tests.pdf_text import pdf_text


def pdf_saying(text: str, pages: int = 1) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="break-after: page">{text} page {n}</p>' for n in range(pages))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_saying(text), "application/pdf")


@pytest.fixture
def board(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    viewer = member(partnership, Role.VIEWER)
    meeting = MeetingFactory(partnership=partnership)
    items = [AgendaItemFactory(meeting=meeting, order=n, title=f"Item {t}")
             for n, t in enumerate(["Apologies", "ASB", "Budget"], start=1)]
    return {"partnership": partnership, "coordinator": coordinator, "viewer": viewer,
            "meeting": meeting, "items": items}


def titles(meeting: Meeting) -> list[tuple[int, str]]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order")
                .values_list("order", "title"))


def changed_at(meeting: Meeting) -> datetime.datetime:
    return Meeting.objects.get(pk=meeting.pk).content_changed_at


# --- Papers -----------------------------------------------------------------------------------

def test_replaced_and_withdrawn_papers_are_kept_but_leave_the_next_pack(board: dict[str, Any]
                                                                        ) -> None:
    by, meeting, (_, asb, budget) = board["coordinator"], board["meeting"], board["items"]
    old = services.paper_upload(item=asb, by=by, title="ASB report", upload=upload("a.pdf", "OLDASB"))
    gone = services.paper_upload(item=budget, by=by, title="Budget", upload=upload("b.pdf", "GONEBUDGET"))
    kept = services.paper_upload(item=budget, by=by, title="Grants", upload=upload("c.pdf", "KEPTGRANTS"))

    new = services.paper_replace(paper=old, by=by, upload=upload("a2.pdf", "NEWASB"))
    services.paper_withdraw(paper=gone, by=by)

    old.refresh_from_db()
    gone.refresh_from_db()
    assert (old.status, old.replaced_by_id, new.version, new.title) == ("superseded", new.pk, 2,
                                                                        "ASB report")
    assert gone.status == "withdrawn" and gone.withdrawn_by == by and gone.withdrawn_at
    assert list(Paper.objects.filter(agenda_item__meeting=meeting).current()
                .order_by("pk")) == [kept, new]

    pack = services.board_pack_request(meeting=meeting, by=by)
    assert compile_board_pack(pack.pk) == "compiled"
    pack.refresh_from_db()
    text = pdf_text(pack.file.read())
    assert "NEWASB page 0" in text and "KEPTGRANTS page 0" in text
    assert "OLDASB" not in text and "GONEBUDGET" not in text


def test_only_a_current_paper_can_be_replaced_or_withdrawn(board: dict[str, Any]) -> None:
    by, item = board["coordinator"], board["items"][1]
    paper = services.paper_upload(item=item, by=by, title="Report", upload=upload("a.pdf", "A"))
    services.paper_withdraw(paper=paper, by=by)
    with pytest.raises(ValidationError):
        services.paper_withdraw(paper=paper, by=by)
    with pytest.raises(ValidationError):
        services.paper_replace(paper=paper, by=by, upload=upload("b.pdf", "B"))
    with pytest.raises(PermissionDenied):
        other = services.paper_upload(item=item, by=by, title="Other", upload=upload("c.pdf", "C"))
        services.paper_withdraw(paper=other, by=board["viewer"])


def test_replace_page_uploads_a_new_version_and_the_meeting_lists_both(
        board: dict[str, Any], client_for: Any) -> None:
    by, meeting, item = board["coordinator"], board["meeting"], board["items"][1]
    paper = services.paper_upload(item=item, by=by, title="Report", upload=upload("a.pdf", "A"))
    client = client_for(by)
    slug = board["partnership"].slug
    url = reverse("partnership:paper_replace", args=[slug, meeting.pk, paper.pk])
    assert "This is version 1" in client.get(url).content.decode()
    refused = client.post(url, {"title": "", "file": SimpleUploadedFile("x.exe", b"MZ" * 50)})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert Paper.objects.filter(agenda_item=item).count() == 1
    response = client.post(url, {"title": "Report (revised)", "file": upload("a2.pdf", "B")})
    assert response.status_code == 302
    page = client.get(reverse("partnership:meeting", args=[slug, meeting.pk])).content.decode()
    assert "Report (revised) (version 2)" in page and "Superseded" in page
    # The old version is no longer offered for replacing: its page is gone.
    assert client.get(url).status_code == 404


# --- The agenda -------------------------------------------------------------------------------

def test_items_move_up_and_down_and_stay_numbered_from_one(board: dict[str, Any]) -> None:
    by, meeting, (first, _, third) = board["coordinator"], board["meeting"], board["items"]
    services.agenda_item_move(item=third, by=by, direction="up")
    assert titles(meeting) == [(1, "Item Apologies"), (2, "Item Budget"), (3, "Item ASB")]
    services.agenda_item_move(item=first, by=by, direction="up")  # already at the top
    services.agenda_item_move(item=first, by=by, direction="down")
    assert titles(meeting) == [(1, "Item Budget"), (2, "Item Apologies"), (3, "Item ASB")]
    with pytest.raises(ValidationError):
        services.agenda_item_move(item=first, by=by, direction="sideways")
    with pytest.raises(PermissionDenied):
        services.agenda_item_move(item=first, by=board["viewer"], direction="up")


def test_removing_an_item_closes_the_gap_and_keeps_its_actions(board: dict[str, Any]) -> None:
    by, meeting, (_, second, _) = board["coordinator"], board["meeting"], board["items"]
    services.paper_upload(item=second, by=by, title="Report", upload=upload("a.pdf", "A"))
    action = services.meeting_action_add(meeting=meeting, by=by, description="Follow up",
                                         agenda_item=second)
    services.agenda_item_remove(item=second, by=by)
    assert titles(meeting) == [(1, "Item Apologies"), (2, "Item Budget")]
    assert not Paper.objects.filter(agenda_item__meeting=meeting).exists()
    action.refresh_from_db()
    assert action.agenda_item is None
    services.agenda_item_add(meeting=meeting, by=by, title="New")
    assert titles(meeting)[-1] == (3, "New")


def test_add_item_with_purpose_timing_presenter_and_save_and_add_another(
        board: dict[str, Any], client_for: Any) -> None:
    meeting, slug = board["meeting"], board["partnership"].slug
    url = reverse("partnership:agenda_item_add", args=[slug, meeting.pk])
    client = client_for(board["coordinator"])
    form = client.get(url).content.decode()
    assert "Save and add another" in form and 'name="order"' not in form
    response = client.post(url, {"title": "Hate crime", "purpose": "decision",
                                 "duration_minutes": "20", "presenter": "Insp. Khan",
                                 "add_another": "Save and add another"})
    assert response.status_code == 302 and response["Location"] == url
    item = AgendaItem.objects.get(meeting=meeting, title="Hate crime")
    assert (item.order, item.purpose, item.duration_minutes, item.presenter) == (
        4, "decision", 20, "Insp. Khan")
    bad = client.post(url, {"title": "Long", "purpose": "gossip", "duration_minutes": "481"})
    page = bad.content.decode()
    assert bad.status_code == 200 and "Choose the purpose of the item" in page
    assert "The time allowed must be 480 minutes (8 hours) or less" in page
    detail = client.get(reverse("partnership:meeting", args=[slug, meeting.pk])).content.decode()
    assert "For decision" in detail and "20 minutes" in detail and "Presented by Insp. Khan" in detail


# --- Minutes and the action log ---------------------------------------------------------------

def test_item_minutes_record_decisions_and_an_action_with_owner_and_due_date(
        board: dict[str, Any], client_for: Any) -> None:
    by, meeting, item = board["coordinator"], board["meeting"], board["items"][1]
    slug = board["partnership"].slug
    url = reverse("partnership:agenda_item_minutes", args=[slug, meeting.pk, item.pk])
    client = client_for(by)
    missing = client.post(url, {"minutes": "Discussed", "action_description": "Write to the council"})
    page = missing.content.decode()
    assert "Choose who owns the action" in page and "Enter the date the action is due" in page
    assert not MeetingAction.objects.filter(meeting=meeting).exists()
    response = client.post(url, {"minutes": "Hotspots discussed.", "decisions": "Fund CCTV\n\nExtend patrols",
                                 "action_description": "Write to the council",
                                 "action_owner": by.pk, "action_due_on": "31 3 2027"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision_list == ["Fund CCTV", "Extend patrols"]
    action = MeetingAction.objects.get(meeting=meeting)
    assert (action.description, action.owner, action.due_on, action.agenda_item) == (
        "Write to the council", by, datetime.date(2027, 3, 31), item)
    detail = client.get(reverse("partnership:meeting", args=[slug, meeting.pk])).content.decode()
    assert "Hotspots discussed." in detail and "<li>Extend patrols</li>" in detail


def test_every_change_marks_the_pack_out_of_date_including_the_action_log(
        board: dict[str, Any]) -> None:
    by, meeting, (first, second, _) = board["coordinator"], board["meeting"], board["items"]
    later = MeetingFactory(partnership=board["partnership"],
                           starts_at=meeting.starts_at + datetime.timedelta(days=90))
    paper = services.paper_upload(item=second, by=by, title="Report", upload=upload("a.pdf", "A"))
    changes = [
        lambda: services.meeting_action_add(meeting=meeting, by=by, description="Do it"),
        lambda: services.meeting_action_set_status(
            action=MeetingAction.objects.get(meeting=meeting), by=by, status="done"),
        lambda: services.agenda_item_record_minutes(item=first, by=by, minutes="x", decisions=""),
        lambda: services.agenda_item_move(item=second, by=by, direction="up"),
        lambda: services.paper_replace(paper=paper, by=by, upload=upload("b.pdf", "B")),
        lambda: services.paper_withdraw(paper=Paper.objects.current().get(agenda_item=second),
                                        by=by),
        lambda: services.agenda_item_remove(item=first, by=by),
    ]
    for number, change in enumerate(changes):
        past = timezone.now() - datetime.timedelta(days=1)
        Meeting.objects.filter(pk__in=[meeting.pk, later.pk]).update(content_changed_at=past)
        change()
        assert changed_at(meeting) > past, f"change {number} did not mark the pack out of date"
        if number < 3:  # the minutes and the action log go in the next meeting's pack too
            assert changed_at(later) > past, f"change {number}: the next meeting's pack"


# --- Dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected"), [
    ("31 3 2026", datetime.date(2026, 3, 31)), ("31/03/2026", datetime.date(2026, 3, 31)),
    (" 1 . 4 . 26 ", datetime.date(2026, 4, 1)), ("2026-03-31", datetime.date(2026, 3, 31)),
    ("29-2-2028", datetime.date(2028, 2, 29)), ("31 March 2026", datetime.date(2026, 3, 31)),
    ("1 sept 2026", datetime.date(2026, 9, 1))])
def test_the_shared_date_field_reads_day_month_year(typed: str, expected: datetime.date) -> None:
    from partnership.dates import DateField

    assert DateField().clean(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("30 2 2026", "That date does not exist: February 2026 has no day 30"),
    ("31 13 2026", "The month must be a number from 1 to 12"),
    ("1 1 9999", "The year must be between 1900 and 2100"),
    ("tomorrow", "Enter the date as day, month and year, for example, 31 3 2026"),
    ("31 3", "Enter the date as day, month and year, for example, 31 3 2026"),
    ("1 Smarch 2026", "“Smarch” is not a month: enter the month as a number, for example, "
                      "31 3 2026")])
def test_the_shared_date_field_explains_impossible_dates(typed: str, message: str) -> None:
    from django import forms

    from partnership.dates import DateField

    with pytest.raises(forms.ValidationError) as caught:
        DateField().clean(typed)
    assert caught.value.messages == [message]


def test_meeting_form_takes_a_date_and_a_time(board: dict[str, Any], client_for: Any) -> None:
    slug = board["partnership"].slug
    client = client_for(board["coordinator"])
    url = reverse("partnership:meeting_add", args=[slug])
    assert "For example, 31 3 2026" in client.get(url).content.decode()
    bad = client.post(url, {"title": "Board", "date": "31 2 2027", "time": "25:00"}).content.decode()
    assert "February 2027 has no day 31" in bad
    assert "Enter the start time as hours and minutes, for example, 14:00" in bad
    assert client.post(url, {"title": "Board", "date": "1 2 2027", "time": "14:30"}).status_code == 302
    meeting = Meeting.objects.get(title="Board")
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2027-02-01 14:30"
    edit = client.get(reverse("partnership:meeting_edit", args=[slug, meeting.pk])).content.decode()
    assert 'value="1 2 2027"' in edit and 'value="14:30"' in edit
