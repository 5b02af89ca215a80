"""Importing in the browser: preview (nothing saved), per-row errors, confirm."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.models import Role
from priorities.models import MeasureValue
from tests.factories import PartnershipFactory, member

from .factories import MeasureFactory, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client_for: Any) -> dict[str, Any]:
    partnership = PartnershipFactory.create()
    coordinator = member(partnership, Role.COORDINATOR)
    measure = MeasureFactory.create(partnership=partnership, name="Total crime")
    value(measure, "2015/16", 4700)
    return {"p": partnership, "client": client_for(coordinator), "measure": measure,
            "url": reverse("priorities:import", args=[partnership.slug])}


def upload(world: dict[str, Any], content: bytes, name: str = "figures.csv", **extra: Any) -> Any:
    return world["client"].post(world["url"], {"file": SimpleUploadedFile(name, content), **extra})


def test_preview_then_confirm(world: dict[str, Any]) -> None:
    response = upload(world, b"measure,period,value\nTotal crime,2015/16,4746\n"
                             b"Total crime,2016/17,5433\n")
    page = response.content.decode()
    assert response.status_code == 200 and "Check the import" in page
    assert "1 new figure will be added" in page and "1 figure will be changed" in page
    assert "4,700" in page and "4,746" in page  # old and new value side by side
    assert MeasureValue.objects.get(period="2015/16").value == 4700  # nothing saved yet
    token = page.split('name="token" value="')[1].split('"')[0]
    confirm = world["client"].post(
        reverse("priorities:import_confirm", args=[world["p"].slug]), {"token": token})
    assert confirm.status_code == 302
    assert MeasureValue.objects.get(period="2015/16").value == 4746
    assert MeasureValue.objects.filter(period="2016/17").exists()
    # The token is single-use.
    again = world["client"].post(
        reverse("priorities:import_confirm", args=[world["p"].slug]), {"token": token})
    assert again.status_code == 302 and again["Location"].endswith("/import/")


def test_a_file_that_changes_nothing_offers_no_import(world: dict[str, Any]) -> None:
    response = upload(world, b"measure,period,value\nTotal crime,2015/16,4700\n")
    page = response.content.decode()
    assert "Nothing to import: every figure in the file matches what is already held." in page
    assert "Confirm and import" not in page and 'name="token"' not in page
    assert "priorities_import" not in world["client"].session


def test_row_errors_are_listed_and_nothing_is_offered(world: dict[str, Any]) -> None:
    response = upload(world, b"measure,period,value\nTotal crime,2016/17,5433\n"
                             b"Total crim,2016/17,1\nTotal crime,2017,2\n")
    page = response.content.decode()
    assert "The file cannot be imported" in page
    assert "A3 (“Total crim”, column “measure”)" in page
    assert "B4 (“Total crime”, column “period”)" in page
    assert "Confirm and import" not in page
    assert not MeasureValue.objects.filter(period="2016/17").exists()


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"%PDF-1.4 not a spreadsheet", "figures.csv", "must be a CSV or an Excel"),
    (b"name,figure\nx,1\n", "figures.csv", "The first row must name the columns"),
])
def test_unreadable_files_are_refused_on_the_form(world: dict[str, Any], content: bytes,
                                                  name: str, message: str) -> None:
    response = upload(world, content, name)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert 'href="#id_file"' in page


def test_huge_file_is_refused(world: dict[str, Any], settings: Any) -> None:
    settings.MEASURE_IMPORT_MAX_BYTES = 1024
    response = upload(world, b"measure,period,value\n" + b"Total crime,2016/17,1\n" * 100)
    assert "must be smaller than 1 KB" in response.content.decode()


def test_stale_previews_are_purged(world: dict[str, Any]) -> None:
    import datetime
    import os

    from django.core.files.storage import default_storage

    from priorities.tasks import purge_stale_import_files

    upload(world, b"measure,period,value\nTotal crime,2016/17,1\n")
    upload(world, b"measure,period,value\nTotal crime,2016/17,2\n")  # replaces the first stash
    _dirs, files = default_storage.listdir("measure-imports")
    assert len(files) == 1
    assert purge_stale_import_files(older_than=datetime.timedelta(days=1)) == 0
    path = default_storage.path(f"measure-imports/{files[0]}")
    old = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(path, (old, old))
    assert purge_stale_import_files(older_than=datetime.timedelta(days=1)) == 1
    assert default_storage.listdir("measure-imports")[1] == []
