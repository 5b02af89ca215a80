""""My work" for a lead officer: the updates still to write (none, a draft, or returned) and
those returned, read from the lead's actions and their updates for the period."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionUpdate
from tests.actionplans.factories import make_actions, plan_world

pytestmark = pytest.mark.django_db


def test_what_is_due_and_what_came_back(client_for: Any) -> None:
    world = plan_world()
    actions = make_actions(world, 6, status="in_progress")
    make_actions(world, 1, lead=world.other_lead, status="in_progress")  # someone else's
    Action.objects.filter(reference="P1.6").update(status="complete")  # closed: nothing due
    states = {"P1.2": "draft", "P1.3": "submitted", "P1.4": "returned", "P1.5": "returned"}
    by_ref = {action.reference: action for action in actions}
    for reference, state in states.items():
        ActionUpdate.objects.create(
            action=by_ref[reference], period=world.period, progress="p", percent_complete=10,
            proposed_rag="green", state=state,
            reviewed_by=world.coordinator if state == "returned" else None,
            review_comment=f"Fix {reference}" if state == "returned" else "")
    response = client_for(world.lead).get(reverse("partnership:my_work",
                                                  args=[world.partnership.slug]))
    html = " ".join(response.content.decode().split())
    # P1.1 (no update), P1.2 (draft), P1.4 and P1.5 (returned); not P1.3 (sent), P1.6 (done).
    assert "4 updates due by" in html
    due = html.split('id="updates-due"')[1].split('id="my-actions"')[0]
    listed = re.findall(r'/actions/(\d+)/update/">(P1\.\d+):', due)
    assert [ref for _, ref in listed] == ["P1.4", "P1.5", "P1.1", "P1.2", "P1.4", "P1.5"]
    assert [int(pk) for pk, _ in listed[2:]] == [by_ref[r].pk for r in ("P1.1", "P1.2", "P1.4",
                                                                          "P1.5")]
    returned = due.split("Returned to you")[1].split("</ul>")[0]
    assert "Claire Coordinator: “Fix P1.4”" in returned
    assert returned.index("P1.4") < returned.index("P1.5")
    assert "P1.2" not in returned
