"""Permission matrix rows for every funding URL (see tests/permission_matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from funding import services
from funding.models import FundingStream, GrantAward, GrantReturn
from tests.permission_matrix import ACTOR_EMAILS, COORDINATORS, READERS, Row, check_row

SLUG = "huntingdonshire"
BOOKKEEPERS = frozenset({"coordinator", "finance_officer", "admin"})
REVIEWERS = frozenset({"opcc", "admin"})


# A draft is the partnership's working copy: the OPCC does not see it until it is submitted.
DRAFT_HIDDEN_FROM_OPCC = {"opcc": 404}


def u(name: str, *args: Any) -> str:
    return reverse(f"funding:{name}", args=[SLUG, *args])


@pytest.fixture
def world(demo: dict[str, Any]) -> dict[str, Any]:
    hunts, users = demo["hunts"], demo["users"]
    coordinator = users["coordinator@huntingdonshire.example"]
    finance = users["finance@huntingdonshire.example"]
    csf = GrantAward.objects.get(partnership=hunts, year_start=2015)
    csf.award_letter.save("letter.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    csf.award_letter_name, csf.award_letter_type = "letter.pdf", "application/pdf"
    csf.save()
    sscf = GrantAward.objects.get(partnership=hunts, year_start=2008)
    lines = list(csf.lines.order_by("order"))
    virement = services.virement_request(from_line=lines[4], to_line=lines[0], by=finance,
                                         amount=lines[4].budget / 100, reason="Conference savings")
    draft = services.return_start(award=csf, by=coordinator, part="H2")
    submitted = services.return_start(award=sscf, by=coordinator, part="H1")
    services.return_submit(grant_return=submitted, by=coordinator, no_personal_data=True)
    accepted = GrantReturn.objects.get(award=csf, part="H1")
    return {**demo, "csf": csf, "sscf": sscf, "lines": lines, "virement": virement, "draft": draft,
            "submitted": submitted, "accepted": accepted,
            "stream": FundingStream.objects.get(name="Community Safety Fund")}


def edit_data(w: dict[str, Any]) -> dict[str, Any]:
    data = {"return-summary": "Progress"}
    for line in w["draft"].lines.all():
        data[f"line-{line.pk}-forecast"] = str(line.budget)
    return data


ROWS = [
    Row("funding", lambda w: u("awards"), READERS),
    Row("add an award (form)", lambda w: u("award_add"), BOOKKEEPERS),
    Row("add an award", lambda w: u("award_add"), BOOKKEEPERS, method="post", ok_status=302,
        data=lambda w: {"stream": w["stream"].pk, "year_start": "2019/20", "revenue_amount": "100",
                        "schedule": "six_monthly", "variance_threshold_percent": "10"}),
    Row("award", lambda w: u("award", w["csf"].pk), READERS),
    Row("close an award (confirmation)", lambda w: u("award_status", w["csf"].pk), BOOKKEEPERS),
    Row("close an award", lambda w: u("award_status", w["csf"].pk), BOOKKEEPERS, method="post",
        ok_status=302, data={"status": "closed", "confirm": "yes"}),
    Row("award letter", lambda w: u("award_letter", w["csf"].pk), READERS),
    Row("add a line (form)", lambda w: u("line_add", w["csf"].pk), BOOKKEEPERS),
    Row("add a line", lambda w: u("line_add", w["csf"].pk), BOOKKEEPERS, method="post",
        ok_status=302, data={"title": "Contingency", "kind": "revenue", "budget": "0"}),
    Row("spend and virements", lambda w: u("spend_list", w["csf"].pk), READERS),
    Row("change a line (form)", lambda w: u("line_edit", w["csf"].pk, w["lines"][0].pk), BOOKKEEPERS),
    Row("change a line", lambda w: u("line_edit", w["csf"].pk, w["lines"][0].pk), BOOKKEEPERS,
        method="post", ok_status=302, data={"title": "Renamed", "budget": "6500.00"}),
    Row("record spend (form)", lambda w: u("spend_add", w["csf"].pk), BOOKKEEPERS),
    Row("record spend", lambda w: u("spend_add", w["csf"].pk), BOOKKEEPERS, method="post",
        ok_status=302, data=lambda w: {"line": w["lines"][0].pk, "spent_on": "2015-07-01",
                                       "amount": "10.00", "description": "Sessions"}),
    Row("ask for a virement (form)", lambda w: u("virement_add", w["csf"].pk), BOOKKEEPERS),
    Row("ask for a virement", lambda w: u("virement_add", w["csf"].pk), BOOKKEEPERS, method="post",
        ok_status=302, data=lambda w: {"from_line": w["lines"][3].pk, "to_line": w["lines"][1].pk,
                                       "amount": "1.00", "reason": "Re-profiled"}),
    Row("approve a virement", lambda w: u("virement_decide", w["csf"].pk, w["virement"].pk),
        COORDINATORS, method="post", ok_status=302, data={"decision": "approve"}),
    Row("start a return (form)", lambda w: u("return_start", w["sscf"].pk), BOOKKEEPERS),
    Row("start a return", lambda w: u("return_start", w["sscf"].pk), BOOKKEEPERS, method="post",
        ok_status=302, data={"part": "H2"}),
    Row("return", lambda w: u("return", w["accepted"].pk), READERS),
    Row("fill in a return (form)", lambda w: u("return_edit", w["draft"].pk), BOOKKEEPERS,
        overrides=DRAFT_HIDDEN_FROM_OPCC),
    Row("fill in a return", lambda w: u("return_edit", w["draft"].pk), BOOKKEEPERS, method="post",
        ok_status=302, data=edit_data,
        overrides=DRAFT_HIDDEN_FROM_OPCC),
    Row("submit a return", lambda w: u("return_submit", w["draft"].pk), BOOKKEEPERS, method="post",
        ok_status=302, data={"no_personal_data": "on"},
        overrides=DRAFT_HIDDEN_FROM_OPCC),
    Row("accept or return (form)", lambda w: u("return_review", w["submitted"].pk), REVIEWERS),
    Row("accept a return", lambda w: u("return_review", w["submitted"].pk), REVIEWERS,
        method="post", ok_status=302, data={"decision": "accept"}),
    Row("correct an accepted return (form)", lambda w: u("return_revise", w["accepted"].pk),
        BOOKKEEPERS),
    Row("correct an accepted return", lambda w: u("return_revise", w["accepted"].pk), BOOKKEEPERS,
        method="post", ok_status=302, data={"reason": "Missed invoice"}),
    Row("financial monitoring XLSX", lambda w: u("return_export", w["accepted"].pk, "financial", "xlsx"),
        READERS),
    Row("whole return PDF", lambda w: u("return_export", w["accepted"].pk, "return", "pdf"), READERS),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(row: Row, world: dict[str, Any]) -> None:
    check_row(row, world)


OPCC_ACTORS = frozenset({"opcc", "opcc_other_force", "admin"})


@pytest.mark.parametrize("url", [reverse("opcc:returns") + "?period=2015/16-H1",
                                 reverse("opcc:export") + "?period=2015/16-H1&format=csv",
                                 reverse("opcc:home"),
                                 reverse("opcc:grid") + "?period=2015/16",
                                 reverse("opcc:grid_export") + "?period=2015/16&format=csv"])
def test_opcc_pages_are_for_opcc_officers_only(url: str, world: dict[str, Any]) -> None:
    """Not under a partnership: OPCC officers of any force (each sees only their own area) and
    admins get it; anyone else is refused (403); anonymous goes to sign in."""
    mismatches = []
    for actor, email in ACTOR_EMAILS.items():
        client = Client()
        if email:
            client.force_login(world["users"][email], backend="django.contrib.auth.backends.ModelBackend")
        with transaction.atomic():
            status = client.get(url).status_code
            transaction.set_rollback(True)
        want = 302 if actor == "anonymous" else 200 if actor in OPCC_ACTORS else 403
        if status != want:
            mismatches.append(f"{actor}: got {status}, expected {want}")
    assert not mismatches, "\n".join(mismatches)


def test_another_partnerships_objects_are_404_even_for_its_readers(world: dict[str, Any],
                                                                   client_for: Any) -> None:
    """A Huntingdonshire award or return under Blaby's URL is not found, for anyone."""
    other = "blaby-hinckley-bosworth"
    client = client_for(world["users"]["admin@csp-portal.example"])
    assert client.get(reverse("funding:award", args=[other, world["csf"].pk])).status_code == 404
    assert client.get(reverse("funding:return", args=[other, world["accepted"].pk])).status_code == 404
    bhb = client_for(world["users"]["coordinator@blaby-hinckley.example"])
    assert bhb.get(reverse("funding:return", args=[other, world["accepted"].pk])).status_code == 404


def test_opcc_sees_a_return_only_once_it_is_submitted(world: dict[str, Any], client_for: Any) -> None:
    opcc = client_for(world["users"]["opcc@cambridgeshire-pcc.example"])
    url = u("return", world["draft"].pk)
    assert opcc.get(url).status_code == 404
    coordinator = world["users"]["coordinator@huntingdonshire.example"]
    assert client_for(coordinator).get(url).status_code == 200
    draft = world["draft"]
    draft.status = "submitted"
    draft.save(update_fields=["status"])
    assert opcc.get(url).status_code == 200
