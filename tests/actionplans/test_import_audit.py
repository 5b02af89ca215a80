"""Bulk writes keep every audit event, and the audit triggers run without the exception
path (the settings they read are defined for every connection)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pghistory
import pytest
from django.apps import apps
from django.db import connection

from actionplans.models import Action
from actionplans.resources import COLUMNS
from actionplans.services import actions_import
from tests.actionplans.factories import make_actions, plan_world

pytestmark = pytest.mark.django_db

ActionEvent: Any = apps.get_model("actionplans", "ActionEvent")


def _sheet(world: Any, rows: int, due: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet: Any = workbook.active
    sheet.append(COLUMNS)
    for i in range(rows):
        sheet.append([None, f"N{i + 1}", f"New action {i + 1}", world.lead.email,
                      "District Council", "", "01/04/2016", due, "In progress"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_import_records_an_event_for_every_row() -> None:
    world = plan_world()
    before = ActionEvent.objects.count()
    actions_import(plan=world.plan, by=world.coordinator, content=_sheet(world, 40, "31/03/2017"))
    assert Action.objects.filter(plan=world.plan).count() == 40
    inserted = ActionEvent.objects.filter(pgh_label="insert")
    assert ActionEvent.objects.count() - before == 40
    assert inserted.count() == 40
    # The import's context (its reason) is attached to every event.
    assert set(inserted.values_list("pgh_context__metadata__reason", flat=True)) == {
        "Spreadsheet import"}

    actions_import(plan=world.plan, by=world.coordinator, content=_sheet(world, 40, "31/03/2018"))
    assert ActionEvent.objects.filter(pgh_label="update").count() == 40
    assert ActionEvent.objects.count() - before == 80


def test_events_outside_a_context_have_none_and_inside_have_it() -> None:
    world = plan_world()
    make_actions(world, 3)  # no pghistory context
    assert list(ActionEvent.objects.values_list("pgh_context_id", flat=True)) == [None] * 3
    with pghistory.context(reason="checked"):
        Action.objects.filter(plan=world.plan).update(percent_complete=50)
    updates = ActionEvent.objects.filter(pgh_label="update")
    assert updates.count() == 3
    assert set(updates.values_list("pgh_context__metadata__reason", flat=True)) == {"checked"}


def test_the_trigger_settings_are_defined_for_the_connection() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW pgtrigger.ignore")
        assert cursor.fetchone() == ("{}",)
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = '_pgh_attach_context'")
        (source,) = cursor.fetchone()
    assert "EXCEPTION" not in source
    assert "CURRENT_SETTING('pghistory.context_id', TRUE)" in source
