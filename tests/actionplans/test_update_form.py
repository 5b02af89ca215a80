"""The update form: validation messages, evidence upload (type by content) and download."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import ActionUpdate
from tests.actionplans.factories import ActionFactory, plan_world
from tests.pdfs import blank_pdf

pytestmark = pytest.mark.django_db


def test_update_form_errors_evidence_and_download(client_for: Any) -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    slug = world.partnership.slug
    url = reverse("actionplans:update", args=[slug, action.pk])
    client = client_for(world.lead)
    html = client.post(url, {"progress": "", "percent_complete": "150"}).content.decode()
    assert "Enter the progress this quarter" in html and "Enter a number from 0 to 100" in html
    assert 'href="#id_proposed_rag_1"' in html  # the error summary reaches the first radio
    assert not ActionUpdate.objects.exists()

    data = {"progress": "Done", "percent_complete": "30", "proposed_rag": "amber",
            "proposed_status": "in_progress"}
    fake = SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    html = client.post(url, {**data, "evidence": fake}).content.decode()
    assert "govuk-error-summary" in html and not ActionUpdate.objects.exists()

    pdf = SimpleUploadedFile("minutes.pdf", blank_pdf(),
                             "application/pdf")
    assert client.post(url, {**data, "evidence": pdf}).status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.state, update.evidence_name) == ("submitted", "minutes.pdf")
    download = reverse("actionplans:evidence", args=[slug, update.pk])
    assert client.get(download).status_code == 200
    assert client_for(world.coordinator).get(download).status_code == 200
    assert client_for(world.other_lead).get(download).status_code == 403
    # Submitted: the lead officer can no longer change it.
    response = client.post(url, {**data, "progress": "Changed"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.progress == "Done"


def test_a_draft_needs_no_rag_but_submitting_does(client_for: Any) -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    url = reverse("actionplans:update", args=[world.partnership.slug, action.pk])
    client = client_for(world.lead)
    draft = {"progress": "Half way", "percent_complete": "50", "proposed_status": "in_progress"}
    assert client.post(url, {**draft, "save_draft": "1"}).status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.state, update.proposed_rag) == ("draft", "")
    html = client.post(url, {**draft, "submit": "1"}).content.decode()
    assert "Choose a RAG rating" in html
    update.refresh_from_db()
    assert update.state == "draft"
    assert client.post(url, {**draft, "submit": "1", "proposed_rag": "green"}).status_code == 302
    update.refresh_from_db()
    assert (update.state, update.proposed_rag) == ("submitted", "green")


def test_the_update_form_and_review_page_show_last_quarters_update(client_for: Any) -> None:
    import datetime

    from actionplans.models import ReportingPeriod

    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead,
                                due_on=datetime.date(2030, 3, 31))
    earlier = ReportingPeriod.objects.create(partnership=world.partnership, period="2015/16-Q2",
                                             deadline=datetime.date(2015, 10, 1))
    ActionUpdate.objects.create(action=action, period=earlier, progress="Q2: venue booked",
                                percent_complete=20, proposed_rag="amber", state="accepted")
    slug = world.partnership.slug
    html = client_for(world.lead).get(
        reverse("actionplans:update", args=[slug, action.pk])).content.decode()
    assert "Last update (2015/16 Q2)" in html and "Q2: venue booked" in html
    current = ActionUpdate.objects.create(action=action, period=world.period, progress="Q3: held",
                                          percent_complete=60, proposed_rag="green",
                                          state="submitted")
    html = client_for(world.coordinator).get(
        reverse("actionplans:review_update", args=[slug, current.pk])).content.decode()
    assert "Action due</dt>" in html and "31 March 2030" in html
    assert "Current RAG</dt>" in html
    assert "Last update (2015/16 Q2)" in html and "Q2: venue booked" in html
