"""Demo data from the seeds: Huntingdonshire's plan 2014-17 (refreshed July 2015, seed 000),
Hinckley and Bosworth's police figures for 2015/16 and 2016/17 (seed 004 Fig 1.1) and the
2016/17 Quarter 4 strategic assessment on violence (seed 002), kept as history.

The present (``load_demo --today``): the 2014-17 plan is superseded by a current plan whose
priorities are seed 000's carried forward, and Huntingdonshire's measures get figures for the
last three financial years, marked illustrative in their data source (seed 000 gives only
percentages). Idempotent, and the same ``today`` always gives the same data."""

from __future__ import annotations

import datetime
import zlib
from decimal import Decimal
from typing import Any

from partnership.models import Organisation, Partnership
from partnership.periods import FinancialYear, Period

from .models import (
    Aim,
    AssessmentPeriod,
    CommunitySafetyPlan,
    Frequency,
    MeasureValue,
    PerformanceMeasure,
    PlanRefresh,
    PlanStatus,
    Polarity,
    Priority,
    PriorityKind,
    Recommendation,
    RiskLevel,
    StrategicAssessment,
)

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER

# (order, title, kind, risk level, description, aims, measures as (name, polarity))
HUNTS_PRIORITIES: list[tuple[int, str, str, str, str, list[str], list[tuple[str, str]]]] = [
    (0, "Focus on Victims and Vulnerabilities by building more Strong, Resilient and Cohesive "
        "Communities", PriorityKind.OVERARCHING, RiskLevel.NONE,
     "Although Huntingdonshire is a very safe place to live, work and visit, how our "
     "communities feel is based on their day to day experiences of where they live. Research "
     "shows that because of a number of factors those living in some areas of the District "
     "are more likely to be a victim of crime than someone living in another area, it is "
     "therefore important that resources are focused into priority areas.",
     ["Engage with residents and groups, particularly in identified priority neighbourhoods "
      "where numbers of repeat victims are higher, to understand local concerns and seek "
      "feasible solutions.",
      "Engage our communities in the fight against crime, disorder and anti-social behaviour.",
      "Ensure prompt and appropriate responses to community concerns that positively impact "
      "on confidence.",
      "Ensure our communities are aware of the work of the Community Safety Partnership and "
      "the services that are available to support them.",
      "Raise awareness of the Prevent agenda and how communities can be proactive in the "
      "fight against terrorism."],
     [("Re-establish Neighbourhood Forums", HIGHER),
      ("Operations or campaigns run each year that require the input of our communities",
       HIGHER),
      ("Positive associations and a 'place' within community groups", HIGHER),
      ("Creation of a co-located team in a vulnerable location", HIGHER),
      ("Greater understanding of service provision for those suffering from mental ill health",
       HIGHER),
      ("Progress of the Oxmoor Task and Finish Group and outcomes achieved on its action plan",
       HIGHER)]),
    (1, "High and Medium Risk Victims of Anti-Social Behaviour", PriorityKind.THEMATIC,
     RiskLevel.HIGH_AND_MEDIUM,
     "Although reported incidents of anti-social behaviour have continued to decrease in "
     "Huntingdonshire over a number of years, anti-social behaviour continues to be the "
     "number one concern for our communities. The Partnership must prioritise those victims "
     "who may be more vulnerable and therefore may present as high or medium risk.",
     ["Increase public confidence that effective action is being taken against anti-social "
      "behaviour.",
      "Support diversionary activities, empower local communities and carry out targeted "
      "enforcement against perpetrators by working with partners to continually improve the "
      "response to anti-social behaviour in Huntingdonshire through joint working, sharing of "
      "information and training.",
      "Ensure the shared use across all partner agencies of the Risk Assessment scoring "
      "process and agreed follow up actions.",
      "Continue to strengthen the use of the ECINs case management system across all partner "
      "organisations.",
      "Target resources into areas where people are more likely to be victims or repeat "
      "victims of anti-social behaviour.",
      "Raise awareness within our communities of the support available across partner "
      "agencies to help address anti-social behaviour."],
     [("Reported incidents of anti-social behaviour", LOWER),
      ("Use of powers available within the ASB, Crime and Policing Act 2014", HIGHER),
      ("Victims' risk scores once ASB is addressed", LOWER),
      ("Targeted interventions in areas where people are most likely to be victims of ASB",
       HIGHER),
      ("ASB in priority wards reducing at the same rate as the rest of the District", HIGHER),
      ("High and medium risk cases archived on ECINs", HIGHER)]),
    (2, "Child Sexual Exploitation", PriorityKind.THEMATIC, RiskLevel.NONE,
     "The true scale of child sexual exploitation (CSE) is unclear. What we do know is that "
     "CSE does happen in Huntingdonshire and that there are both victims and perpetrators "
     "residing in the District. It is important that the Partnership raises awareness of this "
     "crime so that Huntingdonshire can be proactive rather than reactive in response to CSE.",
     ["Utilising the recently produced Huntingdonshire CSE Strategic Assessment and with "
      "advice and support from the Cambridgeshire LSCB, create an awareness raising plan in "
      "relation to CSE.",
      "Raise awareness about the signs of possible CSE.",
      "Ensure partners know how to signpost victims utilising Cambridgeshire LSCB approved "
      "pathways.",
      "Identify appropriate training for professionals working with children and young people "
      "to attend.",
      "Identify trades where CSE may be more likely to occur and provide appropriate and "
      "regular training for professionals.",
      "Utilise the local media to raise awareness about CSE."],
     [("Reports of CSE", HIGHER),
      ("Identified trades that have undergone LSCB approved training", HIGHER),
      ("Campaigns run in relation to CSE", HIGHER),
      ("Victims identified and signposted", HIGHER),
      ("Training events held and professionals attending", HIGHER)]),
    (3, "Tackling Violence Against the Person", PriorityKind.THEMATIC, RiskLevel.NONE,
     "Although there appears to be a downward trend in incidents of violent crime across the "
     "District the Partnership must not be complacent. There continues to be concern about "
     "sexual offences, still believed to be heavily under-reported, and about domestic abuse.",
     ["Support the Pub Watch Schemes to maintain a zero tolerance to alcohol related disorder.",
      "Utilise the powers available under the ASB, Crime and Policing Act 2014 to respond to "
      "perpetrators of alcohol related disorder and locations affected by misuse of alcohol.",
      "Reduce alcohol related crime, disorder and anti-social behaviour.",
      "Increase confidence to increase reporting of crimes against the person in particular "
      "sexual violence and hate crimes.",
      "Support the work of the County Domestic Abuse and Sexual Violence Partnership to "
      "increase reporting and reduce the number of repeat incidents."],
     [("Incidents of violence against the person", LOWER),
      ("Powers used under the ASB, Crime and Policing Act 2014 against alcohol related "
       "disorder", HIGHER),
      ("Reports of incidents of sexual violence", HIGHER),
      ("Reports of hate crime", HIGHER),
      ("Repeat victims of domestic abuse", LOWER)]),
    (4, "Modern Day Slavery", PriorityKind.THEMATIC, RiskLevel.NONE,
     "The Modern Slavery Act 2015 received royal assent on 26th March 2015. In June 2014, "
     "Operation Lynx resulted in eight people being arrested in Huntingdonshire for crimes in "
     "relation to labour exploitation and human trafficking, so it is clear that these crimes "
     "happen in our District.",
     ["Raise awareness about Modern Day Slavery, what it is and the part that communities "
      "play in identifying potential victims.",
      "Ensure professionals are aware of how to report victims.",
      "Target resources into priority areas.",
      "Create a sustainable multi-agency method of identifying and targeting addresses where "
      "victims may be held.",
      "Provide training for professionals.",
      "Work with vulnerable communities.",
      "Work with recruitment agencies and employers to raise awareness.",
      "Creation of a volunteer service to support new arrivals from the EU to the UK."],
     [("Reports of potential victims and suspicious addresses", HIGHER),
      ("Perpetrators brought to justice", HIGHER),
      ("Modern slavery training sessions delivered", HIGHER),
      ("Support service created", HIGHER)]),
]

