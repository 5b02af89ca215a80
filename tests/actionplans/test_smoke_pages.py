"""Every action plan page renders for the coordinator and the lead officer on the demo data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from actionplans.models import Action, ActionPlan, ActionUpdate


def test_pages_render(demo: dict[str, Any], client_for: Any) -> None:
    users = demo["users"]
    coordinator = client_for(users["coordinator@huntingdonshire.example"])
    slug = "huntingdonshire"
    plan = ActionPlan.objects.filter(partnership=demo["hunts"]).community().order_by("pk").first()
    action = Action.objects.filter(partnership=demo["hunts"]).community().order_by("pk").first()
    update = ActionUpdate.objects.filter(action__partnership=demo["hunts"]).community().order_by("pk").first()
    assert plan and action and update
    for name, args in [("plans", []), ("review", []), ("highlight", []),
                       ("periods", []), ("plan_add", []), ("action", [action.pk]),
                       ("rag_override", [action.pk]), ("import", [plan.pk]), ("export", [plan.pk]),
                       ("review_update", [update.pk])]:
        response = coordinator.get(reverse(f"actionplans:{name}", args=[slug, *args]))
        assert response.status_code == 200, (name, response.status_code)
    lead = users["lead.officer@huntingdonshire.example"]
    mine = Action.objects.filter(lead_officer=lead).first()
    assert mine is not None
    client = client_for(lead)
    assert client.get(reverse("actionplans:my_actions", args=[slug])).url == \
        f"/p/{slug}/my-work/#my-actions"
    for url in [reverse("actionplans:update", args=[slug, mine.pk]),
                reverse("partnership:dashboard", args=[slug]),
                reverse("partnership:my_work", args=[slug])]:
        assert client.get(url).status_code == 200, url


def test_demo_loader_is_idempotent_and_shows_every_state(demo: dict[str, Any]) -> None:
    import os

    from django.core.management import call_command

    before = (ActionPlan.objects.count(), Action.objects.count(), ActionUpdate.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (ActionPlan.objects.count(), Action.objects.count(),
            ActionUpdate.objects.count()) == before
    hunts = demo["hunts"]
    assert ActionPlan.objects.filter(partnership=hunts, year=2015).count() == 4
    states = set(ActionUpdate.objects.filter(action__partnership=hunts)
                 .values_list("state", flat=True))
    assert states == {"draft", "submitted", "returned", "resubmitted", "accepted"}
    q4 = Action.objects.filter(partnership=hunts).exclude(updates__period__period="2015/16-Q4")
    assert q4.exists()  # some updates are missing
