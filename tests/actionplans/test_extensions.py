"""A lead officer asks for more time; the coordinator approves (the due date moves, the change
log says why) or declines with a comment."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans import services
from actionplans.models import Action, ActionChange, ExtensionRequest
from tests.actionplans.factories import ActionFactory, plan_world

pytestmark = pytest.mark.django_db


def test_ask_then_approve_moves_the_due_date_and_logs_why(client_for: Any) -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead,
                                due_on=datetime.date(2030, 3, 31))
    slug = world.partnership.slug
    lead = client_for(world.lead)
    url = reverse("actionplans:extension_request", args=[slug, action.pk])
    html = lead.post(url, {"proposed_due_on": "01/01/2030", "reason": ""}).content.decode()
    assert "Say why the action needs more time" in html
    assert "The proposed date must be after the current due date, 31 March 2030" in html
    assert not ExtensionRequest.objects.exists()
    assert lead.post(url, {"proposed_due_on": "30/09/2030",
                           "reason": "The contractor starts in July"}).status_code == 302
    extension = ExtensionRequest.objects.get()
    assert (extension.state, extension.current_due_on, extension.proposed_due_on) == (
        "pending", datetime.date(2030, 3, 31), datetime.date(2030, 9, 30))
    update_page = lead.get(reverse("actionplans:update", args=[slug, action.pk])).content.decode()
    assert "Your request to move the due date to 30 September 2030 is waiting" in update_page
    # Only one waits at a time.
    with pytest.raises(ValidationError, match="already waiting"):
        services.extension_request(action=action, by=world.lead,
                                   proposed_due_on=datetime.date(2031, 1, 1), reason="Again")

    coordinator = client_for(world.coordinator)
    queue = coordinator.get(reverse("actionplans:review", args=[slug])).content.decode()
    assert f"{action.reference}: move the due date from 31 March 2030 to 30 September 2030" in queue
    decide = reverse("actionplans:extension", args=[slug, extension.pk])
    assert "The contractor starts in July" in coordinator.get(decide).content.decode()
    assert coordinator.post(decide, {"decision": "approve"}).status_code == 302
    action.refresh_from_db()
    assert action.due_on == datetime.date(2030, 9, 30)
    change = ActionChange.objects.get(action=action, field="due_on")
    assert (change.old_value, change.new_value, change.reason, change.by) == (
        "31/03/2030", "30/09/2030", "Extension approved: The contractor starts in July",
        world.coordinator)
    assert change.field_label == "Due date"
    # Decided once only.
    assert coordinator.post(decide, {"decision": "decline", "comment": "No"}).status_code == 200
    extension.refresh_from_db()
    assert extension.state == "approved"


def test_decline_needs_a_comment_and_leaves_the_date(client_for: Any) -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead,
                                due_on=datetime.date(2030, 3, 31))
    extension = services.extension_request(action=action, by=world.lead,
                                           proposed_due_on=datetime.date(2030, 6, 30),
                                           reason="Slipped")
    decide = reverse("actionplans:extension", args=[world.partnership.slug, extension.pk])
    client = client_for(world.coordinator)
    html = client.post(decide, {"decision": "decline"}).content.decode()
    assert "Say why the extension is declined" in html
    assert client.post(decide, {"decision": "decline",
                                "comment": "Finish it by March"}).status_code == 302
    action.refresh_from_db()
    extension.refresh_from_db()
    assert action.due_on == datetime.date(2030, 3, 31) and extension.state == "declined"
    assert not ActionChange.objects.filter(action=action).exists()


def test_only_the_actions_lead_asks_and_only_a_coordinator_decides() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    with pytest.raises(PermissionDenied):
        services.extension_request(action=action, by=world.other_lead,
                                   proposed_due_on=datetime.date(2031, 1, 1), reason="Mine")
    extension = services.extension_request(action=action, by=world.lead,
                                           proposed_due_on=datetime.date(2031, 1, 1),
                                           reason="Mine")
    with pytest.raises(PermissionDenied):
        services.extension_decide(extension=extension, by=world.lead, approve=True)
    assert Action.objects.get(pk=action.pk).due_on == datetime.date(2030, 3, 31)
