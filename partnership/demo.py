"""Demo data from the seed documents (Huntingdonshire CSP; Blaby and Hinckley & Bosworth CSP).

Idempotent: every object is found by a natural key and updated, never duplicated.
The demo passwords are published in the README: `load_demo` refuses to run in production.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from .models import (
    AgendaItem,
    GroupMember,
    Meeting,
    MeetingAction,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PccOffice,
    Role,
    SubGroup,
    SubGroupKind,
    User,
)

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - published demo password, refused in production

K = OrganisationKind
# Seed 001 §3.1: the organisations in the wider Huntingdonshire partnership (Primary Care
# Trust duties now sit with the Integrated Care Board).
HUNTS_ORGANISATIONS = [
    ("Huntingdonshire District Council", K.LOCAL_AUTHORITY),
    ("Cambridgeshire County Council", K.LOCAL_AUTHORITY),
    ("Cambridgeshire Constabulary", K.POLICE),
    ("Cambridgeshire Fire and Rescue Service", K.FIRE_AND_RESCUE),
    ("Probation Service", K.PROBATION),
    ("Cambridgeshire and Peterborough Integrated Care Board", K.HEALTH),
    ("Luminus Group", K.HOUSING),
    ("Youth Offending Service", K.YOUTH_JUSTICE),
    ("Crown Prosecution Service", K.CRIMINAL_JUSTICE),
    ("Addaction", K.VOLUNTARY),
    ("DialDrugLink Drinksense", K.VOLUNTARY),
    ("Huntingdonshire Business Against Crime", K.BUSINESS),
    ("Cambridgeshire Drug and Alcohol Action Team", K.OTHER),
    ("Office of Children and Young People", K.EDUCATION),
    ("Victim Support", K.VOLUNTARY),
]
# Seed 004 §4.2: the responsible authorities of Blaby and Hinckley and Bosworth CSP.
BHB_ORGANISATIONS = [
    ("Blaby District Council", K.LOCAL_AUTHORITY),
    ("Hinckley and Bosworth Borough Council", K.LOCAL_AUTHORITY),
    ("Leicestershire County Council", K.LOCAL_AUTHORITY),
    ("Leicestershire Police", K.POLICE),
    ("Leicestershire Fire and Rescue Service", K.FIRE_AND_RESCUE),
    ("Leicester, Leicestershire and Rutland Integrated Care Board", K.HEALTH),
    ("Probation Service (Leicestershire)", K.PROBATION),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    job_title: str
    partnership: str | None  # slug
    organisation: str | None
    roles: tuple[Role, ...] = ()
    opcc: str | None = None  # police force area
    superuser: bool = False


DEMO_USERS = [
    DemoUser("admin@csp-portal.example", "Sam Admin", "System administrator", None, None,
             superuser=True),
    DemoUser("coordinator@huntingdonshire.example", "Claire Cooper", "Community Safety Manager",
             "huntingdonshire", "Huntingdonshire District Council", (Role.COORDINATOR,)),
    DemoUser("lead.officer@huntingdonshire.example", "Liam Lewis", "Police Inspector",
             "huntingdonshire", "Cambridgeshire Constabulary", (Role.LEAD_OFFICER,)),
    DemoUser("asb.manager@huntingdonshire.example", "Asha Begum", "ASB and Community Safety Officer",
             "huntingdonshire", "Huntingdonshire District Council", (Role.LEAD_OFFICER,)),
    DemoUser("board.member@huntingdonshire.example", "Bernard Hale", "Chief Inspector",
             "huntingdonshire", "Cambridgeshire Constabulary", (Role.BOARD_MEMBER,)),
    DemoUser("finance@huntingdonshire.example", "Fiona Ng", "Finance Officer",
             "huntingdonshire", "Huntingdonshire District Council", (Role.FINANCE_OFFICER,)),
    DemoUser("dhr@huntingdonshire.example", "Dev Rao", "DHR Coordinator",
             "huntingdonshire", "Huntingdonshire District Council", (Role.DHR_COORDINATOR,)),
    DemoUser("viewer@huntingdonshire.example", "Vera Quinn", "Youth Offending Service Manager",
             "huntingdonshire", "Youth Offending Service", (Role.VIEWER,)),
    DemoUser("coordinator@blaby-hinckley.example", "Sharon Stacey", "Community Safety Co-ordinator",
             "blaby-hinckley-bosworth", "Hinckley and Bosworth Borough Council",
             (Role.COORDINATOR,)),
    DemoUser("lead.officer@blaby-hinckley.example", "Priya Patel", "Neighbourhood Policing Inspector",
             "blaby-hinckley-bosworth", "Leicestershire Police", (Role.LEAD_OFFICER,)),
    DemoUser("opcc@cambridgeshire-pcc.example", "Olivia Carter", "Commissioning Officer",
             None, None, opcc="Cambridgeshire"),
    DemoUser("opcc@leicestershire-pcc.example", "Oscar Lund", "Partnerships Officer",
             None, None, opcc="Leicestershire"),
]


def _pcc_offices() -> dict[str, PccOffice]:
    offices = {}
    for area, name, commissioner in [
        ("Cambridgeshire", "Office of the Police and Crime Commissioner for Cambridgeshire and "
                           "Peterborough", "Sir Graham Bright"),
        ("Leicestershire", "Office of the Police and Crime Commissioner for Leicester, "
                           "Leicestershire and Rutland", ""),
    ]:
        offices[area], _ = PccOffice.objects.update_or_create(
            police_force_area=area, defaults={"name": name, "commissioner": commissioner})
    return offices


def _partnerships(offices: dict[str, PccOffice]) -> dict[str, Partnership]:
    hunts, _ = Partnership.objects.update_or_create(slug="huntingdonshire", defaults={
        "name": "Huntingdonshire Community Safety Partnership", "area": "Huntingdonshire",
        "local_authorities": "Huntingdonshire District Council\nCambridgeshire County Council",
        "police_force_area": "Cambridgeshire", "pcc_office": offices["Cambridgeshire"],
        "contact_email": "communitysafety@huntingdonshire.example"})
    bhb, _ = Partnership.objects.update_or_create(slug="blaby-hinckley-bosworth", defaults={
        "name": "Blaby and Hinckley and Bosworth Community Safety Partnership",
        "area": "Blaby and Hinckley and Bosworth",
        "local_authorities": "Blaby District Council\nHinckley and Bosworth Borough Council\n"
                             "Leicestershire County Council",
        "police_force_area": "Leicestershire", "pcc_office": offices["Leicestershire"],
        "comparator_area_description": "LLR: Leicester, Leicestershire and Rutland",
        "contact_email": "communitysafety@blaby-hinckley.example"})
    for partnership, organisations in ((hunts, HUNTS_ORGANISATIONS), (bhb, BHB_ORGANISATIONS)):
        for name, kind in organisations:
            Organisation.objects.update_or_create(partnership=partnership, name=name,
                                                  defaults={"kind": kind})
    return {p.slug: p for p in (hunts, bhb)}


def _users(partnerships: dict[str, Partnership], offices: dict[str, PccOffice]) -> dict[str, User]:
    users = {}
    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first() or User(email=demo.email)
        user.full_name, user.job_title = demo.full_name, demo.job_title
        user.is_staff = user.is_superuser = demo.superuser
        user.opcc_office = offices[demo.opcc] if demo.opcc else None
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[demo.email] = user
        if demo.partnership:
            partnership = partnerships[demo.partnership]
            organisation = Organisation.objects.get(partnership=partnership, name=demo.organisation)
            Membership.objects.update_or_create(
                user=user, partnership=partnership,
                defaults={"roles": [role.value for role in demo.roles],
                          "organisation": organisation})
    return users


def _demo_pdf(lines: list[str]) -> bytes:
    """A small one-page PDF with text (a board paper), written by hand: no renderer needed."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -18 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 770 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _papers(meeting: Meeting, by: User) -> None:
    """The next board's open papers (the pack can be compiled straight away)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .models import Paper
    from .services import paper_upload

    for order, title, lines in [
        (2, "Action plan progress report", ["Action plan progress report",
                                            "Updates from lead officers for the last quarter."]),
        (4, "Violence strategic assessment: summary", ["Strategic assessment: violence",
                                                       "Summary of findings for the board."]),
    ]:
        item = meeting.agenda_items.filter(order=order).first()
        if item is None or Paper.objects.filter(agenda_item=item, title=title).exists():
            continue
        upload = SimpleUploadedFile(f"{title.split(':')[0].lower().replace(' ', '-')}.pdf",
                                    _demo_pdf(lines), content_type="application/pdf")
        paper_upload(item=item, by=by, title=title, upload=upload)


def _meetings(hunts: Partnership, users: dict[str, User], today: datetime.date) -> None:
    coordinator = users["coordinator@huntingdonshire.example"]
    lead = users["lead.officer@huntingdonshire.example"]
    asb = users["asb.manager@huntingdonshire.example"]
    cse, _ = SubGroup.objects.update_or_create(partnership=hunts, name="Child Sexual Exploitation",
        defaults={"kind": SubGroupKind.TASK_AND_FINISH, "chair": lead,
                  "reports_to": "Local Safeguarding Children Board",
                  "formed_on": datetime.date(2014, 9, 1), "status": "active",
                  "report_back_on": today + datetime.timedelta(days=60),
                  "remit": "A focused action plan on CSE, reporting to the Partnership and the "
                           "Local Safeguarding Children Board."})
    oxmoor, _ = SubGroup.objects.update_or_create(partnership=hunts, name="Oxmoor",
        defaults={"kind": SubGroupKind.TASK_AND_FINISH, "chair": asb,
                  "formed_on": datetime.date(2014, 10, 1), "status": "reporting",
                  "report_back_on": today - datetime.timedelta(days=7),
                  "remit": "All factors that make the Oxmoor area of Huntingdon vulnerable to "
                           "increases in crime, disorder and anti-social behaviour."})
    for t_and_f, chair in ((cse, lead), (oxmoor, asb)):
        GroupMember.objects.get_or_create(group=t_and_f, user=chair, organisation=None,
                                          defaults={"role": "lead"})
    next_board = timezone.make_aware(datetime.datetime.combine(
        today + datetime.timedelta(days=21), datetime.time(14, 0)))
    last_board = next_board - datetime.timedelta(days=91)
    board_items = [
        ("Apologies and minutes of the last meeting", coordinator, False),
        ("Action plan updates by priority", coordinator, False),
        ("Community Safety Fund: six-monthly return", users["finance@huntingdonshire.example"], False),
        ("Strategic assessment: violence", lead, False),
        ("Domestic Homicide Review: progress (confidential)", users["dhr@huntingdonshire.example"], True),
    ]
    cse_items = [
        ("Notes and actions of the last meeting", lead, False),
        ("Awareness raising plan: signs of CSE, LSCB-approved pathways", lead, False),
        ("Trades where CSE may be more likely: training for professionals", asb, False),
        ("Report back to the Partnership and the LSCB", lead, False),
    ]
    meetings = {}
    for title, starts_at, group in [
        ("Partnership board – next quarter", next_board, None),
        ("Partnership board – last quarter", last_board, None),
        ("CSE task and finish group", next_board - datetime.timedelta(days=7), cse),
        ("CSE task and finish group – previous meeting",
         next_board - datetime.timedelta(days=49), cse),
    ]:
        # Anchored to `today`: a later `load_demo --today` moves the meetings with it.
        meeting, _ = Meeting.objects.update_or_create(
            partnership=hunts, title=title, group=group,
            defaults={"starts_at": starts_at, "location": "Pathfinder House, Huntingdon"})
        meetings[title] = meeting
        if meeting.agenda_items.exists():
            if group is None and starts_at > last_board:
                _papers(meeting, coordinator)
            continue
        items = board_items if group is None else cse_items
        for order, (item_title, owner, confidential) in enumerate(items, start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, title=item_title, owner=owner,
                                      confidential=confidential)
        if group is None and starts_at > last_board:
            _papers(meeting, coordinator)
        if timezone.localtime(meeting.starts_at).date() >= today:
            continue
        if group is not None:
            meeting.minutes = ("Members agreed the half-term awareness campaign with the schools "
                               "and the list of trades for LSCB-approved training.")
            meeting.minutes_approved = True
            meeting.save()
            MeetingAction.objects.create(
                meeting=meeting, owner=lead, due_on=today + datetime.timedelta(days=14),
                description="Draft the group's report to the Partnership and the LSCB.")
            continue
        meeting.minutes = ("Members noted the 1% reduction in total crime and the 10% "
                           "increase in reported anti-social behaviour.")
        meeting.minutes_approved = True
        meeting.save()
        MeetingAction.objects.create(
            meeting=meeting, owner=asb, due_on=today + datetime.timedelta(days=14),
            description="Circulate the ASB problem solving group terms of reference.")
        MeetingAction.objects.create(
            meeting=meeting, owner=lead, due_on=today + datetime.timedelta(days=30),
            description="Bring Pub Watch and Traffic Light Scheme figures to the next board.")
    # The groups' reports to Partnership meetings: agenda items linked to the group.
    for meeting, group, title, owner in [
        (meetings["Partnership board – last quarter"], cse,
         "Report from the CSE task and finish group", lead),
        (meetings["Partnership board – next quarter"], oxmoor,
         "Oxmoor task and finish group: report back", asb),
    ]:
        if not meeting.agenda_items.filter(report_from=group).exists():
            top = meeting.agenda_items.aggregate(top=Max("order"))["top"] or 0
            AgendaItem.objects.create(meeting=meeting, order=top + 1, title=title, owner=owner,
                                      report_from=group)


def load(stdout: Any, today: datetime.date) -> dict[str, User]:
    offices = _pcc_offices()
    partnerships = _partnerships(offices)
    users = _users(partnerships, offices)
    _meetings(partnerships["huntingdonshire"], users, today)
    return users
