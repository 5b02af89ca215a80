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
