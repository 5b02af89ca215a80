"""Permission matrix rows for every action plan URL (see tests/permission_matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from actionplans.models import Action, ActionPlan, ActionUpdate
from actionplans.selectors import current_period
from priorities.models import Recommendation
from tests.permission_matrix import COORDINATORS, MEMBERS, READERS, Row, check_row

SLUG = "huntingdonshire"
LEAD = "lead.officer@huntingdonshire.example"


def u(name: str, *args: Any) -> str:
    return reverse(f"actionplans:{name}", args=[SLUG, *args])


@pytest.fixture
def world(demo: dict[str, Any]) -> dict[str, Any]:
    hunts = demo["hunts"]
    lead = demo["users"][LEAD]
    # An action of this year's plan (not history) whose update for the period due now can
    # still be written (none yet, a draft or returned): the update form shows all its fields.
    done = ActionUpdate.objects.filter(period=current_period(hunts),
                                       state__in=["submitted", "resubmitted", "accepted"])
    own = (Action.objects.filter(partnership=hunts, lead_officer=lead, status="in_progress",
                                 plan__status="live").exclude(updates__in=done)
           .order_by("reference").first())
    # Someone else's action on a plan of the partnership's own (a review's recommendations are
    # need-to-know, tested in tests/reviews).
    other = (Action.objects.filter(partnership=hunts, lead_officer__isnull=False)
             .exclude(lead_officer=lead).exclude(plan__owner_kind="review")
             .order_by("reference", "pk").first())
    update = ActionUpdate.objects.filter(action=own).first()
    assert own and other and update
    update.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    update.evidence_name, update.evidence_content_type = "evidence.pdf", "application/pdf"
    update.save()
    recommendation = Recommendation.objects.filter(assessment__partnership=hunts).first()
    assert recommendation is not None
    recommendation.status = "accepted"
    recommendation.save()
    import datetime

    from actionplans.models import ExtensionRequest

    extension = ExtensionRequest.objects.create(
        action=other, requested_by=other.lead_officer, current_due_on=other.due_on,
        proposed_due_on=datetime.date(2032, 3, 31), reason="Waiting for the new contract")
    return {**demo, "own": own, "other": other, "update": update, "extension": extension,
            "plan": ActionPlan.objects.filter(partnership=hunts).community().order_by("pk").first(),
            "recommendation": recommendation}


# A system admin (superuser) passes every permission check, as in the core matrix.
LEAD_AND_ADMIN = frozenset({"lead_officer", "admin"})
ADMIN = frozenset({"admin"})
UPDATE_DATA = {"progress": "Done a lot", "percent_complete": "50", "proposed_rag": "green",
               "proposed_status": "in_progress", "save_draft": "1"}

ROWS = [
    Row("plan page", lambda w: u("plans"), READERS),
    Row("my actions (moved to My work)", lambda w: u("my_actions"), MEMBERS | {"admin"},
        ok_status=301),
    Row("action", lambda w: u("action", w["own"].pk), READERS),
    Row("update form (own action)", lambda w: u("update", w["own"].pk), LEAD_AND_ADMIN),
    Row("update form (someone else's action)", lambda w: u("update", w["other"].pk), ADMIN),
    Row("save an update", lambda w: u("update", w["own"].pk), LEAD_AND_ADMIN,
        method="post", data=UPDATE_DATA, ok_status=302),
    Row("save an update on someone else's action", lambda w: u("update", w["other"].pk),
        ADMIN, method="post", data=UPDATE_DATA, ok_status=302),
    Row("evidence", lambda w: u("evidence", w["update"].pk), COORDINATORS | {"lead_officer"}),
    Row("ask for an extension (form)", lambda w: u("extension_request", w["own"].pk),
        LEAD_AND_ADMIN),
    Row("ask for an extension", lambda w: u("extension_request", w["own"].pk), LEAD_AND_ADMIN,
        method="post", data={"proposed_due_on": "31/03/2032", "reason": "Staff away"},
        ok_status=302),
    Row("extension request", lambda w: u("extension", w["extension"].pk), COORDINATORS),
    Row("decide an extension", lambda w: u("extension", w["extension"].pk), COORDINATORS,
        method="post", data={"decision": "approve"}, ok_status=302),
    Row("RAG override", lambda w: u("rag_override", w["own"].pk), COORDINATORS),
    Row("RAG override (post)", lambda w: u("rag_override", w["own"].pk), COORDINATORS,
        method="post", data={"rag": "amber", "reason": "Because"}, ok_status=302),
    Row("bulk change", lambda w: u("bulk_change"), COORDINATORS, method="post",
        data=lambda w: {"actions": [w["own"].pk], "operation": "extend", "due_on": "31/03/2031",
                        "reason": "Slipped"}, ok_status=302),
    Row("add an action", lambda w: u("action_add", w["plan"].pk), COORDINATORS),
    Row("change an action", lambda w: u("action_edit", w["own"].pk), COORDINATORS),
    Row("change an action (post)", lambda w: u("action_edit", w["own"].pk), COORDINATORS,
        method="post", data=lambda w: {"description": "Changed", "status": "in_progress",
                                       "due_on": "31/03/2031", "reason": "Slipped"},
        ok_status=302),
    Row("review queue", lambda w: u("review"), COORDINATORS),
    Row("review an update", lambda w: u("review_update", w["update"].pk), COORDINATORS),
    Row("highlight report", lambda w: u("highlight"), READERS),
    Row("reporting periods", lambda w: u("periods"), COORDINATORS),
    Row("add a plan", lambda w: u("plan_add"), COORDINATORS),
    Row("export", lambda w: u("export", w["plan"].pk), COORDINATORS),
    Row("import", lambda w: u("import", w["plan"].pk), COORDINATORS),
    Row("confirm import", lambda w: u("import_confirm", w["plan"].pk), COORDINATORS,
        method="post", data={"token": "x"}, ok_status=302),
    Row("recommendation to action", lambda w: u("action_from_recommendation", w["recommendation"].pk),
        COORDINATORS),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(row: Row, world: dict[str, Any]) -> None:
    check_row(row, world)


def test_another_partnerships_action_is_404(world: dict[str, Any], client_for: Any) -> None:
    bhb_coordinator = world["users"]["coordinator@blaby-hinckley.example"]
    client = client_for(bhb_coordinator)
    for url in [reverse("actionplans:action", args=["blaby-hinckley-bosworth", world["own"].pk]),
                reverse("actionplans:update", args=["blaby-hinckley-bosworth", world["own"].pk]),
                reverse("actionplans:review_update", args=["blaby-hinckley-bosworth",
                                                            world["update"].pk])]:
        assert client.get(url).status_code == 404, url
