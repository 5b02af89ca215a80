"""A task-and-finish group's own meetings, its reports to Partnership meetings, who it reports
to, and the meetings list filtered by body (the Partnership's own meetings or one group's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partnership import services
from partnership.models import AgendaItem, Meeting, Role, SubGroup
from tests.factories import AgendaItemFactory, MeetingFactory, PartnershipFactory, member

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case() -> dict[str, Any]:
    hunts = PartnershipFactory(slug="hunts")
    coordinator = member(hunts, Role.COORDINATOR)
    lead = member(hunts, Role.LEAD_OFFICER, full_name="Lee Lead")
    group = services.group_propose(partnership=hunts, by=coordinator, name="CSE",
                                   remit="Child sexual exploitation.", chair=lead,
                                   reports_to="Local Safeguarding Children Board")
    return {"hunts": hunts, "coordinator": coordinator, "lead": lead, "group": group,
            "viewer": member(hunts, Role.VIEWER),
            "board_member": member(hunts, Role.BOARD_MEMBER)}


def at(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def schedule(case: dict[str, Any], days: int, title: str = "CSE group", **extra: Any) -> Meeting:
    return services.group_meeting_schedule(group=case["group"], by=case["coordinator"],
                                           title=title, starts_at=at(days), **extra)


def url(case: dict[str, Any], name: str, *args: Any) -> str:
    return reverse(f"partnership:{name}", args=[case["hunts"].slug, *args])


# --- Services ---------------------------------------------------------------------------------

def test_a_group_meeting_belongs_to_the_group(case: dict[str, Any]) -> None:
    meeting = schedule(case, 10, title="  CSE group: awareness plan ", location="Pathfinder House")
    meeting.refresh_from_db()
    assert (meeting.group, meeting.partnership, meeting.title, meeting.location) == (
        case["group"], case["hunts"], "CSE group: awareness plan", "Pathfinder House")


def test_only_those_who_run_groups_schedule_their_meetings(case: dict[str, Any]) -> None:
    for who in ("lead", "viewer", "board_member"):
        with pytest.raises(PermissionDenied):
            services.group_meeting_schedule(group=case["group"], by=case[who], title="X",
                                            starts_at=at(3))
    assert not Meeting.objects.exists()


def test_a_closed_group_holds_no_more_meetings(case: dict[str, Any]) -> None:
    group = services.group_move(group=case["group"], by=case["coordinator"], to_status="closed",
                                on=timezone.localdate(), reason="Not pursued")
    with pytest.raises(ValidationError) as caught:
        services.group_meeting_schedule(group=group, by=case["coordinator"], title="X",
                                        starts_at=at(3))
    assert caught.value.messages == [
        "A closed group holds no more meetings: re-form it for a new term."]
    assert not Meeting.objects.exists()


def test_an_agenda_item_reports_from_a_group_only_on_a_partnership_meeting(
        case: dict[str, Any]) -> None:
    board = MeetingFactory(partnership=case["hunts"], title="Partnership board")
    item = services.agenda_item_add(meeting=board, by=case["coordinator"],
                                    title="Report from the CSE group", report_from=case["group"])
    assert AgendaItem.objects.get(pk=item.pk).report_from == case["group"]
    own = schedule(case, 5)
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_add(meeting=own, by=case["coordinator"], title="Report",
                                 report_from=case["group"])
    assert caught.value.message_dict == {"report_from": [
        "Only an item on a meeting of the Partnership itself is a group's report."]}
    elsewhere = PartnershipFactory()
    other_group = SubGroup.objects.create(partnership=elsewhere, name="Theirs", remit="x")
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_update(item=item, by=case["coordinator"], title=item.title,
                                    owner=None, summary="", confidential=False,
                                    report_from=other_group)
    assert caught.value.message_dict == {"report_from": ["Choose a group of this partnership."]}
    assert AgendaItem.objects.get(pk=item.pk).report_from == case["group"]
    assert AgendaItem.objects.filter(meeting=own).count() == 0


def test_editing_a_group_changes_who_it_reports_to(case: dict[str, Any]) -> None:
    group = services.group_update(group=case["group"], by=case["coordinator"], name=" CSE  group ",
                                  remit="CSE and exploitation.", chair=None,
                                  reports_to=" Cambridgeshire Safeguarding Children Partnership ",
                                  formed_on=None, report_back_on=D(2027, 3, 31))
    group.refresh_from_db()
    assert (group.name, group.remit, group.chair, group.reports_to, group.report_back_on) == (
        "CSE group", "CSE and exploitation.", None,
        "Cambridgeshire Safeguarding Children Partnership", D(2027, 3, 31))
    services.group_propose(partnership=case["hunts"], by=case["coordinator"], name="Oxmoor",
                           remit="Oxmoor.")
    with pytest.raises(ValidationError) as caught:
        services.group_update(group=group, by=case["coordinator"], name="oxmoor", remit="x",
                              chair=None, reports_to="", formed_on=None, report_back_on=None)
    assert caught.value.message_dict == {"name": [
        "An open group of this partnership already has this name."]}
    with pytest.raises(PermissionDenied):
        services.group_update(group=group, by=case["lead"], name="CSE", remit="x", chair=None,
                              reports_to="", formed_on=None, report_back_on=None)
    group = services.group_move(group=group, by=case["coordinator"], to_status="closed",
                                on=timezone.localdate(), reason="Done")
    with pytest.raises(ValidationError) as caught:
        services.group_update(group=group, by=case["coordinator"], name="CSE", remit="x",
                              chair=None, reports_to="", formed_on=None, report_back_on=None)
    assert caught.value.messages == ["A closed group's record is kept as it was: re-form it for "
                                     "a new term instead."]
    group.refresh_from_db()
    assert group.reports_to == "Cambridgeshire Safeguarding Children Partnership"


def test_an_active_group_keeps_its_start_date(case: dict[str, Any]) -> None:
    group = services.group_move(group=case["group"], by=case["coordinator"], to_status="active",
                                on=timezone.localdate())
    with pytest.raises(ValidationError) as caught:
        services.group_update(group=group, by=case["coordinator"], name="CSE", remit="x",
                              chair=None, reports_to="", formed_on=None, report_back_on=None)
    assert caught.value.message_dict == {"formed_on": ["Enter the date the group started."]}


def test_re_forming_keeps_or_changes_who_it_reports_to(case: dict[str, Any]) -> None:
    closed = services.group_move(group=case["group"], by=case["coordinator"], to_status="closed",
                                 on=timezone.localdate(), reason="Done")
    kept = services.group_reform(group=closed, by=case["coordinator"], remit="Again", chair=None,
                                 formed_on=None, report_back_on=None)
    assert kept.reports_to == "Local Safeguarding Children Board"
    kept = services.group_move(group=kept, by=case["coordinator"], to_status="closed",
                               on=timezone.localdate(), reason="Done again")
    changed = services.group_reform(group=kept, by=case["coordinator"], remit="Third", chair=None,
                                    formed_on=None, report_back_on=None,
                                    reports_to="Safeguarding Children Partnership")
    assert changed.reports_to == "Safeguarding Children Partnership"


# --- Pages ------------------------------------------------------------------------------------

def test_the_group_page_lists_its_meetings_and_reports(case: dict[str, Any], client: Any) -> None:
    soon, later = schedule(case, 3, title="CSE group: soon"), schedule(case, 30, title="CSE later")
    past = [schedule(case, -7 * n, title=f"CSE past {n}") for n in range(1, 13)]
    board = MeetingFactory(partnership=case["hunts"], title="Partnership board Q2",
                           starts_at=at(-20))
    AgendaItemFactory(meeting=board, order=1, title="Report from the CSE group",
                      report_from=case["group"])
    AgendaItemFactory(meeting=board, order=2, title="Secret CSE case", report_from=case["group"],
                      confidential=True)
    AgendaItemFactory(meeting=board, order=3, title="Not a report")
    client.force_login(case["viewer"])
    page = client.get(url(case, "group", case["group"].pk))
    assert [m.title for m in page.context["upcoming_meetings"]] == [soon.title, later.title]
    assert [m.title for m in page.context["past_meetings"]] == [m.title for m in past[:10]]
    assert [i.title for i in page.context["reports"]] == ["Report from the CSE group"]
    text = page.content.decode()
    assert "Page 1 of 2" in text and "The Partnership and Local Safeguarding Children Board" in text
    assert "Schedule a meeting of this group" not in text  # a viewer does not run groups
    second = client.get(url(case, "group", case["group"].pk) + "?page=2")
    assert [m.title for m in second.context["past_meetings"]] == ["CSE past 11", "CSE past 12"]
    client.force_login(case["board_member"])
    page = client.get(url(case, "group", case["group"].pk))
    assert [i.title for i in page.context["reports"]] == ["Report from the CSE group",
                                                          "Secret CSE case"]
    client.force_login(case["coordinator"])
    assert "Schedule a meeting of this group" in client.get(
        url(case, "group", case["group"].pk)).content.decode()


def test_scheduling_a_group_meeting_from_its_page(case: dict[str, Any], client: Any) -> None:
    client.force_login(case["coordinator"])
    form = client.get(url(case, "group_meeting_add", case["group"].pk))
    assert form.context["form"].initial["title"] == "CSE task and finish group"
    day = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(url(case, "group_meeting_add", case["group"].pk), {
        "title": "CSE group: training", "date": f"{day:%d/%m/%Y}", "time": "10:30",
        "location": "Online"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(case, "meeting", meeting.pk)
    assert (meeting.group, timezone.localtime(meeting.starts_at).time()) == (
        case["group"], dt.time(10, 30))
    text = client.get(url(case, "meeting", meeting.pk)).content.decode()
    assert "Meeting of" in text and f'href="{url(case, "group", case["group"].pk)}">CSE</a>' in text
    bad = client.post(url(case, "group_meeting_add", case["group"].pk),
                      {"title": "", "date": "31/02/2027", "time": "25:00"})
    assert bad.status_code == 200 and Meeting.objects.count() == 1
    assert "Enter the start time as hours and minutes" in bad.content.decode()


def test_another_partnerships_group_is_not_found(case: dict[str, Any], client: Any) -> None:
    elsewhere = PartnershipFactory()
    theirs = SubGroup.objects.create(partnership=elsewhere, name="Theirs", remit="x")
    client.force_login(case["coordinator"])
    for name in ("group", "group_meeting_add", "group_edit"):
        assert client.get(url(case, name, theirs.pk)).status_code == 404
    day = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(url(case, "group_meeting_add", theirs.pk),
                           {"title": "Mine now", "date": f"{day:%d/%m/%Y}", "time": "10:00"})
    assert response.status_code == 404 and not Meeting.objects.exists()


def test_the_agenda_form_offers_the_report_link_on_partnership_meetings_only(
        case: dict[str, Any], client: Any) -> None:
    board = MeetingFactory(partnership=case["hunts"])
    own = schedule(case, 5)
    client.force_login(case["coordinator"])
    response = client.post(url(case, "agenda_item_add", board.pk), {
        "title": "Report from the CSE group", "purpose": "information",
        "report_from": case["group"].pk})
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=board)
    assert item.report_from == case["group"]
    text = client.get(url(case, "meeting", board.pk)).content.decode()
    assert f'Report from the <a class="govuk-link" href="{url(case, "group", case["group"].pk)}">' \
           "CSE</a> group" in text
    assert "report_from" not in client.get(url(case, "agenda_item_add", own.pk)).content.decode()
    edit = client.get(url(case, "agenda_item_edit", board.pk, item.pk))
    assert edit.context["form"].initial["report_from"] == case["group"].pk


def test_the_group_list_shows_who_each_group_reports_to(case: dict[str, Any],
                                                        client: Any) -> None:
    services.group_propose(partnership=case["hunts"], by=case["coordinator"], name="Oxmoor",
                           remit="Oxmoor.")
    client.force_login(case["viewer"])
    text = client.get(url(case, "groups")).content.decode()
    assert ('<td class="govuk-table__cell">The Partnership and Local Safeguarding Children '
            'Board</td>') in text
    assert '<td class="govuk-table__cell">The Partnership</td>' in text


def test_editing_a_group_from_its_page(case: dict[str, Any], client: Any) -> None:
    client.force_login(case["coordinator"])
    form = client.get(url(case, "group_edit", case["group"].pk))
    assert form.context["form"].initial["reports_to"] == "Local Safeguarding Children Board"
    response = client.post(url(case, "group_edit", case["group"].pk), {
        "name": "CSE", "remit": "Child sexual exploitation.", "chair": case["lead"].pk,
        "reports_to": "Safeguarding Children Partnership", "report_back_on": "30/09/2027"})
    assert response.status_code == 302
    case["group"].refresh_from_db()
    assert case["group"].reports_to == "Safeguarding Children Partnership"
    page = client.get(url(case, "group", case["group"].pk)).content.decode()
    assert "The Partnership and Safeguarding Children Partnership" in page


def test_the_meetings_list_filters_by_body(case: dict[str, Any], client: Any) -> None:
    board = MeetingFactory(partnership=case["hunts"], title="Partnership board", starts_at=at(9))
    own = schedule(case, 5, title="CSE group")
    oxmoor = services.group_propose(partnership=case["hunts"], by=case["coordinator"],
                                    name="Oxmoor", remit="Oxmoor.")
    services.group_meeting_schedule(group=oxmoor, by=case["coordinator"], title="Oxmoor group",
                                    starts_at=at(7))
    elsewhere = PartnershipFactory()
    theirs = SubGroup.objects.create(partnership=elsewhere, name="Theirs", remit="x")
    client.force_login(case["viewer"])

    def titles(query: str) -> list[str]:
        return [m.title for m in client.get(url(case, "meetings") + query).context["upcoming"]]

    assert titles("") == ["CSE group", "Oxmoor group", "Partnership board"]
    assert titles("?body=partnership") == [board.title]
    assert titles(f"?body={case['group'].pk}") == [own.title]
    for junk in ("nonsense", str(theirs.pk), "-1", "²"):  # all meetings, never another's
        assert titles(f"?body={junk}") == ["CSE group", "Oxmoor group", "Partnership board"]
    page = client.get(url(case, "meetings") + f"?body={case['group'].pk}").content.decode()
    assert f'<option value="{case["group"].pk}" selected>CSE</option>' in page
