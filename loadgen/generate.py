"""A national-size dataset for benchmarks: ``manage.py generate_load``.

Per partnership: organisations, people (a coordinator, a DHR coordinator, a finance officer,
board members and lead officers), an adopted plan with priorities, aims and about 200 measures
(half quarterly, half annual) with values for every year, five action plans a year of 60
actions each with four quarterly updates, awards (two streams a year) with budget lines, spend
and six-monthly returns, ten reviews and twenty meetings (four a year) with agendas and papers.
OPCC offices each cover four partnerships.

Deterministic: the same arguments give the same rows (a seeded ``random.Random``, dates from
``today`` and no clock reads). Written with ``bulk_create`` in one transaction, inside one
``pghistory.context`` (the audit triggers run as for any write, and stay cheap per row).
Everything it makes is named ``Load …`` / ``load-…`` so a database can hold it beside the demo.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pghistory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from partnership.models import (
    AgendaItem,
    Meeting,
    Membership,
    Organisation,
    OrganisationKind,
    Paper,
    Partnership,
    PccOffice,
    Role,
    User,
)
from partnership.periods import FinancialYear

SLUG_PREFIX = "load-"
MEASURES = 200
PLANS_PER_YEAR = 5
ACTIONS_PER_PLAN = 60
LEAD_OFFICERS = 20
BOARD_MEMBERS = 5
PARTNERSHIPS_PER_OPCC = 4
STREAMS = ("Load Community Safety Fund", "Load Locality Fund")
LINES_PER_AWARD = 20
SPEND_PER_LINE = 6
REVIEWS = 10
MEETINGS_PER_YEAR = 4
AGENDA_ITEMS = 5
PAPER_PATH = "papers/load/paper.pdf"
# A one-page PDF: every generated paper points at this one file.
PAPER_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")
ORG_KINDS = [OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.POLICE,
             OrganisationKind.FIRE_AND_RESCUE, OrganisationKind.PROBATION,
             OrganisationKind.HEALTH, OrganisationKind.HOUSING, OrganisationKind.VOLUNTARY,
             OrganisationKind.YOUTH_JUSTICE]
BATCH = 5000
# Nobody signs in as a generated user with a password ("!" marks it unusable, as Django's own).
UNUSABLE_PASSWORD = "!generated-load-user"  # noqa: S105


class LoadError(Exception):
    pass


@dataclass
class Counts:
    """What was made (the command prints it; the tests check it)."""

    made: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, rows: list[Any]) -> list[Any]:
        self.made[name] = self.made.get(name, 0) + len(rows)
        return rows


def _bulk(counts: Counts, model: Any, rows: list[Any]) -> list[Any]:
    return counts.add(model._meta.label, model.objects.bulk_create(rows, batch_size=BATCH))


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _without_triggers() -> None:
    """Skip triggers for this transaction when the database role may (a superuser: the
    embedded server's): the audit trail of generated rows is not needed, and the load is
    several times faster. Elsewhere the triggers run (and audit every generated row)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def generate(*, partnerships: int, years: int, seed: int, today: datetime.date) -> Counts:
    """Make the dataset (see the module docstring). Refuses when one is already there."""
    if partnerships < 1 or years < 1:
        raise LoadError("--partnerships and --years must be at least 1.")
    if Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise LoadError("This database already holds a generated dataset (partnerships "
                        f"named {SLUG_PREFIX}…): use a fresh database.")
    rng = random.Random(seed)
    counts = Counts()
    last = FinancialYear.containing(today).start_year
    year_starts = list(range(last - years + 1, last + 1))
    if not default_storage.exists(PAPER_PATH):
        default_storage.save(PAPER_PATH, ContentFile(PAPER_PDF))
    with transaction.atomic(), pghistory.context(reason="generate_load"):
        _without_triggers()
        offices = _bulk(counts, PccOffice, [
            PccOffice(name=f"Load OPCC {n + 1:03d}", police_force_area=f"Load force {n + 1:03d}",
                      commissioner=f"Commissioner {n + 1}")
            for n in range(-(-partnerships // PARTNERSHIPS_PER_OPCC))])
        _bulk(counts, User, [
            User(email=f"opcc{n + 1:03d}@load.example", full_name=f"OPCC officer {n + 1}",
                 opcc_office=office, password=UNUSABLE_PASSWORD, date_joined=_at(today))
            for n, office in enumerate(offices)])
        made = _bulk(counts, Partnership, [
            Partnership(name=f"Load CSP {n + 1:03d}", slug=f"{SLUG_PREFIX}{n + 1:03d}",
                        area=f"Load district {n + 1}",
                        police_force_area=offices[n // PARTNERSHIPS_PER_OPCC].police_force_area,
                        pcc_office=offices[n // PARTNERSHIPS_PER_OPCC])
            for n in range(partnerships)])
        from funding.models import FundingStream

        streams = _bulk(counts, FundingStream, [
            FundingStream(name=name, awarding_body="Load OPCC") for name in STREAMS
            if not FundingStream.objects.filter(name=name).exists()]) or list(
            FundingStream.objects.filter(name__in=STREAMS).order_by("name"))
        for partnership in made:
            _partnership(counts, rng, partnership, year_starts, streams, today)
    return counts


def _partnership(counts: Counts, rng: random.Random, p: Partnership, year_starts: list[int],
                 streams: list[Any], today: datetime.date) -> None:
    orgs = _bulk(counts, Organisation, [
        Organisation(partnership=p, name=f"{kind.label} {p.slug}", kind=kind)
        for kind in ORG_KINDS])
    people: list[tuple[str, str, list[Role]]] = [
        ("coordinator", "Coordinator", [Role.COORDINATOR]),
        ("dhr", "DHR coordinator", [Role.DHR_COORDINATOR]),
        ("finance", "Finance officer", [Role.FINANCE_OFFICER]),
        *[(f"board{i + 1}", f"Board member {i + 1}", [Role.BOARD_MEMBER])
          for i in range(BOARD_MEMBERS)],
        *[(f"lead{i + 1}", f"Lead officer {i + 1}", [Role.LEAD_OFFICER])
          for i in range(LEAD_OFFICERS)],
    ]
    users = _bulk(counts, User, [
        User(email=f"{local}@{p.slug}.load.example", full_name=f"{name} ({p.name})",
             password=UNUSABLE_PASSWORD, date_joined=_at(today)) for local, name, _ in people])
    _bulk(counts, Membership, [
        Membership(user=user, partnership=p, organisation=orgs[i % len(orgs)], roles=roles)
        for i, (user, (_, _, roles)) in enumerate(zip(users, people, strict=True))])
    coordinator, dhr, finance = users[0], users[1], users[2]
    leads = users[3 + BOARD_MEMBERS:]
    priorities = _plan(counts, rng, p, year_starts, orgs)
    periods = _meetings(counts, rng, p, year_starts, coordinator)
    _actions(counts, rng, p, year_starts, priorities, orgs, leads, coordinator, periods)
    _funding(counts, rng, p, year_starts, streams, orgs, priorities, finance)
    _reviews(counts, rng, p, year_starts, dhr)


def _plan(counts: Counts, rng: random.Random, p: Partnership, year_starts: list[int],
          orgs: list[Organisation]) -> list[Any]:
    from priorities.models import (
        Aim,
        CommunitySafetyPlan,
        Frequency,
        MeasureValue,
        PerformanceMeasure,
        Polarity,
        Priority,
    )

    plan = _bulk(counts, CommunitySafetyPlan, [CommunitySafetyPlan(
        partnership=p, title=f"{p.name} community safety plan", start_year=year_starts[0],
        end_year=year_starts[-1], status="adopted",
        adopted_on=datetime.date(year_starts[0], 4, 1))])[0]
    priorities = _bulk(counts, Priority, [
        Priority(plan=plan, order=i + 1, title=f"Priority {i + 1}: {theme}",
                 lead_organisation=orgs[i % len(orgs)])
        for i, theme in enumerate(["Violence", "Anti-social behaviour", "Acquisitive crime",
                                   "Domestic abuse", "Reoffending"][:PLANS_PER_YEAR])])
    _bulk(counts, Aim, [Aim(priority=priority, order=j + 1, text=f"Aim {j + 1} of {priority.title}")
                        for priority in priorities for j in range(3)])
    measures = _bulk(counts, PerformanceMeasure, [
        PerformanceMeasure(
            partnership=p, priority=priorities[i % len(priorities)] if i % 10 else None,
            order=i, name=f"Measure {i + 1:03d}",
            frequency=Frequency.QUARTERLY if i % 2 == 0 else Frequency.ANNUAL,
            polarity=Polarity.LOWER_IS_BETTER if i % 3 else Polarity.HIGHER_IS_BETTER,
            target=Decimal(rng.randint(100, 5000)) if i % 4 else None,
            comparator_area="Load force area", data_source="Load data")
        for i in range(MEASURES)])
    values = []
    for measure in measures:
        level = rng.randint(80, 6000)
        for year in year_starts:
            fy = FinancialYear(year)
            if measure.frequency == Frequency.QUARTERLY:
                for q in range(1, 5):
                    key = f"{fy.label}-Q{q}"
                    starts = datetime.date(year + (q == 4), (3 * q + 1) % 12 or 12, 1)
                    values.append(MeasureValue(
                        measure=measure, period=key, period_start=starts,
                        value=Decimal(max(1, level // 4 + rng.randint(-30, 30))),
                        recorded_at=_at(starts)))
            values.append(MeasureValue(
                measure=measure, period=fy.label, period_start=datetime.date(year, 4, 1),
                value=Decimal(max(1, level + rng.randint(-200, 200))),
                comparator_value=Decimal(level + rng.randint(-300, 300)),
                recorded_at=_at(datetime.date(year + 1, 4, 30))))
    _bulk(counts, MeasureValue, values)
    return priorities


def _meetings(counts: Counts, _rng: random.Random, p: Partnership, year_starts: list[int],
              coordinator: User) -> dict[int, list[Any]]:
    from actionplans.models import ReportingPeriod

    meetings = []
    for year in year_starts:
        for q in range(1, MEETINGS_PER_YEAR + 1):
            day = datetime.date(year + (q == 4), ((3 * q + 1) % 12 or 12) + 2, 15)
            meetings.append(Meeting(partnership=p, title=f"Partnership meeting {year} Q{q}",
                                    starts_at=_at(day), location="Council chamber",
                                    minutes="Minutes." if day < datetime.date(year_starts[-1], 4, 1)
                                    else "", content_changed_at=_at(day)))
    meetings = _bulk(counts, Meeting, meetings)
    items = _bulk(counts, AgendaItem, [
        AgendaItem(meeting=meeting, order=i + 1, title=f"Item {i + 1}", owner=coordinator,
                   summary=f"Item {i + 1} of {meeting.title}")
        for meeting in meetings for i in range(AGENDA_ITEMS)])
    _bulk(counts, Paper, [
        Paper(agenda_item=item, title=f"Paper for {item.title}", file=PAPER_PATH,
              original_name="paper.pdf", content_type="application/pdf", size=len(PAPER_PDF),
              uploaded_by=coordinator, uploaded_at=item.meeting.starts_at)
        for item in items if item.order <= 2])
    periods: dict[int, list[Any]] = {}
    rows = []
    for n, meeting in enumerate(meetings):
        year = year_starts[n // MEETINGS_PER_YEAR]
        q = n % MEETINGS_PER_YEAR + 1
        rows.append(ReportingPeriod(
            partnership=p, period=f"{FinancialYear(year).label}-Q{q}", meeting=meeting,
            deadline=timezone.localdate(meeting.starts_at) - datetime.timedelta(days=14)))
    for n, period in enumerate(_bulk(counts, ReportingPeriod, rows)):
        periods.setdefault(year_starts[n // MEETINGS_PER_YEAR], []).append(period)
    return periods


def _actions(counts: Counts, rng: random.Random, p: Partnership, year_starts: list[int],
             priorities: list[Any], orgs: list[Organisation], leads: list[User],
             coordinator: User, periods: dict[int, list[Any]]) -> None:
    from actionplans.models import Action, ActionPlan, ActionUpdate, OwnerKind
    from actionplans.rag import ActionStatus, Rag

    plans = _bulk(counts, ActionPlan, [
        ActionPlan(partnership=p, year=year, title=f"{priority.title} {year}",
                   owner_kind=OwnerKind.PRIORITY, priority=priority,
                   reference_prefix=f"P{i + 1}", status="live" if year == year_starts[-1]
                   else "closed")
        for year in year_starts for i, priority in enumerate(priorities)])
    statuses = [ActionStatus.IN_PROGRESS] * 5 + [ActionStatus.NOT_STARTED,
                                                  ActionStatus.COMPLETE]
    rags = [Rag.GREEN] * 5 + [Rag.AMBER, Rag.AMBER, Rag.RED]
    actions = []
    for plan in plans:
        for n in range(ACTIONS_PER_PLAN):
            rag = rng.choice(rags)
            actions.append(Action(
                plan=plan, partnership=p, reference=f"{plan.reference_prefix}.{n + 1}",
                description=f"Load action {n + 1} of {plan.title}: " + " ".join(
                    rng.choice(["reduce", "partner", "engage", "review", "deliver", "target",
                                "support", "monitor"]) for _ in range(12)),
                lead_officer=leads[(n + rng.randint(0, 3)) % len(leads)],
                lead_organisation=orgs[n % len(orgs)],
                start_on=datetime.date(plan.year, 4, 1),
                due_on=datetime.date(plan.year + 1, 3, 31) - datetime.timedelta(
                    days=rng.randint(0, 200)),
                status=rng.choice(statuses), percent_complete=rng.randint(0, 100),
                derived_rag=rag, rag=rag))
    actions = _bulk(counts, Action, actions)
    updates = []
    for action in actions:
        for period in periods.get(action.plan.year, []):
            submitted = timezone.localdate(period.meeting.starts_at) - datetime.timedelta(days=20)
            updates.append(ActionUpdate(
                action=action, period=period, progress=f"Progress on {action.reference}.",
                percent_complete=action.percent_complete, proposed_rag=action.rag,
                state="accepted" if submitted < datetime.date(year_starts[-1], 10, 1)
                else "submitted", submitted_by=action.lead_officer, submitted_at=_at(submitted),
                reviewed_by=coordinator if submitted < datetime.date(year_starts[-1], 10, 1)
                else None, created_at=_at(submitted)))
    _bulk(counts, ActionUpdate, updates)


def _funding(counts: Counts, rng: random.Random, p: Partnership, year_starts: list[int],
             streams: list[Any], orgs: list[Organisation], priorities: list[Any],
             finance: User) -> None:
    from funding.models import (
        BudgetLine,
        GrantAward,
        GrantReturn,
        GrantReturnLine,
        Kind,
        ReturnDue,
        Spend,
        default_schedule,
    )

    awards = []
    for year in year_starts:
        for stream in streams:
            revenue = Decimal(rng.randint(20, 60) * 1000)
            capital = Decimal(rng.randint(0, 10) * 1000)
            awards.append(GrantAward(partnership=p, stream=stream, year_start=year,
                                     revenue_amount=revenue, capital_amount=capital,
                                     amount=revenue + capital,
                                     created_at=_at(datetime.date(year, 4, 1))))
    awards = _bulk(counts, GrantAward, awards)
    _bulk(counts, ReturnDue, [ReturnDue(award=award, part=part, due_on=due)
                              for award in awards
                              for part, due in default_schedule(FinancialYear(award.year_start))])
    lines = []
    for award in awards:
        # The capital amount on one line, the revenue split over the others to the penny.
        revenue_lines = LINES_PER_AWARD - (1 if award.capital_amount else 0)
        share = (award.revenue_amount / revenue_lines).quantize(Decimal("0.01"))
        for n in range(LINES_PER_AWARD):
            if award.capital_amount and n == LINES_PER_AWARD - 1:
                kind, budget = Kind.CAPITAL, award.capital_amount
            else:
                kind = Kind.REVENUE
                budget = share if n < revenue_lines - 1 else (
                    award.revenue_amount - share * (revenue_lines - 1))
            lines.append(BudgetLine(award=award, title=f"Line {n + 1}", kind=kind,
                                    lead_organisation=orgs[n % len(orgs)],
                                    priority=priorities[n % len(priorities)], budget=budget,
                                    order=n))
    lines = _bulk(counts, BudgetLine, lines)
    spend = []
    for line in lines:
        year = line.award.year_start
        for k in range(SPEND_PER_LINE):
            month = (4 + 2 * k - 1) % 12 + 1  # April, June, … February
            day = datetime.date(year + (month < 4), month, 10)
            spend.append(Spend(line=line, spent_on=day,
                               amount=Decimal(rng.randint(100, 2000)), recorded_by=finance,
                               description=f"Invoice {k + 1} for {line.title}",
                               reference=f"INV-{k + 1}", recorded_at=_at(day)))
    _bulk(counts, Spend, spend)
    returns = []
    for award in awards:
        for part in ("H1", "H2"):
            due = datetime.date(award.year_start + (part == "H2"), 10 if part == "H1" else 4, 1)
            returns.append(GrantReturn(
                award=award, part=part, status="accepted" if award.year_start < year_starts[-1]
                else "submitted", summary=f"{part} return for {award}",
                no_personal_data=True, created_by=finance, created_at=_at(due),
                submitted_by=finance, submitted_at=_at(due)))
    returns = _bulk(counts, GrantReturn, returns)
    by_award: dict[int, list[Any]] = {}
    for line in lines:
        by_award.setdefault(line.award_id, []).append(line)
    _bulk(counts, GrantReturnLine, [
        GrantReturnLine(grant_return=ret, budget_line=line, kind=line.kind, title=line.title,
                        budget=line.budget, actual_to_date=(line.budget / 2).quantize(
                            Decimal("0.01")), forecast=line.budget, outputs="Outputs.")
        for ret in returns for line in by_award[ret.award_id]])


def _reviews(counts: Counts, rng: random.Random, p: Partnership, year_starts: list[int],
             dhr: User) -> None:
    from reviews.models import AbuseTheme, Review

    themes = list(AbuseTheme)
    rows = []
    for n in range(REVIEWS):
        year = year_starts[n % len(year_starts)]
        died = datetime.date(year, 5 + n % 6, 1 + n)
        rows.append(Review(partnership=p, year=year, number=n // len(year_starts) + 1,
                           pseudonym=f"Adult {chr(65 + n)}", died_on=died,
                           notified_on=died + datetime.timedelta(days=rng.randint(1, 20)),
                           notifying_body="Load police", themes=[rng.choice(themes).value],
                           created_by=dhr, created_at=_at(died + datetime.timedelta(days=21))))
    _bulk(counts, Review, rows)
