"""Task-and-finish groups: set up (proposed), start, report back, close with a reason, re-form
as a new term linked to the earlier one; members; the final report; illegal moves refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership import services
from partnership.models import GroupStep, Role, SubGroup
from tests.factories import OrganisationFactory, PartnershipFactory, member
from tests.pdfs import blank_pdf

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case() -> dict[str, Any]:
    hunts = PartnershipFactory()
    return {"hunts": hunts, "coordinator": member(hunts, Role.COORDINATOR),
            "lead": member(hunts, Role.LEAD_OFFICER)}


def propose(case: dict[str, Any], **extra: Any) -> SubGroup:
    fields = {"name": "Oxmoor", "remit": "Crime and disorder in Oxmoor.", "chair": case["lead"],
              "formed_on": D(2026, 4, 1), "report_back_on": D(2026, 9, 30), **extra}
    return services.group_propose(partnership=case["hunts"], by=case["coordinator"], **fields)


def move(case: dict[str, Any], group: SubGroup, to: str, on: dt.date, reason: str = "") -> SubGroup:
    return services.group_move(group=group, by=case["coordinator"], to_status=to, on=on,
                               reason=reason)


def test_the_life_of_a_group_keeps_every_step(case: dict[str, Any]) -> None:
    group = propose(case)
    assert (group.status, group.kind) == ("proposed", "task_and_finish")
    group = move(case, group, "active", D(2026, 4, 7))
    assert group.formed_on == D(2026, 4, 7)  # the day it really started
    group = move(case, group, "reporting", D(2026, 9, 1))
    group = move(case, group, "closed", D(2026, 10, 1), reason="Action plan delivered.")
    assert (group.disbanded_on, group.disband_reason) == (D(2026, 10, 1), "Action plan delivered.")
    assert list(GroupStep.objects.filter(group=group).values_list("from_status", "to_status")) == [
        ("", "proposed"), ("proposed", "active"), ("active", "reporting"),
        ("reporting", "closed")]


@pytest.mark.parametrize(("path", "to", "message"), [
    ([], "reporting", "A group that is proposed cannot be reporting back."),
    (["active", "reporting", "closed"], "active", "A group that is closed cannot be active."),
])
def test_illegal_moves_are_refused(case: dict[str, Any], path: list[str], to: str,
                                   message: str) -> None:
    group = propose(case)
    for status in path:
        group = move(case, group, status, D(2026, 5, 1), reason="Because")
    with pytest.raises(ValidationError) as caught:
        move(case, group, to, D(2026, 5, 2))
    assert caught.value.messages == [message]


def test_closing_needs_a_reason_and_a_real_date(case: dict[str, Any]) -> None:
    group = move(case, propose(case), "active", D(2026, 4, 7))
    with pytest.raises(ValidationError) as caught:
        move(case, group, "closed", D(2026, 5, 1))
    assert caught.value.message_dict == {"reason": [
        "Say why the group is closed (its work is done, or why it stopped)."]}
    with pytest.raises(ValidationError) as caught:
        move(case, group, "closed", D(2026, 4, 1), reason="Stopped")
    assert caught.value.message_dict == {"on": ["The date cannot be before the group started."]}
    group.refresh_from_db()
    assert group.status == "active" and group.disbanded_on is None


def test_re_forming_makes_a_new_term_linked_to_the_old(case: dict[str, Any]) -> None:
    first = propose(case)
    with pytest.raises(ValidationError) as caught:
        services.group_reform(group=first, by=case["coordinator"], remit="Again", chair=None,
                              formed_on=None, report_back_on=None)
    assert caught.value.messages == ["Only a closed group can be re-formed."]
    with pytest.raises(ValidationError) as caught:
        propose(case)
    assert caught.value.message_dict == {"name": [
        "An open group of this partnership already has this name."]}
    first = move(case, first, "closed", D(2026, 5, 1), reason="Not needed yet")
    second = services.group_reform(group=first, by=case["coordinator"], remit="Oxmoor again.",
                                   chair=None, formed_on=D(2026, 6, 1),
                                   report_back_on=D(2026, 12, 1))
    assert (second.name, second.previous, second.status) == ("Oxmoor", first, "proposed")
    first.refresh_from_db()
    assert first.next_term == second and first.remit == "Crime and disorder in Oxmoor."
    assert second.steps.get().reason == "Re-forms the group closed on 1 May 2026"
    with pytest.raises(ValidationError) as caught:
        services.group_reform(group=first, by=case["coordinator"], remit="Third", chair=None,
                              formed_on=None, report_back_on=None)
    assert caught.value.messages == ["This group was already re-formed: re-form its latest term."]


def test_members_and_the_final_report(case: dict[str, Any]) -> None:
    group = move(case, propose(case), "active", D(2026, 4, 7))
    police = OrganisationFactory(partnership=case["hunts"], name="Police")
    services.group_member_add(group=group, by=case["coordinator"], user=case["lead"],
                              organisation=police, role="lead")
    with pytest.raises(ValidationError) as caught:
        services.group_member_add(group=group, by=case["coordinator"],
                                  organisation=OrganisationFactory(), role="member")
    assert caught.value.message_dict == {"organisation": [
        "Choose an organisation of this partnership."]}
    report = SimpleUploadedFile("final.pdf", blank_pdf(), content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.group_report_upload(group=group, by=case["coordinator"], upload=report,
                                     reported_on=D(2026, 9, 1))
    assert caught.value.messages == ["A group's final report is added when it reports back: move "
                                     "it to reporting back first."]
    group = move(case, group, "reporting", D(2026, 9, 1))
    report.seek(0)
    group = services.group_report_upload(group=group, by=case["coordinator"], upload=report,
                                         reported_on=D(2026, 9, 10))
    assert (group.final_report_on, group.final_report_type) == (D(2026, 9, 10), "application/pdf")


def test_only_coordinators_run_groups(case: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.group_propose(partnership=case["hunts"], by=case["lead"], name="X", remit="Y")


def test_the_group_page_shows_its_life(case: dict[str, Any], client: Any) -> None:
    group = move(case, propose(case), "active", D(2026, 4, 7))
    client.force_login(case["lead"])
    page = client.get(reverse("partnership:group", args=[case["hunts"].slug, group.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Crime and disorder in Oxmoor." in text and "Reports back by" in text
    assert "Proposed → Active" in text
    listing = client.get(reverse("partnership:groups", args=[case["hunts"].slug])).content.decode()
    assert "Oxmoor" in listing and "Active" in listing


@pytest.mark.parametrize("size", [10, 500])
def test_group_list_and_page_queries(size: int, client: Any) -> None:
    from django.utils import timezone

    from actionplans.models import Action, ActionPlan
    from partnership.models import AgendaItem, GroupMember, GroupStep, Meeting
    from tests.conftest import count_queries

    hunts = PartnershipFactory()
    coordinator = member(hunts, Role.COORDINATOR)
    groups = SubGroup.objects.bulk_create(
        SubGroup(partnership=hunts, name=f"Group {n}", chair=coordinator, status="active",
                 report_back_on=D(2026, 9, 30)) for n in range(size))
    first = groups[0]
    SubGroup.objects.filter(pk=groups[1].pk).update(status="closed")
    SubGroup.objects.filter(pk=first.pk).update(previous=groups[1])
    GroupMember.objects.bulk_create(
        GroupMember(group=first, organisation=OrganisationFactory(partnership=hunts))
        for _ in range(min(size, 30)))
    GroupStep.objects.bulk_create(GroupStep(group=first, to_status="active", by=coordinator)
                                  for _ in range(size))
    plan = ActionPlan.objects.create(partnership=hunts, year=2026, title="Plan",
                                     owner_kind="group", group=first)
    Action.objects.bulk_create(Action(plan=plan, partnership=hunts, reference=f"A{n}",
                                      description="Do it") for n in range(size))
    # The group's own meetings (upcoming, and past ones over several pages), each with an agenda,
    # and its reports on Partnership meetings (an open and a confidential one each).
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(partnership=hunts, group=first, title=f"Group meeting {n}",
                starts_at=now + dt.timedelta(days=(n - size // 2) * 7 + 1))
        for n in range(size))
    boards = Meeting.objects.bulk_create(
        Meeting(partnership=hunts, title=f"Board {n}", starts_at=now - dt.timedelta(days=90 * n))
        for n in range(size))
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=m, order=1, title="Notes") for m in meetings]
        + [AgendaItem(meeting=b, order=o, title="Report", report_from=first, confidential=o == 2)
           for b in boards for o in (1, 2)])
    client.force_login(coordinator)
    counts = []
    for path in (reverse("partnership:groups", args=[hunts.slug]),
                 reverse("partnership:group", args=[hunts.slug, first.pk])):
        client.get(path)
        response: Any = None

        def fetch(path: str = path) -> None:
            nonlocal response
            response = client.get(path)

        counts.append(count_queries(fetch))
        assert response.status_code == 200
    page = response.context
    assert len(page["upcoming_meetings"]) == size // 2
    assert len(page["past_meetings"]) == min(size // 2, 10)  # paged, 10 a page
    assert len(page["reports"]) == size * 2
    # the list, the page: the same at 10 and 500 groups, meetings and reports
    assert counts == [5, 15]  # the switcher is read with the roles
