"""Demo data: Huntingdonshire's four priorities each get a 2015/16 action plan (seed 000).

Idempotent (natural keys, update_or_create). Runs after the priorities demo loader.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from partnership.models import Meeting, Organisation, Partnership, User
from partnership.periods import current_quarter

from .deadlines import update_deadline
from .models import Action, ActionPlan, ActionUpdate, OwnerKind, ReportingPeriod, UpdateStep
from .rag import ActionStatus, derive_rag
from .states import UpdateState

LIAM = "lead.officer@huntingdonshire.example"  # Police Inspector
ASHA = "asb.manager@huntingdonshire.example"  # ASB and Community Safety Officer
CLAIRE = "coordinator@huntingdonshire.example"
POLICE = "Cambridgeshire Constabulary"
HDC = "Huntingdonshire District Council"
CCC = "Cambridgeshire County Council"
LUMINUS = "Luminus Group"
YOS = "Youth Offending Service"

S = ActionStatus
# Priority title -> (prefix, [(description, lead email, lead organisation, supporting,
#                              start, due, status, percent)])
PLANS: dict[str, tuple[str, list[tuple[str, str, str, list[str], str, str, str, int]]]] = {
    "High and Medium Risk Victims of Anti-Social Behaviour": ("P1", [
        ("Run three ASB Problem Solving Groups each month, one per police sector, with ECINs "
         "live so case files are updated in the meeting.", ASHA, HDC, [POLICE, LUMINUS],
         "2015-04-01", "2016-03-31", S.IN_PROGRESS, 75),
        ("Make the shared risk assessment scoring process and agreed follow-up actions "
         "standard practice across all partner agencies.", ASHA, HDC, [POLICE, LUMINUS, CCC],
         "2015-04-01", "2015-09-30", S.COMPLETE, 100),
        ("Extend ECINs case management licences to housing providers and review the number of "
         "high and medium risk cases archived each quarter.", ASHA, HDC, [LUMINUS],
         "2015-06-01", "2015-12-31", S.IN_PROGRESS, 60),
        ("Use the powers in the ASB, Crime and Policing Act 2014 (community protection "
         "notices, closure orders) against persistent perpetrators in priority wards.", LIAM,
         POLICE, [HDC], "2015-04-01", "2016-03-31", S.IN_PROGRESS, 50),
        ("Publicise the support available to victims of anti-social behaviour, including the "
         "community trigger, in the priority neighbourhoods.", ASHA, HDC, [POLICE],
         "2015-09-01", "2016-02-29", S.NOT_STARTED, 0),
    ]),
    "Child Sexual Exploitation": ("P2", [
        ("Create a CSE awareness raising plan from the Huntingdonshire CSE Strategic Assessment "
         "with advice from the Cambridgeshire LSCB.", LIAM, POLICE, [CCC, YOS],
         "2015-04-01", "2015-07-31", S.COMPLETE, 100),
        ("Deliver LSCB approved CSE awareness training to taxi drivers, hoteliers and takeaway "
         "staff licensed by the district council.", ASHA, HDC, [POLICE],
         "2015-06-01", "2016-03-31", S.IN_PROGRESS, 40),
        ("Make sure every partner knows how to signpost victims through the Cambridgeshire LSCB "
         "approved pathways.", LIAM, POLICE, [CCC, YOS], "2015-04-01", "2015-12-31",
         S.IN_PROGRESS, 80),
        ("Run a CSE campaign in schools and youth settings during the autumn term.", LIAM,
         POLICE, [CCC], "2015-09-01", "2015-12-18", S.DEFERRED, 10),
    ]),
    "Tackling Violence Against the Person": ("P3", [
        ("Support the Pub Watch and Traffic Light Schemes in each market town to keep a zero "
         "tolerance of alcohol related disorder.", LIAM, POLICE, [HDC],
         "2015-04-01", "2016-03-31", S.IN_PROGRESS, 70),
        ("Target perpetrators and locations of alcohol related disorder with dispersal and "
         "public spaces protection powers.", LIAM, POLICE, [HDC], "2015-04-01", "2016-03-31",
         S.IN_PROGRESS, 55),
        ("Work with the Dodgems Project to support male victims and perpetrators of domestic "
         "abuse and reduce repeat victims.", ASHA, HDC, [POLICE],
         "2015-05-01", "2016-03-31", S.IN_PROGRESS, 45),
        ("Encourage reporting of sexual violence and hate crime through third party reporting "
         "centres.", LIAM, POLICE, [HDC, CCC], "2015-07-01", "2016-01-31", S.NOT_STARTED, 0),
    ]),
    "Modern Day Slavery": ("P4", [
        ("Train frontline professionals to recognise and report potential victims of modern "
         "day slavery under the Modern Slavery Act 2015.", LIAM, POLICE, [HDC, LUMINUS],
         "2015-06-01", "2016-03-31", S.IN_PROGRESS, 65),
        ("Set up a multi-agency method to identify and visit addresses where victims may be "
         "held.", LIAM, POLICE, [HDC], "2015-07-01", "2016-03-31", S.IN_PROGRESS, 30),
        ("Raise awareness with recruitment agencies and employers in the district.", ASHA, HDC,
         [POLICE], "2015-09-01", "2016-03-31", S.NOT_STARTED, 0),
        ("Create a volunteer service to support new arrivals from the EU.", ASHA, HDC, [],
         "2015-10-01", "2016-03-31", S.CANCELLED, 0),
    ]),
}

# 2015/16 Partnership meetings; updates are due ten working days before each.
MEETINGS_2015 = {"2015/16-Q1": datetime.date(2015, 7, 16), "2015/16-Q2": datetime.date(2015, 10, 15),
                 "2015/16-Q3": datetime.date(2016, 1, 21), "2015/16-Q4": datetime.date(2016, 4, 21)}

REVIEWED = (UpdateState.ACCEPTED, UpdateState.RETURNED)
PROGRESS = [
    "Groups met as planned; {n} cases reviewed and tasks allocated on ECINs.",
    "Work on track. Partners attended and agreed next steps; figures to the next meeting.",
    "Slower than planned because of staff changes; a recovery plan is agreed.",
    "Completed the main milestones for the quarter; evaluation under way.",
]


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def load_demo(stdout: Any) -> None:
    from priorities.models import Priority

    hunts = Partnership.objects.get(slug="huntingdonshire")
    users = {u.email: u for u in User.objects.filter(email__in=[LIAM, ASHA, CLAIRE])}
    orgs = {o.name: o for o in Organisation.objects.filter(partnership=hunts)}
    priorities = {p.title: p for p in Priority.objects.filter(plan__partnership=hunts)}
    today = timezone.localdate()
    periods = _periods(hunts)

    count = 0
    for index, (priority_title, (prefix, rows)) in enumerate(PLANS.items()):
        priority = priorities.get(priority_title)
        if priority is None:
            continue
        plan, _ = ActionPlan.objects.update_or_create(
            partnership=hunts, year=2015, title=f"{priority_title} action plan 2015/16",
            defaults={"owner_kind": OwnerKind.PRIORITY, "priority": priority,
                      "reference_prefix": prefix, "status": "live"})
        for number, (text, lead, org, supporting, start, due, status, pct) in enumerate(rows, 1):
            action, _ = Action.objects.update_or_create(
                plan=plan, reference=f"{prefix}.{number}",
                defaults={"partnership": hunts, "description": text, "lead_officer": users.get(lead),
                          "lead_organisation": orgs.get(org), "start_on": _d(start),
                          "due_on": _d(due), "status": status, "percent_complete": pct})
            action.derived_rag = derive_rag(status=status, due_on=action.due_on,
                                            start_on=action.start_on, percent_complete=pct,
                                            today=today)
            action.rag = action.rag_override or action.derived_rag
            action.save(update_fields=["derived_rag", "rag"])
            action.supporting_organisations.set([orgs[o] for o in supporting if o in orgs])
            _updates(action, periods, users, seed=index * 10 + number)
            count += 1
    stdout.write(f"Action plans: {count} actions in Huntingdonshire's 2015/16 plans.")


def _periods(hunts: Partnership) -> list[ReportingPeriod]:
    periods = []
    for key, meeting_day in MEETINGS_2015.items():
        period, _ = ReportingPeriod.objects.update_or_create(
            partnership=hunts, period=key, defaults={"deadline": update_deadline(meeting_day)})
        periods.append(period)
    # The quarter of the next Partnership board (from the core demo data), so reminders and
    # "My actions" have something due now.
    board = (Meeting.objects.filter(partnership=hunts, group__isnull=True,
                                    starts_at__gte=timezone.now()).order_by("starts_at").first())
    if board is not None:
        day = timezone.localtime(board.starts_at).date()
        quarter = current_quarter(day).previous()
        ReportingPeriod.objects.update_or_create(
            partnership=hunts, period=quarter.key,
            defaults={"meeting": board, "deadline": update_deadline(day)})
    return periods


def _updates(action: Action, periods: list[ReportingPeriod], users: dict[str, User],
             seed: int) -> None:
    """Q1 and Q2 accepted; Q3 accepted, returned or submitted; Q4 a mix including missing."""
    coordinator = users.get(CLAIRE)
    lead = action.lead_officer
    if lead is None:
        return
    last_state = [UpdateState.ACCEPTED, UpdateState.RETURNED, UpdateState.SUBMITTED,
                  UpdateState.RESUBMITTED, UpdateState.DRAFT, None][seed % 6]
    plan = [UpdateState.ACCEPTED, UpdateState.ACCEPTED,
            UpdateState.ACCEPTED if seed % 3 else UpdateState.RETURNED, last_state]
    for quarter, (period, state) in enumerate(zip(periods, plan, strict=True)):
        if state is None or (action.status == ActionStatus.CANCELLED and quarter > 1):
            continue
        percent = min(100, round(action.percent_complete * (quarter + 1) / 4))
        submitted = timezone.make_aware(datetime.datetime.combine(
            period.deadline - datetime.timedelta(days=2), datetime.time(10, 0)))
        update, created = ActionUpdate.objects.update_or_create(
            action=action, period=period,
            defaults={"progress": PROGRESS[(seed + quarter) % 4].format(n=3 + seed % 7),
                      "percent_complete": percent,
                      "proposed_rag": "amber" if percent < 50 else "green",
                      "proposed_status": action.status if quarter == 3 else ActionStatus.IN_PROGRESS,
                      "state": state,
                      "submitted_by": lead if state != UpdateState.DRAFT else None,
                      "submitted_at": submitted if state != UpdateState.DRAFT else None,
                      "reviewed_by": coordinator if state in REVIEWED else None,
                      "reviewed_at": submitted + datetime.timedelta(days=1)
                      if state in REVIEWED else None,
                      "review_comment": "Please add the numbers of cases and the date of the "
                                        "next milestone." if state == UpdateState.RETURNED else ""})
        if created:
            steps = [("", UpdateState.DRAFT)]
            if state != UpdateState.DRAFT:
                steps = [("", UpdateState.SUBMITTED)]
            if state in (UpdateState.ACCEPTED,):
                steps.append((UpdateState.SUBMITTED, UpdateState.ACCEPTED))
            if state in (UpdateState.RETURNED, UpdateState.RESUBMITTED):
                steps.append((UpdateState.SUBMITTED, UpdateState.RETURNED))
            if state == UpdateState.RESUBMITTED:
                steps.append((UpdateState.RETURNED, UpdateState.RESUBMITTED))
            for old, new in steps:
                by = coordinator if new in (UpdateState.ACCEPTED, UpdateState.RETURNED) else lead
                UpdateStep.objects.create(update=update, from_state=old, to_state=new, by=by,
                                          at=submitted, comment=update.review_comment
                                          if new == UpdateState.RETURNED else "")
