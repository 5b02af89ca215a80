"""Bulk reassign and bulk extend keep who, when and why; a recommendation becomes an action."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans import services
from actionplans.models import Action, ActionChange
from priorities.models import Recommendation, StrategicAssessment
from tests.actionplans.factories import ActionFactory, plan_world

pytestmark = pytest.mark.django_db


def test_bulk_reassign_and_extend_record_reasons() -> None:
    world = plan_world()
    actions = [ActionFactory(plan=world.plan, lead_officer=world.lead) for _ in range(3)]
    with pytest.raises(ValidationError):
        services.actions_bulk_reassign(actions=actions, by=world.coordinator,
                                       partnership=world.partnership,
                                       lead_officer=world.other_lead, reason="")
    count = services.actions_bulk_reassign(actions=actions[:2], by=world.coordinator,
                                           partnership=world.partnership,
                                           lead_officer=world.other_lead, reason="Liam on leave")
    assert count == 2
    assert set(Action.objects.filter(pk__in=[a.pk for a in actions[:2]])
               .values_list("lead_officer", flat=True)) == {world.other_lead.pk}
    new_due = datetime.date(2031, 6, 30)
    services.actions_bulk_extend(actions=actions, by=world.coordinator,
                                 partnership=world.partnership, due_on=new_due,
                                 reason="Funding delayed")
    assert set(Action.objects.values_list("due_on", flat=True)) == {new_due}
    changes = ActionChange.objects.order_by("field", "action_id")
    assert [(c.field, c.reason, c.by_id) for c in changes] == (
        [("due_on", "Funding delayed", world.coordinator.pk)] * 3
        + [("lead_officer", "Liam on leave", world.coordinator.pk)] * 2)
    with pytest.raises(PermissionDenied):
        services.actions_bulk_extend(actions=actions, by=world.lead, partnership=world.partnership,
                                     due_on=new_due, reason="x")


def test_bulk_change_ignores_actions_of_another_partnership() -> None:
    world, other = plan_world(), plan_world()
    mine: Any = ActionFactory(plan=world.plan)
    theirs: Any = ActionFactory(plan=other.plan)
    services.actions_bulk_extend(actions=[mine, theirs], by=world.coordinator,
                                 partnership=world.partnership,
                                 due_on=datetime.date(2031, 1, 1), reason="Catch up")
    theirs.refresh_from_db()
    assert theirs.due_on == datetime.date(2030, 3, 31)


def test_bulk_change_page(client_for: Any) -> None:
    world = plan_world()
    actions = [ActionFactory(plan=world.plan, lead_officer=world.lead) for _ in range(2)]
    url = reverse("actionplans:bulk_change", args=[world.partnership.slug])
    client = client_for(world.coordinator)
    response = client.post(url, {"actions": [actions[0].pk], "operation": "extend",
                                 "due_on": "30/06/2031", "reason": "",
                                 "next": f"/p/{world.partnership.slug}/action-plans/?year=2015"})
    html = response.content.decode()
    # The plans page again, the error on it, the selection and the values kept.
    assert response.status_code == 400 and "Give the reason for the change" in html
    assert '<a href="#bulk-reason">Give the reason for the change</a>' in html
    assert f'value="{actions[0].pk}" id="select-{actions[0].pk}" checked>' in html
    assert f'value="{actions[1].pk}" id="select-{actions[1].pk}">' in html
    assert 'id="bulk-operation-extend" name="operation" type="radio" value="extend" checked>' in html
    assert 'name="due_on" type="text" value="30/06/2031"' in html
    assert f'name="next" value="/p/{world.partnership.slug}/action-plans/?year=2015"' in html
    assert not Action.objects.filter(due_on=datetime.date(2031, 6, 30)).exists()
    response = client.post(url, {"actions": [a.pk for a in actions], "operation": "extend",
                                 "due_on": "30/06/2031", "reason": "Slipped"})
    assert response.status_code == 302
    assert set(Action.objects.values_list("due_on", flat=True)) == {datetime.date(2031, 6, 30)}


def test_accepted_recommendation_becomes_an_action(client_for: Any) -> None:
    world = plan_world()
    assessment = StrategicAssessment.objects.create(partnership=world.partnership, title="SA",
                                                    year=2016)
    accepted = Recommendation.objects.create(assessment=assessment, text="Keep violence a priority",
                                             status="accepted", priority=world.plan.priority)
    still_open = Recommendation.objects.create(assessment=assessment, text="Maybe", order=2)
    client = client_for(world.coordinator)
    url = reverse("actionplans:action_from_recommendation", args=[world.partnership.slug, accepted.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Keep violence a priority" in page.content.decode()
    response = client.post(url, {"plan": world.plan.pk, "reference": "P1.9",
                                 "description": "Keep violence a priority",
                                 "lead_officer": world.lead.pk, "due_on": "31/03/2017"})
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(reference="P1.9")
    assert action.recommendation == accepted and list(accepted.actions.all()) == [action]
    # The priorities page of the recommendation links both ways.
    page = client.get(reverse("priorities:recommendation", args=[world.partnership.slug,
                                                                 accepted.pk])).content.decode()
    assert action.get_absolute_url() in page
    response = client.post(
        reverse("actionplans:action_from_recommendation", args=[world.partnership.slug, still_open.pk]),
        {"plan": world.plan.pk, "reference": "P1.10", "description": "x"})
    assert response.status_code == 200
    assert "Only an accepted recommendation" in response.content.decode()
    other = plan_world()
    foreign = reverse("actionplans:action_from_recommendation", args=[other.partnership.slug, accepted.pk])
    assert client.get(foreign).status_code == 404


def test_editing_an_action_needs_a_reason_for_a_new_due_date_or_lead(client_for: Any) -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead, reference="P1.1")
    client = client_for(world.coordinator)
    url = reverse("actionplans:action_edit", args=[world.partnership.slug, action.pk])
    data = {"description": action.description, "lead_officer": world.other_lead.pk,
            "start_on": "01/04/2015", "due_on": "31/12/2031", "status": "in_progress"}
    response = client.post(url, {**data, "reason": ""})
    assert response.status_code == 200
    assert "Give the reason for changing the due date or lead officer" in response.content.decode()
    action.refresh_from_db()
    assert action.lead_officer == world.lead
    assert client.post(url, {**data, "reason": "Restructure"}).status_code == 302
    action.refresh_from_db()
    assert (action.lead_officer, action.due_on, action.status) == (
        world.other_lead, datetime.date(2031, 12, 31), "in_progress")
    assert set(action.changes.values_list("field", "reason", "by")) == {
        ("due_on", "Restructure", world.coordinator.pk),
        ("lead_officer", "Restructure", world.coordinator.pk)}
    add = reverse("actionplans:action_add", args=[world.partnership.slug, world.plan.pk])
    response = client.post(add, {"reference": "P1.1", "description": "Dup", "status": "not_started"})
    assert "P1.1 is already used in this plan" in response.content.decode()
    response = client.post(add, {"reference": "P1.2", "description": "New", "status": "in_progress",
                                 "lead_officer": world.lead.pk, "due_on": "31/03/2031"})
    assert response.status_code == 302
    assert Action.objects.get(reference="P1.2").status == "in_progress"


def test_plan_page_lists_accepted_recommendations_without_actions(client_for: Any) -> None:
    world = plan_world()
    assessment = StrategicAssessment.objects.create(partnership=world.partnership, title="SA",
                                                    year=2016)
    waiting = Recommendation.objects.create(assessment=assessment, text="Act on gangs",
                                            status="accepted")
    done = Recommendation.objects.create(assessment=assessment, text="Already acted", order=2,
                                         status="accepted")
    ActionFactory(plan=world.plan, recommendation=done)
    html = client_for(world.coordinator).get(
        reverse("actionplans:plans", args=[world.partnership.slug])).content.decode()
    assert reverse("actionplans:action_from_recommendation",
                   args=[world.partnership.slug, waiting.pk]) in html
    assert "Already acted" not in html


def test_a_plan_has_exactly_one_owner() -> None:
    from django.db import IntegrityError, transaction

    from actionplans.models import ActionPlan, OwnerKind
    from partnership.models import SubGroup

    world = plan_world()
    group = SubGroup.objects.create(partnership=world.partnership, name="CSE group")
    priority = world.plan.priority
    by = world.coordinator
    p = world.partnership
    assert services.action_plan_create(partnership=p, by=by, year=2016, title="G",
                                       group=group).owner_kind == OwnerKind.GROUP
    assert services.action_plan_create(partnership=p, by=by, year=2016, title="R",
                                       for_review=True).owner_kind == OwnerKind.REVIEW
    for owners in ({}, {"priority": priority, "group": group}, {"group": group, "for_review": True}):
        with pytest.raises(ValidationError):
            services.action_plan_create(partnership=p, by=by, year=2016, title="X", **owners)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.create(partnership=p, year=2016, title="Y", owner_kind="priority",
                                  priority=priority, group=group)