HUNTS_REFRESH_NOTE = (
    "Year two of the three year plan. The refresh identifies achievements from the last 12 "
    "months and keeps the focus on victims and vulnerabilities: strong, resilient, cohesive "
    "communities (including the new Prevent duty), high and medium risk victims of "
    "anti-social behaviour, child sexual exploitation, violence against the person and "
    "modern day slavery.")

# Seed 004 Fig 1.1: H&B recorded offences 2015/16 and 2016/17, LLR year-on-year change (%) and
# 2-year trends as published (the LLR figures themselves are not given).
BHB_FIGURES: list[tuple[str, int, int, str, str, str]] = [
    ("Total crime", 4746, 5433, "13", "up", "up"),
    ("Domestic burglary", 296, 354, "1.7", "up", "up"),
    ("Theft from motor vehicle", 561, 673, "7", "up", "up"),
    ("Theft of motor vehicle", 164, 193, "4.1", "up", "up"),
    ("Violence with injury", 337, 459, "32", "up", "up"),
    ("Domestic violence with injury", 121, 182, "49.8", "up", "up"),
    ("Criminal damage", 694, 716, "1.1", "up", "up"),
    ("Shoplifting", 505, 485, "9.1", "up", "up"),
    ("ASB reported (police data)", 1324, 1382, "10.4", "down", "down"),
]

