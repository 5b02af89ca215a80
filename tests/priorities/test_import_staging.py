"""The browser import's two steps as services: a preview stages a clean file (and only a clean
one), the confirmation imports it once and forgets it; a new preview replaces the old one."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage

from partnership.models import Role
from priorities.models import MeasureValue
from priorities.services import (
    IMPORT_STAGING,
    ImportExpired,
    measure_values_import_confirm,
    measure_values_import_stage,
)
from tests.factories import PartnershipFactory, member

from .factories import MeasureFactory, value

pytestmark = pytest.mark.django_db

GOOD = b"measure,period,value\nTotal crime,2015/16,4746\nTotal crime,2016/17,5433\n"


@pytest.fixture
def setup() -> dict[str, Any]:
    partnership = PartnershipFactory.create()
    measure = MeasureFactory.create(partnership=partnership, name="Total crime")
    value(measure, "2015/16", 4700)
    return {"p": partnership, "by": member(partnership, Role.COORDINATOR)}


def stage(setup: dict[str, Any], content: bytes, replaces: str = "") -> Any:
    return measure_values_import_stage(partnership=setup["p"], by=setup["by"],
                                       upload=io.BytesIO(content), name="figures.csv",
                                       size=len(content), replaces=replaces)


def staged_files() -> list[str]:
    try:
        return sorted(default_storage.listdir(IMPORT_STAGING)[1])
    except FileNotFoundError:
        return []


def test_a_clean_file_is_staged_and_nothing_is_saved(setup: dict[str, Any]) -> None:
    staged = stage(setup, GOOD)
    assert (staged.outcome.new, staged.outcome.updated) == (1, 1)
    assert staged_files() == [staged.token]
    with default_storage.open(f"{IMPORT_STAGING}/{staged.token}", "rb") as handle:
        assert handle.read() == GOOD
    assert MeasureValue.objects.get(period="2015/16").value == 4700


def test_a_file_with_row_errors_is_not_staged(setup: dict[str, Any]) -> None:
    staged = stage(setup, b"measure,period,value\nTotal crim,2016/17,1\n")
    assert staged.token == ""
    assert [e.row for e in staged.outcome.errors] == [2]
    assert staged_files() == []


def test_a_new_preview_replaces_the_previous_one(setup: dict[str, Any]) -> None:
    first = stage(setup, GOOD)
    second = stage(setup, GOOD, replaces=first.token)
    assert staged_files() == [second.token]


def test_confirm_imports_once_then_the_token_has_expired(setup: dict[str, Any]) -> None:
    token = stage(setup, GOOD).token
    outcome = measure_values_import_confirm(partnership=setup["p"], by=setup["by"], token=token)
    assert (outcome.new, outcome.updated) == (1, 1)
    assert MeasureValue.objects.get(period="2015/16").value == 4746
    assert staged_files() == []
    with pytest.raises(ImportExpired, match="That import has expired"):
        measure_values_import_confirm(partnership=setup["p"], by=setup["by"], token=token)
    with pytest.raises(ImportExpired):
        measure_values_import_confirm(partnership=setup["p"], by=setup["by"], token="not-a-token")


def test_only_someone_who_may_import_can_confirm(setup: dict[str, Any]) -> None:
    token = stage(setup, GOOD).token
    viewer = member(setup["p"], Role.VIEWER)
    with pytest.raises(PermissionDenied):
        measure_values_import_confirm(partnership=setup["p"], by=viewer, token=token)
    assert staged_files() == [token]  # still there for the coordinator
    assert MeasureValue.objects.get(period="2015/16").value == 4700
