"""Demo reviews for Huntingdonshire, placed relative to ``today`` so the deadlines look real.

- Seed 003 ("one Domestic Homicide Review in progress ... the pre-panel due to meet"): Adult A,
  held, at the panel stage, with two information requests: the police IMR due in a fortnight and
  the Integrated Care Board's chronology six days late. The lead officer (a police inspector)
  sits on its panel, so the demo shows a panel member who is not a DHR coordinator.
  The police IMR's contact (Detective Sergeant Ward, imr.returns@police.example) has an agency
  contributor's account: it opens that request only. The merged chronology has a few entries
  from both agencies, and the family contact log one letter.
- Adult B: the chair decided not to hold a review; the Home Office was informed; closed.
- Adult C: held, approved by Home Office quality assurance, published.

Idempotent: found by pseudonym in the partnership, never duplicated. Pseudonyms only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max

from partnership.models import Organisation, Partnership, User

from .models import (
    AbuseTheme,
    ChronologyEntry,
    ContactMethod,
    Decision,
    FamilyContact,
    InformationRequest,
    Involvement,
    PanelMember,
    PanelRole,
    RequestKind,
    Review,
    ReviewKind,
    ReviewStep,
)
from .stages import DhrStage as S

POLICE = "Cambridgeshire Constabulary"
HEALTH = "Cambridgeshire and Peterborough Integrated Care Board"


def _review(partnership: Partnership, by: User | None, pseudonym: str, *, notified_on: datetime.date,
            died_on: datetime.date, stages: list[S], decision: str, decided_on: datetime.date | None,
            rationale: str = "", themes: list[str]) -> Review:
    review = Review.objects.filter(partnership=partnership, pseudonym=pseudonym).first()
    if review is None:
        last = Review.objects.filter(partnership=partnership, year=notified_on.year).aggregate(
            last=Max("number"))["last"] or 0
        review = Review(partnership=partnership, pseudonym=pseudonym, year=notified_on.year,
                        number=last + 1)
    review.kind = ReviewKind.DHR
    review.notified_on, review.died_on, review.notifying_body = notified_on, died_on, POLICE
    review.themes, review.stage = themes, stages[-1]
    review.decision, review.decided_on, review.decision_rationale = decision, decided_on, rationale
    review.created_by = by
    review.full_clean()
    review.save()
    ReviewStep.objects.filter(review=review).delete()
    previous = ""
    at = datetime.datetime.combine(notified_on, datetime.time(10), tzinfo=datetime.UTC)
    for stage in stages:
        ReviewStep.objects.create(review=review, from_stage=previous, to_stage=stage, by=by, at=at)
        previous, at = stage, at + datetime.timedelta(days=7)
    return review


CONTRIBUTOR_EMAIL = "imr.returns@police.example"


def _contributor(review: Review, police: Organisation) -> None:
    """The police IMR's contact: an account that is no membership, opening that request only."""
    from partnership.demo import DEMO_PASSWORD

    user = User.objects.filter(email=CONTRIBUTOR_EMAIL).first() or User(email=CONTRIBUTOR_EMAIL)
    user.full_name, user.job_title = "Detective Sergeant Ward", "Review Officer"
    user.set_password(DEMO_PASSWORD)
    user.save()
    InformationRequest.objects.filter(review=review, organisation=police,
                                      kind=RequestKind.IMR).update(contact=user)


def load(stdout: Any, today: datetime.date) -> None:
    hunts = Partnership.objects.get(slug="huntingdonshire")
    dhr = User.objects.filter(email="dhr@huntingdonshire.example").first()
    panel_member = User.objects.get(email="lead.officer@huntingdonshire.example")
    days = datetime.timedelta

    adult_a = _review(
        hunts, dhr, "Adult A", notified_on=today - days(75), died_on=today - days(82),
        stages=[S.NOTIFIED, S.SCOPING, S.DECISION, S.HOME_OFFICE_INFORMED, S.CHAIR_APPOINTED,
                S.PANEL],
        decision=Decision.HOLD, decided_on=today - days(50),
        themes=[AbuseTheme.COERCIVE_CONTROL, AbuseTheme.PHYSICAL])
    PanelMember.objects.update_or_create(review=adult_a, user=panel_member, defaults={
        "organisation": POLICE, "role": PanelRole.MEMBER, "joined_on": today - days(30)})
    organisations = {o.name: o for o in Organisation.objects.filter(partnership=hunts,
                                                                    name__in=[POLICE, HEALTH])}
    for name, kind, contact, email, due in [
        (POLICE, RequestKind.IMR, "Detective Sergeant Ward", "imr.returns@police.example",
         today + days(14)),
        (HEALTH, RequestKind.CHRONOLOGY, "Safeguarding Lead", "safeguarding@icb.example",
         today - days(6)),
    ]:
        InformationRequest.objects.update_or_create(
            review=adult_a, organisation=organisations[name], kind=kind,
            defaults={"contact_name": contact, "contact_email": email,
                      "requested_on": today - days(28), "due_on": due, "received_on": None})
    _contributor(adult_a, organisations[POLICE])
    for ago, name, event, source, significance in [
        (400, HEALTH, "Attended A&E with a facial injury; said she had fallen.", "ED records",
         "First recorded injury; no routine enquiry about domestic abuse."),
        (310, POLICE, "Neighbour reported shouting; officers attended, no offence recorded.",
         "Incident log", "No DASH risk assessment completed."),
        (120, POLICE, "Adult A reported controlling behaviour; DASH assessed as medium risk.",
         "Crime report", "Referral to the IDVA service not made."),
    ]:
        ChronologyEntry.objects.update_or_create(
            review=adult_a, happened_on=today - days(ago), organisation=organisations[name],
            defaults={"event": event, "source_detail": source, "significance": significance})
    FamilyContact.objects.update_or_create(
        review=adult_a, contacted_on=today - days(40), who="Adult A's sister",
        defaults={"method": ContactMethod.LETTER, "involvement": Involvement.INVOLVED,
                  "summary": "Letter from the independent chair explaining the review; she "
                             "replied that she wants to take part.",
                  "leaflet_sent": True, "advocacy_offered": True, "recorded_by": dhr})

    _review(hunts, dhr, "Adult B", notified_on=today - days(200), died_on=today - days(210),
            stages=[S.NOTIFIED, S.SCOPING, S.DECISION, S.HOME_OFFICE_INFORMED, S.CLOSED],
            decision=Decision.NOT_HOLD, decided_on=today - days(180),
            rationale="No agency had contact with the victim or the perpetrator in the five years "
                      "before the death; the criteria of the statutory guidance are not met.",
            themes=[AbuseTheme.PHYSICAL])
    _review(hunts, dhr, "Adult C", notified_on=today - days(700), died_on=today - days(712),
            stages=[S.NOTIFIED, S.SCOPING, S.DECISION, S.HOME_OFFICE_INFORMED, S.CHAIR_APPOINTED,
                    S.PANEL, S.INFORMATION, S.DRAFTING, S.QA_SUBMITTED, S.QA_APPROVED,
                    S.PUBLISHED],
            decision=Decision.HOLD, decided_on=today - days(680),
            themes=[AbuseTheme.COERCIVE_CONTROL, AbuseTheme.ECONOMIC, AbuseTheme.STALKING])
    stdout.write("Reviews: Adult A (panel stage, one late request), Adult B (not held), "
                 "Adult C (published).\n")
