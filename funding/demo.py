"""Demo grants from the seed documents. Idempotent: found by natural keys, never duplicated.

- Huntingdonshire's 2015-16 Community Safety Fund, £22,990 from the Cambridgeshire PCC
  (seed 000), with lines for the projects the plan names, some spend and an accepted H1 return.
- Huntingdonshire's 2008-09 Safer Stronger Communities Fund (seed 001 s.6.2-6.5): £28,996
  capital and £123,051 revenue. The revenue lines the seed lists add up to £94,055, so
  £28,996 of revenue shows as not yet allocated, exactly as the seed's figures leave it.
- Blaby and Hinckley and Bosworth's 2017-18 Partnership Locality Fund, £49,573 from the
  Leicestershire PCC (seed 004 §3.6), reported quarterly.

The present (``load_demo --today``): the Community Safety Fund again for last year and this
year (same lines as 2015-16): last year's H1 accepted and its H2 return overdue (due nine days
before ``today``, not submitted); this year's H1 return due in twelve days.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from partnership.models import Organisation, Partnership, User
from partnership.periods import FinancialYear
from priorities.models import PerformanceMeasure, Priority

from .models import (
    AwardStatus,
    BudgetLine,
    FundingStream,
    GrantAward,
    GrantReturn,
    GrantReturnLine,
    Kind,
    ReturnDue,
    ReturnEvent,
    ReturnEventKind,
    ReturnStatus,
    Spend,
    default_schedule,
    quarterly_schedule,
)
from .selectors import figures_for, lines_with_figures

D = Decimal
R, C = Kind.REVENUE, Kind.CAPITAL
HDC = "Huntingdonshire District Council"

CSF_LINES = [  # title, kind, lead organisation, budget (adds up to £22,990)
    ("PTSD support for young people involved in ASB", R, "Youth Offending Service", D("6500.00")),
    ("Bobby Scheme contribution (vulnerable victims)", R, "Cambridgeshire Constabulary", D("4000.00")),
    ("Dodgems Project: male victims and perpetrators", R, "Victim Support", D("5490.00")),
    ("Strategic assessments (County Council Research Group)", R, "Cambridgeshire County Council",
     D("5000.00")),
    ("Victims and vulnerability conference", R, HDC, D("2000.00")),
]
CSF_SPEND = [  # line index, date, amount, description, reference
    (0, datetime.date(2015, 5, 29), D("1625.00"), "Sessions April to May", "HDC-PO-15-0412"),
    (0, datetime.date(2015, 8, 28), D("1625.00"), "Sessions June to August", "HDC-PO-15-0733"),
    (1, datetime.date(2015, 6, 30), D("2000.00"), "First half-year contribution", "CC-INV-2211"),
    (2, datetime.date(2015, 7, 15), D("2745.00"), "Quarter 1 and 2 delivery", "VS-1507"),
    (3, datetime.date(2015, 9, 30), D("2500.00"), "Two quarterly assessments", "CCC-RG-0930"),
    (4, datetime.date(2015, 9, 17), D("1873.45"), "Venue and catering", "HDC-PO-15-0801"),
    (0, datetime.date(2015, 11, 27), D("1625.00"), "Sessions September to November", "HDC-PO-15-1105"),
    (1, datetime.date(2015, 12, 18), D("2000.00"), "Second half-year contribution", "CC-INV-2390"),
]
SSCF_LINES = [  # seed 001 §6.4 and §6.5
    ("2 x ASB Case Workers (HDC-based)", R, HDC, D("57000.00")),
    ("Young People's Drug Misuse Worker (DIAL Druglink)", R, "DialDrugLink Drinksense", D("18000.00")),
    ("Drinksense Project with Young People", R, "DialDrugLink Drinksense", D("11000.00")),
    ("Youth Workers/Holiday scheme (Fusion)", R, HDC, D("3418.00")),
    ("Community Chest", R, HDC, D("4637.00")),
    ("HBAC Night-time Economy Project", C, "Huntingdonshire Business Against Crime", D("11670.00")),
    ("CCTV up-grade to Women's Refuge", C, HDC, D("4450.00")),
    ("Equipment for Fusion Project", C, HDC, D("796.00")),
    ("Community Chest", C, HDC, D("12080.00")),
]
PLF_LINES = [  # seed 004 s.8.5-8.7: what the partnership delivered with the fund
    ("Hate crime awareness ('Black Roses' event and Community Relations Forum)", R,
     "Hinckley and Bosworth Borough Council", D("9500.00")),
    ("Seasonal campaigns (Halloween, burglary, Christmas)", R, "Leicestershire Police", D("8073.00")),
    ("Domestic abuse awareness, including the Polish community leaflet", R,
     "Blaby District Council", D("12000.00")),
    ("Cyber crime campaign", R, "Leicestershire Police", D("6000.00")),
    ("PREVENT play in schools", R, "Leicestershire County Council", D("9000.00")),
    ("Safer driver event", R, "Leicestershire Fire and Rescue Service", D("5000.00")),
]
ASB = "High and Medium Risk Victims of Anti-Social Behaviour"
CSE = "Child Sexual Exploitation"
VIOLENCE = "Tackling Violence Against the Person"
CSF_LINKS = {  # line index -> (plan priority, performance measure), from the priorities demo
    0: (ASB, "Reported incidents of anti-social behaviour"),
    1: (ASB, "Victims' risk scores once ASB is addressed"),
    2: (VIOLENCE, "Repeat victims of domestic abuse"),
    3: (CSE, "Reports of CSE"),
    4: (CSE, "Training events held and professionals attending"),
}
H1_NARRATIVE = {
    0: ("14 young people supported; 9 completed the programme.",
        "Fewer repeat ASB reports linked to the young people supported."),
    1: ("38 home-security visits to vulnerable and repeat victims.",
        "No repeat burglaries among the households visited."),
    2: ("Group and one-to-one sessions delivered in Huntingdon and St Neots.",
        "Referral pathway agreed with the domestic abuse forum."),
    3: ("Strategic assessments on vulnerable victims and CSE delivered.",
        "Findings used to refocus the CSE and Oxmoor task and finish groups."),
    4: ("Conference for 85 Huntingdonshire professionals held in September.",
        "Partners report better understanding of victims' vulnerabilities."),
}


def _stream(name: str, body: str, notes: str = "") -> FundingStream:
    stream, _ = FundingStream.objects.update_or_create(
        name=name, defaults={"awarding_body": body, "notes": notes})
    return stream


def _award(partnership: Partnership, stream: FundingStream, year: int, revenue: Decimal,
           capital: Decimal, schedule: Any, **extra: Any) -> GrantAward:
    award, _ = GrantAward.objects.update_or_create(
        partnership=partnership, stream=stream, year_start=year,
        defaults={"revenue_amount": revenue, "capital_amount": capital, "amount": revenue + capital,
                  **extra})
    for part, due_on in schedule(award.financial_year):
        ReturnDue.objects.update_or_create(award=award, part=part, defaults={"due_on": due_on})
    return award


def _lines(award: GrantAward, rows: Sequence[tuple[str, str, str, Decimal]]) -> list[BudgetLine]:
    lines = []
    for order, (title, kind, organisation, budget) in enumerate(rows, start=1):
        lead = Organisation.objects.filter(partnership=award.partnership, name=organisation).first()
        line, _ = BudgetLine.objects.update_or_create(
            award=award, title=title, kind=kind,
            defaults={"budget": budget, "lead_organisation": lead, "order": order})
        lines.append(line)
    return lines


def _hunts_csf(hunts: Partnership, users: dict[str, User]) -> None:
    stream = _stream("Community Safety Fund",
                     "Police and Crime Commissioner for Cambridgeshire (Sir Graham Bright)",
                     "Six-monthly progress and achievement report and financial monitoring form; "
                     "'Star Chamber' meeting with the Commissioner.")
    award = _award(hunts, stream, 2015, D("22990.00"), D("0.00"), default_schedule,
                   conditions="Spend on projects that address the Partnership's identified "
                              "priorities (victims and vulnerability). Six-monthly progress and "
                              "achievement report and financial monitoring form to the OPCC.")
    lines = _lines(award, CSF_LINES)
    priorities = {p.title: p for p in Priority.objects.in_partnership(hunts)
                  .filter(plan__start_year=2014)}  # the 2014-17 plan the 2015-16 award served
    measures = {m.name: m for m in PerformanceMeasure.objects.in_partnership(hunts)}
    for index, (priority_title, _) in CSF_LINKS.items():
        if priority_title in priorities and lines[index].priority_id is None:
            lines[index].priority = priorities[priority_title]
            lines[index].save(update_fields=["priority"])
    finance = users.get("finance@huntingdonshire.example")
    for index, spent_on, amount, description, reference in CSF_SPEND:
        Spend.objects.get_or_create(line=lines[index], spent_on=spent_on, reference=reference,
                                    defaults={"amount": amount, "description": description,
                                              "recorded_by": finance})
    if GrantReturn.objects.filter(award=award, part="H1").exists():
        return
    coordinator = users.get("coordinator@huntingdonshire.example")
    opcc = users.get("opcc@cambridgeshire-pcc.example")
    submitted = timezone.make_aware(datetime.datetime(2015, 10, 26, 11, 0))
    accepted = timezone.make_aware(datetime.datetime(2015, 11, 9, 15, 30))
    grant_return = GrantReturn.objects.create(
        award=award, part="H1", status=ReturnStatus.ACCEPTED, no_personal_data=True,
        summary="All five commissioned projects are running. Spend is on profile except the "
                "conference, which came in under budget.",
        created_by=coordinator, created_at=submitted - datetime.timedelta(days=5),
        submitted_by=coordinator, submitted_at=submitted, decided_by=opcc, decided_at=accepted,
        review_comment="Thank you: accepted.")
    figures = {line.pk: figures_for(line) for line in lines_with_figures(
        award=award, spent_until=datetime.date(2015, 9, 30))}
    for index, line in enumerate(lines):
        current = figures[line.pk]
        forecast = D("1873.45") if index == 4 else current.budget
        outputs, outcomes = H1_NARRATIVE[index]
        return_line = GrantReturnLine.objects.create(
            grant_return=grant_return, budget_line=line, kind=line.kind, title=line.title,
            budget=current.budget, actual_to_date=current.spent, forecast=forecast,
            outputs=outputs, outcomes=outcomes,
            variance_explanation="The venue was provided free by a partner; £126.55 will not be "
                                 "needed." if index == 4 else "")
        measure = measures.get(CSF_LINKS[index][1])
        if measure is not None:
            return_line.measures.add(measure)
    for kind, by, at, comment in [
        (ReturnEventKind.STARTED, coordinator, submitted - datetime.timedelta(days=5), ""),
        (ReturnEventKind.SUBMITTED, coordinator, submitted, ""),
        (ReturnEventKind.ACCEPTED, opcc, accepted, "Thank you: accepted."),
    ]:
        ReturnEvent.objects.create(grant_return=grant_return, kind=kind, by=by, at=at, comment=comment)


def _hunts_sscf(hunts: Partnership) -> None:
    stream = _stream("Safer Stronger Communities Fund", "Home Office (via Cambridgeshire County "
                     "Council, after the county top-slice)",
                     "Time-limited to each financial year; from 2009 part of the LAA resource.")
    award = _award(hunts, stream, 2008, D("123051.00"), D("28996.00"), default_schedule,
                   status=AwardStatus.CLOSED,
                   conditions="Spending plan agreed at the HCSP meeting on 22 May 2008.")
    _lines(award, SSCF_LINES)


def _bhb_plf(bhb: Partnership) -> None:
    stream = _stream("Partnership Locality Fund",
                     "Police and Crime Commissioner for Leicester, Leicestershire and Rutland",
                     "Bid for each year; quarterly performance reports to the OPCC.")
    award = _award(bhb, stream, 2017, D("49573.00"), D("0.00"), quarterly_schedule,
                   conditions="Commission services that meet the objectives of the Community "
                              "Safety Strategy and the local Police and Crime Plan.")
    _lines(award, PLF_LINES)


def _hunts_csf_present(hunts: Partnership, users: dict[str, User], today: datetime.date) -> None:
    stream = FundingStream.objects.get(name="Community Safety Fund")
    this_year = FinancialYear.containing(today)
    last_year = this_year.previous()
    coordinator = users.get("coordinator@huntingdonshire.example")
    opcc = users.get("opcc@cambridgeshire-pcc.example")

    def schedule_last(year: FinancialYear) -> list[tuple[str, datetime.date]]:
        return [("H1", datetime.date(year.start_year, 10, 31)),
                ("H2", today - datetime.timedelta(days=9))]  # overdue

    def schedule_this(year: FinancialYear) -> list[tuple[str, datetime.date]]:
        return [("H1", today + datetime.timedelta(days=12)),  # due soon
                ("H2", datetime.date(year.start_year + 1, 4, 30))]

    conditions = ("Spend on projects that address the Partnership's priorities (victims and "
                  "vulnerability). Six-monthly progress and achievement report and financial "
                  "monitoring form to the OPCC.")
    for year, schedule in ((last_year, schedule_last), (this_year, schedule_this)):
        award = _award(hunts, stream, year.start_year, D("22990.00"), D("0.00"), schedule,
                       conditions=conditions)
        _lines(award, CSF_LINES)
    last_award = GrantAward.objects.get(partnership=hunts, stream=stream,
                                        year_start=last_year.start_year)
    if not GrantReturn.objects.filter(award=last_award, part="H1").exists():
        submitted = timezone.make_aware(datetime.datetime(last_year.start_year, 10, 27, 11, 0))
        accepted = submitted + datetime.timedelta(days=10)
        GrantReturn.objects.create(
            award=last_award, part="H1", status=ReturnStatus.ACCEPTED, no_personal_data=True,
            summary="All five commissioned projects are running and spend is on profile.",
            created_by=coordinator, created_at=submitted - datetime.timedelta(days=4),
            submitted_by=coordinator, submitted_at=submitted, decided_by=opcc,
            decided_at=accepted, review_comment="Thank you: accepted.")


def load(stdout: Any, today: datetime.date) -> None:
    users = {u.email: u for u in User.objects.filter(email__in=[
        "finance@huntingdonshire.example", "coordinator@huntingdonshire.example",
        "opcc@cambridgeshire-pcc.example"])}
    hunts = Partnership.objects.filter(slug="huntingdonshire").first()
    bhb = Partnership.objects.filter(slug="blaby-hinckley-bosworth").first()
    if hunts is not None:
        _hunts_csf(hunts, users)
        _hunts_sscf(hunts)
        _hunts_csf_present(hunts, users, today)
    if bhb is not None:
        _bhb_plf(bhb)
