"""Permission matrix rows for every reviews URL (see tests/permission_matrix.py).

Need to know: the partnership's DHR coordinator opens every review; the lead officer sits on
Adult A's panel, so opens that one only (and may not run it). Every other member, a system admin
included, sees the anonymised list and gets a 404 for a review, exactly as for one that does not
exist. The OPCC gets a 404 on every reviews URL, like another partnership.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Organisation
from reviews import services
from reviews.models import ChronologyEntry, Review
from reviews.stages import DhrStage
from tests.permission_matrix import ACTOR_EMAILS, MEMBERS, Row, check_row
from tests.reviews.files import pdf_file, pdf_upload

from .documents import DOCX, text_docx, text_pdf, upload
from .factories import ReviewFactory

SLUG = "huntingdonshire"
DHR = frozenset({"dhr_coordinator"})
PANEL_A = frozenset({"dhr_coordinator", "lead_officer"})
OPCC_404 = {"opcc": 404}
# Members and admins without need to know: the review does not exist for them.
HIDDEN = dict.fromkeys(("coordinator", "board_member", "finance_officer", "viewer", "admin", "opcc"), 404)
HIDDEN_FROM_PANEL_A = {**HIDDEN, "lead_officer": 404}
CONTRIBUTOR = frozenset({"contributor"})
# The contributor's own request: everyone else, the DHR coordinator included, gets a 404.
NOT_THEIRS = {actor: 404 for actor in ACTOR_EMAILS if actor not in ("anonymous", "contributor")}
SIGNED_IN = frozenset(ACTOR_EMAILS) - {"anonymous"}


def R(*args: Any, **kwargs: Any) -> Row:  # a Row behind two-factor
    return Row(*args, two_factor=True, **kwargs)


def u(name: str, *args: Any) -> str:
    return reverse(f"reviews:{name}", args=[SLUG, *args])


@pytest.fixture
def world(demo: dict[str, Any]) -> dict[str, Any]:
    hunts, users = demo["hunts"], demo["users"]
    dhr = users["dhr@huntingdonshire.example"]
    today = timezone.localdate()
    notified = today - datetime.timedelta(days=20)
    deciding = services.review_notify(partnership=hunts, by=dhr, pseudonym="Adult D", kind="dhr",
                                      died_on=notified, notified_on=notified,
                                      notifying_body="Cambridgeshire Constabulary")
    for stage in (DhrStage.SCOPING, DhrStage.DECISION):
        deciding = services.review_move(review=deciding, by=dhr, to_stage=stage)
    paused = services.review_notify(partnership=hunts, by=dhr, pseudonym="Adult E", kind="dhr",
                                    died_on=notified, notified_on=notified,
                                    notifying_body="Cambridgeshire Constabulary")
    for stage in (DhrStage.SCOPING, DhrStage.DECISION):
        paused = services.review_move(review=paused, by=dhr, to_stage=stage)
    services.review_decide(review=paused, by=dhr, decision="hold", rationale="", decided_on=today)
    for stage in (DhrStage.HOME_OFFICE_INFORMED, DhrStage.CHAIR_APPOINTED):
        paused = services.review_move(review=paused, by=dhr, to_stage=stage)
    services.review_pause(review=paused, by=dhr, reason="inquest", started_on=today)
    adult_a = Review.objects.get(partnership=hunts, pseudonym="Adult A")
    version = services.document_upload(review=adult_a, by=dhr, kind="terms",
                                       title="Terms of reference", upload=pdf_upload())
    police = Organisation.objects.get(partnership=hunts, name="Cambridgeshire Constabulary")
    recommendation = services.recommendation_add(
        review=adult_a, by=dhr, text="Train call handlers.", reach="single", scope="local",
        lead_agency=police)
    never_entry = services.never_publish_add(review=adult_a, by=dhr, name="Jane Smith",
                                             category="victim")
    approved = ReviewFactory(partnership=hunts, year=today.year, number=90,
                             stage=DhrStage.QA_APPROVED, decision="hold",
                             decided_on=today - datetime.timedelta(days=100),
                             notified_on=today - datetime.timedelta(days=120),
                             died_on=today - datetime.timedelta(days=121))
    services.never_publish_add(review=approved, by=dhr, name="Jane Smith", category="victim")
    upload(approved, "final", text_pdf(["Adult Z."]))
    upload(approved, "summary", text_docx(["Adult Z."]), content_type=DOCX)
    adult_c = Review.objects.get(partnership=hunts, pseudonym="Adult C")
    return {**demo, "a": adult_a, "late": adult_a.requests.get(due_on__lt=today),
            "imr": adult_a.requests.get(kind="imr"), "version": version,
            "entry": ChronologyEntry.objects.filter(review=adult_a).first(),
            "rec": recommendation, "never_entry": never_entry, "approved": approved,
            "police": police, "c_doc": adult_c.publication.documents.first(),
            "probation": Organisation.objects.get(partnership=hunts, name="Probation Service"),
            "c": Review.objects.get(partnership=hunts, pseudonym="Adult C"),
            "deciding": deciding, "paused": paused, "today": today}


def contributor_upload(world: dict[str, Any]) -> Any:
    """A return the demo's agency contributor uploads for their IMR request (this row only)."""
    contact = world["imr"].contact
    assert contact.email == ACTOR_EMAILS["contributor"]
    return services.contributor_upload(by=contact, request_pk=world["imr"].pk,
                                       upload=pdf_upload())