ASSESSMENT_FINDINGS = "\n\n".join([
    "Since 2014, police recorded violent crime has been rising both nationally and locally "
    "(at the district and county level). Specifically there has been a steep rise in "
    "violence without injury.",
    "The Crime Survey of England and Wales does not reflect these rises, implying that the "
    "increases in police recorded crime result from changes to recording practices and are "
    "not reflecting rises in the number of crimes occurring.",
    "Violence related to gang involvement has been identified as a growing area of concern "
    "across the Youth Offending Service, with particular concern placed on the exposure of "
    "vulnerable young people to gang activity.",
    "Despite slight increases over the last twelve months, there have been long-term "
    "decreases in overall police recorded crime in Huntingdonshire as well as recorded "
    "incidents of anti-social behaviour.",
    "There were 43 police recorded crimes with a Child Sexual Exploitation marker applied in "
    "2016, an increase on 2015 (17), but the issue is still expected to be significantly "
    "under reported nationally.",
    "A growing area of concern is cybercrime: in 2016 there were 66 crimes in Huntingdonshire "
    "where a cyber-crime marker was applied, a 50% increase on 2015.",
    "In 2016 there were 87 police recorded crimes with a hate crime marker applied in "
    "Huntingdonshire, a 16% increase on 2015.",
])

# (text, title of the priority it relates to or None)
ASSESSMENT_RECOMMENDATIONS: list[tuple[str, str | None]] = [
    ("Review the impacts of the latest Home Office Recording Standards at a later date, "
     "especially changes to the reporting protocol now in place for schools.",
     "Tackling Violence Against the Person"),
    ("Violence should remain a priority for the Partnership, with a focus on vulnerability to "
     "tackle children and young people becoming involved in gang related violence.",
     "Tackling Violence Against the Person"),
    ("Change the focus of the Child Sexual Exploitation task and finish group to include "
     "vulnerable people exposed to wider exploitation and violence through gang association, "
     "in line with the LSCB.", "Child Sexual Exploitation"),
    ("The Oxmoor task and finish group should take a similar focus on gang vulnerability.",
     None),
    ("Support the Local Safeguarding Children Board by focusing on early intervention and "
     "awareness raising around alternatives to gang association.", None),
    ("Keep some focus on anti-social behaviour, concentrating on vulnerabilities: mental "
     "health, learning disabilities and substance misuse feature highly in high and medium "
     "risk cases.", "High and Medium Risk Victims of Anti-Social Behaviour"),
    ("Focus on prevention of cybercrime through awareness raising of cyber security, "
     "particularly cyber-enabled child sexual exploitation, revenge porn and the dangers of "
     "sharing sexual content among children, young people and parents/carers.",
     "Child Sexual Exploitation"),
    ("Continue to monitor community cohesion and hate crime, using the County Council "
     "Community Resilience Strategy to identify areas for improvement at a local level.", None),
]

# Seed 002 document schedule for 2016/17: (quarter, theme, presentation month).
ASSESSMENT_SCHEDULE = [
    ("Q1", "Domestic Abuse", datetime.date(2016, 7, 1)),
    ("Q2", "Oxmoor", datetime.date(2016, 10, 1)),
    ("Q3", "Child Sexual Exploitation", datetime.date(2017, 1, 1)),
]


