"""Permission matrix rows for the core pages (see tests/permission_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from partnership.models import (
    AgendaItem,
    BoardPack,
    Meeting,
    MeetingAction,
    Membership,
    Organisation,
    Paper,
    SubGroup,
)
from tests.pdfs import blank_pdf
from tests.permission_matrix import COORDINATORS, MEMBERS, READERS, Row, check_row

SLUG = "huntingdonshire"
CONFIDENTIAL_READERS = frozenset({"coordinator", "board_member", "admin"})


def u(name: str, *args: Any) -> str:
    return reverse(f"partnership:{name}", args=[SLUG, *args])


@pytest.fixture
def world(demo: dict[str, Any]) -> dict[str, Any]:
    hunts = demo["hunts"]
    meeting = Meeting.objects.filter(partnership=hunts, group__isnull=True).order_by("starts_at").first()
    assert meeting is not None
    open_item = AgendaItem.objects.filter(meeting=meeting, confidential=False).first()
    secret_item = AgendaItem.objects.filter(meeting=meeting, confidential=True).first()
    papers = {}
    for key, item in (("paper", open_item), ("confidential_paper", secret_item)):
        paper = Paper(agenda_item=item, title=key, original_name=f"{key}.pdf",
                      content_type="application/pdf", size=9)
        paper.file.save(f"{key}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        papers[key] = paper
    action = MeetingAction.objects.create(meeting=meeting, description="Matrix action")
    pack = BoardPack(meeting=meeting, status="ready", page_count=1, restricted_page_count=1)
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    pack.restricted_file.save("restricted.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    membership = Membership.objects.filter(partnership=hunts).first()
    viewer_membership = Membership.objects.get(partnership=hunts,
                                               user__email="viewer@huntingdonshire.example")
    groups = {g.name: g for g in SubGroup.objects.filter(partnership=hunts)}
    oxmoor = groups["Oxmoor"]
    oxmoor.final_report.save("report.pdf", ContentFile(blank_pdf()), save=False)
    oxmoor.final_report_name, oxmoor.final_report_type = "report.pdf", "application/pdf"
    oxmoor.save()
    closed = SubGroup.objects.create(partnership=hunts, name="Night-time economy",
                                     status="closed", disbanded_on=datetime.date(2025, 3, 31),
                                     disband_reason="Work done", remit="Late-night venues")
    cse_meeting = Meeting.objects.filter(group=groups["Child Sexual Exploitation"]).first()
    return {**demo, "meeting": meeting, "item": open_item, "action": action,
            "cse": groups["Child Sexual Exploitation"], "oxmoor": oxmoor, "closed": closed,
            "cse_meeting": cse_meeting,
            "membership": membership, "viewer_membership": viewer_membership, "pack": pack, **papers}


def today() -> str:
    from django.utils import timezone

    return f"{timezone.localdate():%d/%m/%Y}"


GROUP_ROWS = [
    Row("task and finish groups", lambda w: u("groups"), READERS),
    Row("a task and finish group", lambda w: u("group", w["cse"].pk), READERS),
    Row("set up a group (form)", lambda w: u("group_add"), COORDINATORS),
    Row("set up a group", lambda w: u("group_add"), COORDINATORS, method="post", ok_status=302,
        data={"name": "Knife crime", "remit": "Reduce knife crime in St Neots.",
              "formed_on": "01/04/2026", "report_back_on": "30/09/2026"}),
    Row("change a group's status (form)", lambda w: u("group_move", w["cse"].pk), COORDINATORS),
    Row("change a group's status", lambda w: u("group_move", w["cse"].pk), COORDINATORS,
        method="post", ok_status=302,
        data=lambda w: {"to_status": "reporting", "on": today(), "reason": ""}),
    Row("add a group member (form)", lambda w: u("group_member_add", w["cse"].pk), COORDINATORS),
    Row("add a group member", lambda w: u("group_member_add", w["cse"].pk), COORDINATORS,
        method="post", ok_status=302,
        data=lambda w: {"organisation": Organisation.objects.filter(
            partnership=w["hunts"]).order_by("pk").first().pk, "role": "member"}),
    Row("upload a group's final report (form)", lambda w: u("group_report", w["oxmoor"].pk),
        COORDINATORS),
    Row("download a group's final report", lambda w: u("group_report_download", w["oxmoor"].pk),
        READERS),
    Row("edit a group (form)", lambda w: u("group_edit", w["cse"].pk), COORDINATORS),
    Row("edit a group", lambda w: u("group_edit", w["cse"].pk), COORDINATORS, method="post",
        ok_status=302,
        data={"name": "Child Sexual Exploitation", "remit": "CSE awareness and pathways.",
              "reports_to": "Cambridgeshire Safeguarding Children Partnership",
              "formed_on": "01/09/2014", "report_back_on": "31/03/2027"}),
    Row("schedule a group meeting (form)", lambda w: u("group_meeting_add", w["cse"].pk),
        COORDINATORS),
    Row("schedule a group meeting", lambda w: u("group_meeting_add", w["cse"].pk), COORDINATORS,
        method="post", ok_status=302,
        data={"title": "CSE group: training", "date": "14 1 2027", "time": "10:00",
              "location": "Online"}),
    Row("a group's meeting", lambda w: u("meeting", w["cse_meeting"].pk), READERS),
    Row("one group's meetings", lambda w: u("meetings") + f"?body={w['cse'].pk}", READERS),
    Row("the Partnership's own meetings", lambda w: u("meetings") + "?body=partnership", READERS),
    Row("re-form a group (form)", lambda w: u("group_reform", w["closed"].pk), COORDINATORS),
    Row("re-form a group", lambda w: u("group_reform", w["closed"].pk), COORDINATORS,
        method="post", ok_status=302,
        data={"remit": "Late-night venues, again.", "report_back_on": "31/03/2027"}),
]


ROWS = [*GROUP_ROWS,
    # An agency contributor (reviews) has no partnership: home sends them to their requests.
    Row("home redirects to a partnership", lambda w: reverse("home"), READERS | {"other_partnership",
        "opcc_other_force", "contributor"}, ok_status=302),
    Row("health page", lambda w: reverse("health"), frozenset(), public=True, ok_status=503),
    Row("accessibility statement", lambda w: reverse("accessibility"), frozenset(), public=True),
    # Everyone signed in may set up two-factor sign-in (outsiders too: it is about the account).
    # The sweep finds the page's form and posts hostile codes to it.
    Row("set up two-factor sign-in", lambda w: reverse("two_factor_setup"),
        READERS | {"opcc_other_force", "other_partnership", "contributor"}),
    Row("dashboard", lambda w: u("dashboard"), READERS),
    Row("my work", lambda w: u("my_work"), READERS),
    Row("organisations", lambda w: u("organisations"), READERS),
    Row("people", lambda w: u("people"), MEMBERS | {"admin"}),
    Row("add a person (form)", lambda w: u("person_add"), COORDINATORS),
    Row("add a person", lambda w: u("person_add"), COORDINATORS, method="post",
        data={"full_name": "New Person", "email": "new.person@example.org", "roles": ["viewer"]},
        ok_status=302),
    Row("edit roles (form)", lambda w: u("membership_edit", w["membership"].pk), COORDINATORS),
    Row("remove someone", lambda w: u("membership_remove", w["viewer_membership"].pk),
        COORDINATORS, method="post", ok_status=302),
    Row("meetings", lambda w: u("meetings"), READERS),
    Row("meeting", lambda w: u("meeting", w["meeting"].pk), READERS),
    Row("add a meeting (form)", lambda w: u("meeting_add"), COORDINATORS),
    Row("add a meeting", lambda w: u("meeting_add"), COORDINATORS, method="post",
        data={"title": "Extra board", "date": "14 1 2027", "time": "14:00"}, ok_status=302),
    Row("edit a meeting", lambda w: u("meeting_edit", w["meeting"].pk), COORDINATORS),
    Row("minutes", lambda w: u("minutes", w["meeting"].pk), COORDINATORS),
    Row("add an agenda item", lambda w: u("agenda_item_add", w["meeting"].pk), COORDINATORS),
    Row("edit an agenda item", lambda w: u("agenda_item_edit", w["meeting"].pk, w["item"].pk),
        COORDINATORS),
    Row("move an agenda item", lambda w: u("agenda_item_move", w["meeting"].pk, w["item"].pk),
        COORDINATORS, method="post", data={"direction": "down"}, ok_status=302),
    Row("remove an agenda item", lambda w: u("agenda_item_remove", w["meeting"].pk, w["item"].pk),
        COORDINATORS, method="post", ok_status=302),
    Row("minutes of an agenda item (form)",
        lambda w: u("agenda_item_minutes", w["meeting"].pk, w["item"].pk), COORDINATORS),
    Row("minutes of an agenda item", lambda w: u("agenda_item_minutes", w["meeting"].pk,
                                                 w["item"].pk),
        COORDINATORS, method="post", ok_status=302,
        data=lambda w: {"minutes": "Discussed", "decisions": "Agreed",
                        "action_description": "Write to the council",
                        "action_owner": w["users"]["coordinator@huntingdonshire.example"].pk,
                        "action_due_on": "31 3 2027"}),
    Row("replace a paper (form)", lambda w: u("paper_replace", w["meeting"].pk, w["paper"].pk),
        COORDINATORS),
    Row("withdraw a paper", lambda w: u("paper_withdraw", w["meeting"].pk, w["paper"].pk),
        COORDINATORS, method="post", ok_status=302),
    Row("upload a paper (form)", lambda w: u("paper_upload", w["meeting"].pk, w["item"].pk),
        COORDINATORS),
    Row("add to the action log", lambda w: u("meeting_action_add", w["meeting"].pk), COORDINATORS),
    Row("download a paper", lambda w: u("paper_download", w["paper"].pk), READERS),
    # Not allowed to read it is answered exactly as for a missing paper: 404, never 403.
    Row("download a confidential paper", lambda w: u("paper_download", w["confidential_paper"].pk),
        CONFIDENTIAL_READERS, overrides=dict.fromkeys(READERS - CONFIDENTIAL_READERS, 404)),
    Row("compile a board pack", lambda w: u("board_pack_request", w["meeting"].pk), COORDINATORS,
        method="post", ok_status=302),
    Row("download a board pack", lambda w: u("board_pack_download", w["pack"].pk), READERS),
    Row("download a board pack's restricted part",
        lambda w: u("board_pack_restricted_download", w["pack"].pk), CONFIDENTIAL_READERS,
        # others get the same 404 as for a pack that does not exist: no hint it is there
        overrides=dict.fromkeys(READERS - CONFIDENTIAL_READERS, 404)),
    Row("board pack progress", lambda w: u("board_pack_status", w["meeting"].pk), READERS),
    Row("mark a meeting action done", lambda w: u("meeting_action_status", w["action"].pk),
        COORDINATORS, method="post", data={"status": "done"}, ok_status=302),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(row: Row, world: dict[str, Any]) -> None:
    check_row(row, world)