ROWS = [
    R("reviews", lambda w: u("list"), MEMBERS | {"admin"}, overrides=OPCC_404),
    R("record a notification (form)", lambda w: u("notify"), DHR, overrides=OPCC_404),
    R("record a notification", lambda w: u("notify"), DHR, method="post", ok_status=302,
        overrides=OPCC_404,
        data=lambda w: {"pseudonym": "Adult F", "kind": "dhr", "died_on": "01/02/2026",
                        "notified_on": "03/02/2026", "notifying_body": "Cambridgeshire Constabulary",
                        "themes": ["physical", "stalking"]}),
    R("review on whose panel the lead officer sits", lambda w: u("review", w["a"].pk), PANEL_A,
        overrides=HIDDEN),
    R("published review", lambda w: u("review", w["c"].pk), DHR, overrides=HIDDEN_FROM_PANEL_A),
    R("move a review", lambda w: u("move", w["a"].pk), DHR, method="post", ok_status=302,
        data={"to_stage": "information", "reason": "Terms of reference agreed"}, overrides=HIDDEN),
    R("record the decision (form)", lambda w: u("decide", w["deciding"].pk), DHR,
        overrides=HIDDEN_FROM_PANEL_A),
    R("record the decision", lambda w: u("decide", w["deciding"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN_FROM_PANEL_A,
        data=lambda w: {"decision": "hold", "rationale": "", "decided_on": f"{w['today']:%d/%m/%Y}"}),
    R("pause a review (form)", lambda w: u("pause", w["a"].pk), DHR, overrides=HIDDEN),
    R("pause a review", lambda w: u("pause", w["a"].pk), DHR, method="post", ok_status=302,
        overrides=HIDDEN,
        data=lambda w: {"reason": "criminal", "started_on": f"{w['today']:%d/%m/%Y}", "note": ""}),
    R("resume a review (form)", lambda w: u("resume", w["paused"].pk), DHR,
        overrides=HIDDEN_FROM_PANEL_A),
    R("resume a review", lambda w: u("resume", w["paused"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN_FROM_PANEL_A,
        data=lambda w: {"ended_on": f"{w['today']:%d/%m/%Y}"}),
    R("add to the panel (form)", lambda w: u("panel_add", w["a"].pk), DHR, overrides=HIDDEN),
    R("add to the panel", lambda w: u("panel_add", w["a"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN,
        data=lambda w: {"user": w["users"]["viewer@huntingdonshire.example"].pk,
                        "organisation": "Youth Offending Service", "role": "member"}),
    R("record an information request (form)", lambda w: u("request_add", w["a"].pk), DHR,
        overrides=HIDDEN),
    R("record an information request", lambda w: u("request_add", w["a"].pk), DHR,
        method="post", ok_status=302, overrides=HIDDEN,
        data=lambda w: {"organisation": w["probation"].pk, "kind": "report",
                        "contact_name": "Senior Probation Officer",
                        "contact_email": "spo@probation.example",
                        "requested_on": f"{w['today']:%d/%m/%Y}",
                        "due_on": f"{w['today'] + datetime.timedelta(days=28):%d/%m/%Y}"}),
    R("record information as received (form)",
        lambda w: u("request_received", w["a"].pk, w["late"].pk), DHR, overrides=HIDDEN),
    R("record information as received",
        lambda w: u("request_received", w["a"].pk, w["late"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN, data=lambda w: {"received_on": f"{w['today']:%d/%m/%Y}"}),
    R("access log", lambda w: u("access_log", w["a"].pk), DHR, overrides=HIDDEN),
    R("access log export", lambda w: u("access_log_export", w["a"].pk) + "?format=csv", DHR,
        overrides=HIDDEN),
    R("give the contact access (form)", lambda w: u("request_access", w["a"].pk, w["late"].pk),
        DHR, overrides=HIDDEN),
    R("give the contact access", lambda w: u("request_access", w["a"].pk, w["late"].pk), DHR,
        method="post", ok_status=302, overrides=HIDDEN),
    R("chronology", lambda w: u("chronology", w["a"].pk), PANEL_A, overrides=HIDDEN),
    R("chronology export", lambda w: u("chronology_export", w["a"].pk), PANEL_A,
        overrides=HIDDEN),
    R("chronology template", lambda w: u("chronology_template", w["a"].pk), PANEL_A,
        overrides=HIDDEN),
    # The import's preview (a POST answered 200) is tested in test_casefile.py: as a row here,
    # the bad-input sweep would read its valid preview as a refusal without an error message.
    R("add a chronology entry (form)", lambda w: u("chronology_add", w["a"].pk), DHR,
        overrides=HIDDEN),
    R("add a chronology entry", lambda w: u("chronology_add", w["a"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN,
        data=lambda w: {"happened_on": "01/02/2025", "organisation": w["probation"].pk,
                        "event": "Supervision appointment missed", "source_detail": "Case notes",
                        "significance": ""}),
    R("change a chronology entry (form)", lambda w: u("chronology_edit", w["a"].pk, w["entry"].pk),
        DHR, overrides=HIDDEN),
    R("change a chronology entry", lambda w: u("chronology_edit", w["a"].pk, w["entry"].pk), DHR,
        method="post", ok_status=302, overrides=HIDDEN,
        data=lambda w: {"happened_on": "01/02/2025", "organisation": w["probation"].pk,
                        "event": "Supervision appointment missed", "source_detail": "",
                        "significance": "Not followed up"}),
    R("import a chronology (form)", lambda w: u("chronology_import", w["a"].pk), DHR,
        overrides=HIDDEN),
    R("import a chronology (confirm, expired)", lambda w: u("chronology_import_confirm", w["a"].pk),
        DHR, method="post", ok_status=302, overrides=HIDDEN,
        data=lambda w: {"request": w["late"].pk, "token": "0" * 32}),
    R("family contact", lambda w: u("family", w["a"].pk), PANEL_A, overrides=HIDDEN),
    R("record family contact (form)", lambda w: u("family_add", w["a"].pk), DHR,
        overrides=HIDDEN),
    R("record family contact", lambda w: u("family_add", w["a"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN,
        data=lambda w: {"contacted_on": f"{w['today']:%d/%m/%Y}", "who": "Adult A's mother",
                        "method": "phone", "summary": "Explained the review",
                        "involvement": "awaiting", "leaflet_sent": "on"}),
    R("documents", lambda w: u("documents", w["a"].pk), PANEL_A, overrides=HIDDEN),
    R("upload a document (form)", lambda w: u("document_upload", w["a"].pk), DHR,
        overrides=HIDDEN),
    R("upload a document", lambda w: u("document_upload", w["a"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN,
        data=lambda w: {"kind": "draft", "title": "Overview report draft 1",
                        "file": pdf_file()}),
    R("upload a new version (form)",
        lambda w: u("version_upload", w["a"].pk, w["version"].document_id), DHR, overrides=HIDDEN),
    R("upload a new version",
        lambda w: u("version_upload", w["a"].pk, w["version"].document_id), DHR, method="post",
        ok_status=302, overrides=HIDDEN, data=lambda w: {"file": pdf_file()}),
    R("download a document",
        lambda w: u("version_download", w["a"].pk, w["version"].document_id, w["version"].pk),
        PANEL_A, overrides=HIDDEN),
    # The agency contributor's door (outside the partnership's URLs).
    R("your information requests", lambda w: reverse("returns:list"), SIGNED_IN),
    R("an agency contributor's request", lambda w: reverse("returns:request", args=[w["imr"].pk]),
        CONTRIBUTOR, overrides=NOT_THEIRS),
    R("upload a return (form)", lambda w: reverse("returns:upload", args=[w["imr"].pk]),
        CONTRIBUTOR, overrides=NOT_THEIRS),
    R("upload a return", lambda w: reverse("returns:upload", args=[w["imr"].pk]), CONTRIBUTOR,
        method="post", ok_status=302, overrides=NOT_THEIRS,
        data=lambda w: {"file": pdf_file()}),
    R("upload a chronology (form)", lambda w: reverse("returns:chronology", args=[w["imr"].pk]),
        CONTRIBUTOR, overrides=NOT_THEIRS),
    R("upload a chronology (confirm, expired)",
        lambda w: reverse("returns:chronology_confirm", args=[w["imr"].pk]), CONTRIBUTOR,
        method="post", ok_status=302, overrides=NOT_THEIRS, data={"token": "0" * 32}),
    R("the chronology template of a request",
        lambda w: reverse("returns:template", args=[w["imr"].pk]), CONTRIBUTOR,
        overrides=NOT_THEIRS),
    R("download a file the contributor uploaded",
        lambda w: reverse("returns:download", args=[w["imr"].pk, contributor_upload(w).pk]),
        CONTRIBUTOR, overrides=NOT_THEIRS),
    R("export the recommendations", lambda w: u("recommendations_export"), DHR,
        overrides=OPCC_404),
    R("add a recommendation (form)", lambda w: u("recommendation_add", w["a"].pk), DHR,
        overrides=HIDDEN),
    R("add a recommendation", lambda w: u("recommendation_add", w["a"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN,
        data=lambda w: {"text": "Audit GP records.", "reach": "multi", "scope": "regional",
                        "lead_agency": w["probation"].pk, "supporting_agencies": [w["police"].pk],
                        "target_on": f"{w['today']:%d/%m/%Y}"}),
    R("record a recommendation's outcome (form)",
        lambda w: u("recommendation_outcome", w["a"].pk, w["rec"].pk), DHR, overrides=HIDDEN),
    R("record a recommendation's outcome",
        lambda w: u("recommendation_outcome", w["a"].pk, w["rec"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN, data={"outcome": "Training delivered."}),
    # The never-publish list and publication: DHR coordinators only, not the panel (403 for
    # the lead officer, who opens Adult A's review).
    R("never-publish list", lambda w: u("never_publish", w["a"].pk), DHR, overrides=HIDDEN),
    R("add to the never-publish list", lambda w: u("never_publish", w["a"].pk), DHR,
        method="post", ok_status=302, overrides=HIDDEN,
        data={"name": "12 Acacia Avenue", "category": "address"}),
    R("remove from the never-publish list",
        lambda w: u("never_publish_remove", w["a"].pk, w["never_entry"].pk), DHR, method="post",
        ok_status=302, overrides=HIDDEN),
    R("publication page", lambda w: u("publish", w["approved"].pk), DHR,
        overrides=HIDDEN_FROM_PANEL_A),
    R("publish", lambda w: u("publish", w["approved"].pk), DHR, method="post", ok_status=302,
        overrides=HIDDEN_FROM_PANEL_A,
        data=lambda w: {"summary": "Adult Z.", "published_on": f"{w['today']:%d/%m/%Y}"}),
    # The public pages: no sign-in; a review not published is a 404 for everyone.
    Row("public list of published reviews", lambda w: reverse("reviews_public:list", args=[SLUG]),
        frozenset(), public=True),
    Row("public page of a published review",
        lambda w: reverse("reviews_public:review", args=[SLUG, w["c"].year, w["c"].number]),
        frozenset(), public=True),
    Row("public document of a published review",
        lambda w: reverse("reviews_public:document",
                          args=[SLUG, w["c"].year, w["c"].number, w["c_doc"].pk]),
        frozenset(), public=True),
    Row("public page of a review not published",
        lambda w: reverse("reviews_public:review", args=[SLUG, w["a"].year, w["a"].number]),
        frozenset(), public=True, ok_status=404),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(row: Row, world: dict[str, Any]) -> None:
    check_row(row, world)