ILLUSTRATIVE_SOURCE = ("Illustrative figures made up for the demo (seed 000 gives only "
                      "percentage changes): not real data")


def load_demo(stdout: Any, today: datetime.date) -> None:
    hunts = Partnership.objects.get(slug="huntingdonshire")
    bhb = Partnership.objects.get(slug="blaby-hinckley-bosworth")
    history = _hunts_plan(hunts)
    _bhb_figures(bhb)
    _hunts_assessments(hunts, history)
    current = _hunts_current_plan(hunts, history, today)
    _hunts_illustrative_figures(hunts, current, today)
    stdout.write("Priorities: Huntingdonshire plans 2014-17 (superseded) and current, H&B "
                 "performance figures, strategic assessment loaded.")


def current_plan_years(today: datetime.date) -> tuple[FinancialYear, FinancialYear]:
    """The demo's current plan: three years starting with the financial year of ``today``."""
    first = FinancialYear.containing(today)
    return first, FinancialYear(first.start_year + 2)


def _hunts_current_plan(hunts: Partnership, history: dict[str, Priority],
                        today: datetime.date) -> dict[str, Priority]:
    """Seed 000's priorities carried forward into a refreshed plan adopted this year."""
    first, last = current_plan_years(today)
    # Only one adopted plan per partnership: every other plan is superseded first.
    for other in (CommunitySafetyPlan.objects.filter(partnership=hunts, status=PlanStatus.ADOPTED)
                  .exclude(start_year=first.start_year, version=1)):
        other.status = PlanStatus.SUPERSEDED
        other.superseded_on = (datetime.date(2017, 4, 1) if other.start_year == 2014
                               else first.starts_on)
        other.save(update_fields=["status", "superseded_on"])
    old_plan = next(iter(history.values())).plan
    plan, _ = CommunitySafetyPlan.objects.update_or_create(
        partnership=hunts, start_year=first.start_year, version=1,
        defaults={"title": f"Huntingdonshire Community Safety Plan {first.start_year}-"
                           f"{str(last.start_year + 1)[-2:]}",
                  "end_year": last.start_year, "status": PlanStatus.ADOPTED,
                  "adopted_on": first.starts_on, "previous": None,
                  "introduction": "Seed 000's priorities carried forward: a continued focus on "
                                  "victims and vulnerability."})
    found: dict[str, Priority] = {}
    for title, old in history.items():
        priority, _ = Priority.objects.update_or_create(
            plan=plan, title=title, defaults={"order": old.order, "kind": old.kind,
                                              "risk_level": old.risk_level,
                                              "description": old.description,
                                              "carried_from": old})
        for aim in old.aims.all():
            Aim.objects.update_or_create(priority=priority, order=aim.order,
                                         defaults={"text": aim.text})
        found[title] = priority
    # The measures follow their priority into the current plan.
    for measure in PerformanceMeasure.objects.filter(partnership=hunts, priority__plan=old_plan):
        measure.priority = found[measure.priority.title]
        measure.save(update_fields=["priority"])
    return found


def _hunts_illustrative_figures(hunts: Partnership, current: dict[str, Priority],
                                today: datetime.date) -> None:
    """Three completed financial years of made-up but plausible figures per measure."""
    this_year = FinancialYear.containing(today)
    years = [FinancialYear(this_year.start_year - back) for back in (3, 2, 1)]
    for measure in PerformanceMeasure.objects.filter(partnership=hunts, priority__plan__in={
            p.plan_id for p in current.values()}):
        measure.data_source = ILLUSTRATIVE_SOURCE
        measure.unit = measure.unit or "count"
        measure.save(update_fields=["data_source", "unit"])
        base = 40 + zlib.crc32(measure.name.encode()) % 460
        for step, year in enumerate(years):
            # Alternate improving and worsening measures, a few per cent a year.
            drift = (1 + (step * (3 + base % 5)) / 100) if base % 2 else (1 - step * 0.04)
            period = Period(year)
            MeasureValue.objects.update_or_create(
                measure=measure, period=period.key,
                defaults={"period_start": period.starts_on, "value": Decimal(round(base * drift))})


