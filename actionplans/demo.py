"""Demo data: Huntingdonshire's four priorities each get a 2015/16 action plan (seed 000), kept
as history (closed, rated as at 31 March 2016), and the same actions carried forward into this
financial year's plans (``load_demo --today``), placed around ``today`` so that there is always
a mix of green, amber and red actions and of accepted, submitted, resubmitted, returned, draft
and missing updates for the period due now.

Idempotent (natural keys, update_or_create) and deterministic for a given ``today``. Runs after
the priorities demo loader.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from partnership.models import Meeting, Organisation, Partnership, User
from partnership.periods import FinancialYear, current_quarter

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


HISTORY_AS_AT = datetime.date(2016, 3, 31)  # the 2015/16 plans are rated as their year ended
MIX = [UpdateState.ACCEPTED, UpdateState.RETURNED, UpdateState.SUBMITTED,
       UpdateState.RESUBMITTED, UpdateState.DRAFT, None]  # None: no update yet (missing)


def load_demo(stdout: Any, today: datetime.date) -> None:
    from priorities.models import Priority

    hunts = Partnership.objects.get(slug="huntingdonshire")
    users = {u.email: u for u in User.objects.filter(email__in=[LIAM, ASHA, CLAIRE])}
    orgs = {o.name: o for o in Organisation.objects.filter(partnership=hunts)}
    history = {p.title: p for p in Priority.objects.filter(plan__partnership=hunts,
                                                           plan__start_year=2014)}
    current_year = FinancialYear.containing(today)
    current = {p.title: p for p in Priority.objects.filter(
        plan__partnership=hunts, plan__status="adopted", plan__start_year=current_year.start_year)}

    count = 0
    periods = _history_periods(hunts)
    for index, (priority_title, (prefix, rows)) in enumerate(PLANS.items()):
        priority = history.get(priority_title)
        if priority is None:
            continue
        plan, _ = ActionPlan.objects.update_or_create(
            partnership=hunts, year=2015, title=f"{priority_title} action plan 2015/16",
            defaults={"owner_kind": OwnerKind.PRIORITY, "priority": priority,
                      "reference_prefix": prefix, "status": "closed"})
        for number, (text, lead, org, supporting, start, due, status, pct) in enumerate(rows, 1):
            action = _action(plan, f"{prefix}.{number}", text, users.get(lead), orgs.get(org),
                             [orgs[o] for o in supporting if o in orgs], _d(start), _d(due),
                             status, pct, HISTORY_AS_AT)
            seed = index * 10 + number
            states = [UpdateState.ACCEPTED, UpdateState.ACCEPTED,
                      UpdateState.ACCEPTED if seed % 3 else UpdateState.RETURNED, MIX[seed % 6]]
            _updates(action, list(zip(periods, states, strict=True)), users, seed=seed)
            count += 1

    earlier, due_now = _present_periods(hunts, today)
    number_in_year = open_n = 0
    for priority_title, (prefix, rows) in PLANS.items():
        priority = current.get(priority_title)
        if priority is None:
            continue
        plan, _ = ActionPlan.objects.update_or_create(
            partnership=hunts, year=current_year.start_year,
            title=f"{priority_title} action plan {current_year.label}",
            defaults={"owner_kind": OwnerKind.PRIORITY, "priority": priority,
                      "reference_prefix": prefix, "status": "live"})
        for number, (text, lead, org, supporting, _start, _due, status, pct) in enumerate(rows, 1):
            start_on, due_on, status, pct = _placed(number_in_year, status, pct, today)
            action = _action(plan, f"{prefix}.{number}", text, users.get(lead), orgs.get(org),
                             [orgs[o] for o in supporting if o in orgs], start_on, due_on,
                             status, pct, today)
            # Open actions take the states in turn (every lead officer gets missing ones);
            # finished ones were accepted, cancelled ones need no update.
            if status in (ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED):
                due_state = MIX[open_n % 6]
                open_n += 1
            else:
                due_state = None if status == ActionStatus.CANCELLED else UpdateState.ACCEPTED
            states = [UpdateState.ACCEPTED if number_in_year % 4 else UpdateState.RESUBMITTED,
                      due_state]
            _updates(action, list(zip((earlier, due_now), states, strict=True)), users,
                     seed=number_in_year)
            number_in_year += 1
            count += 1
    stdout.write(f"Action plans: {count} actions in Huntingdonshire's 2015/16 plans (history) "
                 f"and {current_year.label} plans.")


def _placed(n: int, status: str, pct: int, today: datetime.date
            ) -> tuple[datetime.date, datetime.date, str, int]:
    """Where the n-th carried-forward action sits around ``today``: every fourth action in
    progress is overdue (red), actions not started should have started (amber), the rest run
    on into the year (green, or amber when due this quarter with under half done)."""
    day = datetime.timedelta(days=1)
    if status == ActionStatus.COMPLETE:
        return today - 150 * day, today - (20 + n) * day, status, 100
    if status in (ActionStatus.CANCELLED, ActionStatus.DEFERRED):
        return today - 60 * day, today + (90 + n) * day, status, pct
    if status == ActionStatus.NOT_STARTED:
        return today - (10 + n) * day, today + (120 + 5 * n) * day, status, 0
    if n % 4 == 0:
        return today - 200 * day, today - (7 + n) * day, ActionStatus.IN_PROGRESS, max(pct, 30)
    return today - 120 * day, today + (100 + 7 * n) * day, ActionStatus.IN_PROGRESS, pct


def _action(plan: ActionPlan, reference: str, text: str, lead: User | None,
            organisation: Organisation | None, supporting: list[Organisation],
            start_on: datetime.date, due_on: datetime.date, status: str, pct: int,
            rated_on: datetime.date) -> Action:
    action, _ = Action.objects.update_or_create(
        plan=plan, reference=reference,
        defaults={"partnership": plan.partnership, "description": text, "lead_officer": lead,
                  "lead_organisation": organisation, "start_on": start_on, "due_on": due_on,
                  "status": status, "percent_complete": pct})
    action.derived_rag = derive_rag(status=status, due_on=due_on, start_on=start_on,
                                    percent_complete=pct, today=rated_on)
    action.rag = action.rag_override or action.derived_rag
    action.save(update_fields=["derived_rag", "rag"])
    action.supporting_organisations.set(supporting)
    return action


def _history_periods(hunts: Partnership) -> list[ReportingPeriod]:
    periods = []
    for key, meeting_day in MEETINGS_2015.items():
        period, _ = ReportingPeriod.objects.update_or_create(
            partnership=hunts, period=key, defaults={"deadline": update_deadline(meeting_day)})
        periods.append(period)
    return periods


def _present_periods(hunts: Partnership, today: datetime.date
                     ) -> tuple[ReportingPeriod, ReportingPeriod]:
    """The quarter whose updates are due now (for the next Partnership board, from the core
    demo data) and the quarter before it, long reviewed."""
    board = (Meeting.objects.filter(partnership=hunts, group__isnull=True,
                                    starts_at__date__gte=today).order_by("starts_at").first())
    board_day = timezone.localtime(board.starts_at).date() if board else today + datetime.timedelta(21)
    quarter = current_quarter(board_day).previous()
    due_now, _ = ReportingPeriod.objects.update_or_create(
        partnership=hunts, period=quarter.key,
        defaults={"meeting": board, "deadline": update_deadline(board_day)})
    before = quarter.previous()
    earlier, _ = ReportingPeriod.objects.update_or_create(
        partnership=hunts, period=before.key,
        defaults={"meeting": None, "deadline": update_deadline(before.ends_on + datetime.timedelta(days=45))})
    return earlier, due_now


def _updates(action: Action, periods: list[tuple[ReportingPeriod, UpdateState | None]],
             users: dict[str, User], seed: int) -> None:
    """One update per (period, state); None leaves the period without an update (missing)."""
    coordinator = users.get(CLAIRE)
    lead = action.lead_officer
    if lead is None:
        return
    last = len(periods) - 1
    for quarter, (period, state) in enumerate(periods):
        if state is None or (action.status == ActionStatus.CANCELLED and quarter > 1):
            continue
        percent = min(100, round(action.percent_complete * (quarter + 1) / len(periods)))
        submitted = timezone.make_aware(datetime.datetime.combine(
            period.deadline - datetime.timedelta(days=2), datetime.time(10, 0)))
        update, created = ActionUpdate.objects.update_or_create(
            action=action, period=period,
            defaults={"progress": PROGRESS[(seed + quarter) % 4].format(n=3 + seed % 7),
                      "percent_complete": percent,
                      "proposed_rag": "amber" if percent < 50 else "green",
                      "proposed_status": action.status if quarter == last else ActionStatus.IN_PROGRESS,
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
