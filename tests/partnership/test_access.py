"""The meetings access layer: one way to find a meeting, an agenda item, a paper or an action-log
entry; the same 404 for missing and foreign ids; a confidential paper hidden as if missing;
locks that take the row only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from partnership import services
from partnership.access import access_agenda_item, access_meeting, access_meeting_action, access_paper
from partnership.models import Role
from tests.factories import (
    AgendaItemFactory,
    MeetingActionFactory,
    MeetingFactory,
    PartnershipFactory,
    member,
)
from tests.pdfs import blank_pdf

pytestmark = pytest.mark.django_db


def world() -> dict[str, Any]:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership)
    item = AgendaItemFactory(meeting=meeting)
    secret = AgendaItemFactory(meeting=meeting, confidential=True)
    paper = services.paper_upload(item=item, by=coordinator, title="ASB report",
                                  upload=SimpleUploadedFile("asb.pdf", blank_pdf()))
    secret_paper = services.paper_upload(item=secret, by=coordinator, title="DHR report",
                                         upload=SimpleUploadedFile("dhr.pdf", blank_pdf()))
    return {"partnership": partnership, "coordinator": coordinator,
            "viewer": member(partnership, Role.VIEWER), "meeting": meeting, "item": item,
            "paper": paper, "secret_paper": secret_paper,
            "action": MeetingActionFactory(meeting=meeting)}


def test_each_object_is_found_for_a_member_of_its_partnership() -> None:
    here = world()
    user, partnership = here["viewer"], here["partnership"]
    assert access_meeting(user=user, partnership=partnership, pk=here["meeting"].pk) == here["meeting"]
    assert access_agenda_item(meeting=here["meeting"], pk=here["item"].pk) == here["item"]
    assert access_paper(user=user, partnership=partnership, pk=here["paper"].pk) == here["paper"]
    assert access_meeting_action(user=user, partnership=partnership,
                                 pk=here["action"].pk) == here["action"]


def test_a_foreign_id_answers_exactly_as_a_missing_one() -> None:
    here, there = world(), world()
    user, partnership = here["coordinator"], here["partnership"]
    for finder, foreign in ((access_meeting, there["meeting"]), (access_paper, there["paper"]),
                            (access_meeting_action, there["action"])):
        for pk in (foreign.pk, 10**9, "x", None):
            with pytest.raises(Http404) as refused:
                finder(user=user, partnership=partnership, pk=pk)
            assert str(refused.value) == "No such object."
    # Another meeting's item, even in the same partnership, is not this meeting's.
    other_meeting = MeetingFactory(partnership=here["partnership"])
    for pk in (there["item"].pk, AgendaItemFactory(meeting=other_meeting).pk, 10**9):
        with pytest.raises(Http404):
            access_agenda_item(meeting=here["meeting"], pk=pk)


def test_a_member_of_another_partnership_does_not_see_it_through_its_own_slug() -> None:
    here, there = world(), world()
    with pytest.raises(Http404):
        access_meeting(user=here["coordinator"], partnership=there["partnership"],
                       pk=there["meeting"].pk)
    with pytest.raises(Http404):
        access_meeting_action(user=here["coordinator"], partnership=there["partnership"],
                              pk=there["action"].pk)


def test_a_confidential_paper_is_not_found_for_a_viewer_but_is_for_the_coordinator() -> None:
    here = world()
    with pytest.raises(Http404) as refused:
        access_paper(user=here["viewer"], partnership=here["partnership"],
                     pk=here["secret_paper"].pk)
    assert str(refused.value) == "No such object."
    assert access_paper(user=here["coordinator"], partnership=here["partnership"],
                        pk=here["secret_paper"].pk) == here["secret_paper"]


def test_lock_takes_the_row_of_the_meeting_only() -> None:
    here = world()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        found = access_meeting(user=here["coordinator"], partnership=here["partnership"],
                               pk=here["meeting"].pk, lock=True)
    assert found == here["meeting"]
    assert len(queries) == 1
    sql = queries[-1]["sql"]
    assert sql.endswith('FOR UPDATE OF "partnership_meeting"'), sql
