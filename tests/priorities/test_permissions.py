"""Permission matrix rows for every priorities URL (see tests/permission_matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from priorities.models import (
    Aim,
    CommunitySafetyPlan,
    PerformanceMeasure,
    Priority,
    Recommendation,
    StrategicAssessment,
)
from tests.permission_matrix import COORDINATORS, READERS, Row, check_row

SLUG = "huntingdonshire"


def u(name: str, *args: Any) -> str:
    return reverse(f"priorities:{name}", args=[SLUG, *args])


@pytest.fixture
def world(demo: dict[str, Any]) -> dict[str, Any]:
    hunts = demo["hunts"]
    plan = CommunitySafetyPlan.objects.get(partnership=hunts, status="adopted")
    priority = Priority.objects.filter(plan=plan).order_by("order").last()
    assessment = StrategicAssessment.objects.get(partnership=hunts, theme="Violence")
    assessment.document.save("sa.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    assessment.document_name, assessment.document_content_type = "sa.pdf", "application/pdf"
    assessment.save()
    return {**demo, "plan": plan, "priority": priority,
            "aim": Aim.objects.filter(priority=priority).first(),
            "measure": PerformanceMeasure.objects.filter(partnership=hunts).first(),
            "assessment": assessment,
            "recommendation": Recommendation.objects.filter(assessment=assessment).first()}


ROWS = [
    Row("plan", lambda w: u("plan"), READERS),
    Row("plan version", lambda w: u("plan_version", w["plan"].pk), READERS),
    Row("add a plan (form)", lambda w: u("plan_add"), COORDINATORS),
    Row("add a plan", lambda w: u("plan_add"), COORDINATORS, method="post",
        data={"title": "Plan 2017-20", "start_year": "2017/18", "end_year": "2019/20"},
        ok_status=302),
    Row("edit the plan", lambda w: u("plan_edit", w["plan"].pk), COORDINATORS),
    Row("refresh the plan (form)", lambda w: u("plan_refresh", w["plan"].pk), COORDINATORS),
    Row("refresh the plan", lambda w: u("plan_refresh", w["plan"].pk), COORDINATORS,
        method="post", data={"refreshed_on": "2016-07-01", "note": "Year three"},
        ok_status=302),
    Row("adopt (form)", lambda w: u("plan_adopt", w["plan"].pk), COORDINATORS),
    Row("add a priority (form)", lambda w: u("priority_add", w["plan"].pk), COORDINATORS),
    Row("add a priority", lambda w: u("priority_add", w["plan"].pk), COORDINATORS,
        method="post", data={"title": "Cybercrime", "kind": "thematic"}, ok_status=302),
    Row("priority", lambda w: u("priority", w["priority"].pk), READERS),
    Row("edit a priority", lambda w: u("priority_edit", w["priority"].pk), COORDINATORS),
    Row("add an aim (form)", lambda w: u("aim_add", w["priority"].pk), COORDINATORS),
    Row("add an aim", lambda w: u("aim_add", w["priority"].pk), COORDINATORS, method="post",
        data={"text": "Raise awareness"}, ok_status=302),
    Row("edit an aim", lambda w: u("aim_edit", w["aim"].pk), COORDINATORS),
    Row("add a measure (form)", lambda w: u("measure_add"), COORDINATORS),
    Row("add a measure", lambda w: u("measure_add"), COORDINATORS, method="post",
        data={"name": "Cyber crimes", "polarity": "lower", "frequency": "annual",
              "tolerance_pct": "5"}, ok_status=302),
    Row("measure", lambda w: u("measure", w["measure"].pk), READERS),
    Row("edit a measure", lambda w: u("measure_edit", w["measure"].pk), COORDINATORS),
    Row("record a figure (form)", lambda w: u("measure_value_add", w["measure"].pk),
        COORDINATORS),
    Row("record a figure", lambda w: u("measure_value_add", w["measure"].pk), COORDINATORS,
        method="post", data={"period": "2016/17", "value": "12"}, ok_status=302),
    Row("performance table", lambda w: u("performance"), READERS),
    Row("performance export", lambda w: u("performance_export") + "?year=2016/17", READERS),
    Row("import (form)", lambda w: u("import"), COORDINATORS),
    Row("import template (XLSX of the figures)", lambda w: u("import_template"), COORDINATORS),
    Row("import confirm", lambda w: u("import_confirm"), COORDINATORS, method="post",
        data={"token": "nothing"}, ok_status=302),
    Row("assessments", lambda w: u("assessments"), READERS),
    Row("assessment", lambda w: u("assessment", w["assessment"].pk), READERS),
    Row("assessment document", lambda w: u("assessment_document", w["assessment"].pk),
        READERS),
    Row("add an assessment (form)", lambda w: u("assessment_add"), COORDINATORS),
    Row("add an assessment", lambda w: u("assessment_add"), COORDINATORS, method="post",
        data={"title": "SA 2017/18 Q1", "year": "2017/18", "part": "Q1"}, ok_status=302),
    Row("edit an assessment", lambda w: u("assessment_edit", w["assessment"].pk), COORDINATORS),
    Row("add a recommendation (form)", lambda w: u("recommendation_add", w["assessment"].pk),
        COORDINATORS),
    Row("recommendation", lambda w: u("recommendation", w["recommendation"].pk), READERS),
    Row("accept (form)", lambda w: u("recommendation_accept", w["recommendation"].pk),
        COORDINATORS),
    Row("accept", lambda w: u("recommendation_accept", w["recommendation"].pk), COORDINATORS,
        method="post", data={}, ok_status=302),
    Row("decline", lambda w: u("recommendation_decline", w["recommendation"].pk),
        COORDINATORS, method="post", data={"reason": "Covered by the county"}, ok_status=302),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(row: Row, world: dict[str, Any]) -> None:
    check_row(row, world)