def _hunts_plan(hunts: Partnership) -> dict[str, Priority]:
    plan, _ = CommunitySafetyPlan.objects.update_or_create(
        partnership=hunts, start_year=2014, version=1,
        defaults={"title": "Huntingdonshire Community Safety Plan 2014-17", "end_year": 2016,
                  # History: superseded when its three years ended (the current plan follows).
                  "status": PlanStatus.SUPERSEDED, "superseded_on": datetime.date(2017, 4, 1),
                  "adopted_on": datetime.date(2014, 4, 1),
                  "introduction": "The Partnership's fifth Community Safety Plan: a focus on "
                                  "victims and vulnerability."})
    PlanRefresh.objects.update_or_create(plan=plan, refreshed_on=datetime.date(2015, 7, 1),
                                         defaults={"note": HUNTS_REFRESH_NOTE})
    found: dict[str, Priority] = {}
    order = 0
    for number, title, kind, risk, description, aims, measures in HUNTS_PRIORITIES:
        priority, _ = Priority.objects.update_or_create(
            plan=plan, title=title, defaults={"order": number, "kind": kind, "risk_level": risk,
                                              "description": description})
        found[title] = priority
        for index, text in enumerate(aims, 1):
            Aim.objects.update_or_create(priority=priority, order=index, defaults={"text": text})
        for name, polarity in measures:
            order += 1
            PerformanceMeasure.objects.update_or_create(
                partnership=hunts, name=name,
                defaults={"priority": priority, "polarity": polarity, "order": order,
                          "unit": "", "frequency": Frequency.ANNUAL})
    return found


def _bhb_figures(bhb: Partnership) -> None:
    previous, current = Period(FinancialYear(2015)), Period(FinancialYear(2016))
    for order, (name, before, after, llr_pct, trend, llr_trend) in enumerate(BHB_FIGURES, 1):
        measure, _ = PerformanceMeasure.objects.update_or_create(
            partnership=bhb, name=name,
            defaults={"order": order, "polarity": LOWER, "frequency": Frequency.ANNUAL,
                      "unit": "incidents reported" if name.startswith("ASB") else
                      "recorded offences",
                      "data_source": "Leicestershire Police recorded crime, Hinckley and "
                                     "Bosworth; comparator LLR = Leicester, Leicestershire "
                                     "and Rutland (force-wide)",
                      "comparator_area": "LLR"})
        for period, value, stated in ((previous, before, None), (current, after, llr_pct)):
            MeasureValue.objects.update_or_create(
                measure=measure, period=period.key,
                defaults={"period_start": period.starts_on, "value": Decimal(value),
                          "stated_comparator_change_pct": Decimal(stated) if stated else None,
                          "stated_trend": trend if stated else "",
                          "stated_comparator_trend": llr_trend if stated else ""})


def _hunts_assessments(hunts: Partnership, priorities: dict[str, Priority]) -> None:
    author = Organisation.objects.filter(partnership=hunts,
                                         name="Cambridgeshire County Council").first()
    for part, theme, presented in ASSESSMENT_SCHEDULE:
        StrategicAssessment.objects.update_or_create(
            partnership=hunts, year=2016, part=part, theme=theme,
            defaults={"title": f"Community Safety Strategic Assessment 2016/17 - {theme}",
                      "author_organisation": author, "due_on": presented,
                      "published_on": presented})
    assessment, _ = StrategicAssessment.objects.update_or_create(
        partnership=hunts, year=2016, part=AssessmentPeriod.Q4, theme="Violence",
        defaults={
            "title": "Community Safety Strategic Assessment 2016/17 - Violence",
            "author_organisation": author,
            "due_on": datetime.date(2017, 4, 1),  # presented to the Partnership in April 2017
            "published_on": datetime.date(2017, 3, 31),  # "Date created: March 2017"
            "summary": "The fourth document for 2016/17, produced by Cambridgeshire Research "
                       "Group: a focus on violence and a brief end of year review.",
            "key_findings": ASSESSMENT_FINDINGS,
        })
    for order, (text, priority_title) in enumerate(ASSESSMENT_RECOMMENDATIONS, 1):
        Recommendation.objects.update_or_create(
            assessment=assessment, order=order,
            defaults={"text": text,
                      "priority": priorities.get(priority_title) if priority_title else None})
