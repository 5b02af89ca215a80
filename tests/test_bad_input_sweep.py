"""Hostile input to every page of the permission matrix: never a 500, never half-saved.

The pages come from the ``ROWS`` of every ``tests/*/test_permissions.py`` (imported, not copied).
Each is requested as an actor the row allows; every ``<form method="post">`` found on those pages,
and every POST row, is a write endpoint. Each endpoint then gets, field by field: the field left
out, empty, 10,000 characters, a NUL byte, enormous, negative and non-numeric numbers, impossible
dates and periods, unknown and another partnership's object ids for choices, wrong file types;
a hostile ``next``; plus an empty body and a double submission. Every GET page gets junk query
strings.

The rules checked for each request:
- the status is never 5xx (the health page's usual 503 without a worker aside);
- a refused write (anything but a redirect) shows the error in the page (an error summary or
  an error message) and leaves the row count of every table as it was (nothing half-saved);
  the count covers the audit trail's event tables, so a half-done *update* shows up too;
- a choice of an unknown or another partnership's object is never accepted;
- no redirect leaves the site;
- a GET never writes, never echoes a ``<script>`` from the query string unescaped, and a 400
  page says what is wrong.

The demo data is loaded once for the module (in a transaction rolled back at the end); each
request runs in a savepoint that is rolled back, so every request sees the same data.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

import tests
from tests.permission_matrix import ACTOR_EMAILS, Row, verify_second_factor

# --- The rows of every permission matrix ------------------------------------------------------

MATRIX_MODULES = sorted(
    f"tests.{info.name}.test_permissions" for info in pkgutil.iter_modules(tests.__path__)
    if info.ispkg and (Path(tests.__path__[0]) / info.name / "test_permissions.py").exists())

# Pages outside any partnership that the matrices test in a test of their own, or not at all.
EXTRA_ROWS = [
    Row("switch partnership", lambda w: reverse("switch_partnership") + "?partnership=huntingdonshire",
        frozenset({"coordinator"}), ok_status=302),
    Row("sign in", lambda w: reverse("login"), frozenset({"anonymous"})),
    Row("reset a password", lambda w: reverse("password_reset"), frozenset({"anonymous"})),
    Row("OPCC returns", lambda w: reverse("opcc:returns") + "?period=2015/16-H1", frozenset({"opcc"})),
    Row("OPCC export", lambda w: reverse("opcc:export") + "?period=2015/16-H1&format=csv",
        frozenset({"opcc"})),
    Row("OPCC awaiting decision", lambda w: reverse("opcc:home"), frozenset({"opcc"})),
    Row("OPCC returns grid", lambda w: reverse("opcc:grid") + "?period=2015/16",
        frozenset({"opcc"})),
    Row("OPCC returns grid export",
        lambda w: reverse("opcc:grid_export") + "?period=2015/16&format=csv", frozenset({"opcc"})),
]

# Who sends the input: the coordinator where the row allows them, else the row's own actor.
ACTOR_PREFERENCE = ["coordinator", "finance_officer", "lead_officer", "opcc", "board_member",
                    "dhr_coordinator", "viewer", "admin", "contributor", "anonymous"]


def actor_for(row: Row) -> str:
    for actor in ACTOR_PREFERENCE:
        if actor in row.allowed and row.overrides.get(actor, row.ok_status) == row.ok_status:
            return actor
    return "coordinator"  # public pages


def _world_builder(module: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    fixture = module.world
    return fixture._get_wrapped_function() if hasattr(fixture, "_get_wrapped_function") else fixture


# --- Hostile values ---------------------------------------------------------------------------

LONG = "x" * 10_000
NUL = "abc\x00def"
SCALARS: dict[str, str] = {
    "empty": "",
    "10k chars": LONG,
    "NUL byte": NUL,
    "1e400": "1e400",
    "-0.001": "-0.001",
    "20 nines": "99999999999999999999",
    "NaN": "NaN",
    "not a number": "twelve",
    "superscript two": "²",  # str.isdigit() says yes, int() says no
    "30 February": "2026-02-30",
    "month 13": "31/13/2026",
    "year 9999": "9999-12-31",  # one day more and date arithmetic overflows
    "period 9999/00": "9999/00",
    "script": "<script>alert(1)</script>",
}
# Every endpoint also gets a "next" (where some views go back to after the write).
NEXTS: dict[str, str] = {
    "next=a view name": "plans",
    "next=another site": "https://evil.example/",
    "next=scheme-relative": "//evil.example/",
    "next=NUL byte": "/p/\x00",
}
CHOICES: dict[str, str] = {
    "unknown id": "999999999",
    "negative id": "-1",
    "huge id": "99999999999999999999",
    "not an id": "abc",
    "NUL byte": NUL,
    "empty": "",
    "script": "<script>alert(1)</script>",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bad_files(name: str) -> dict[str, SimpleUploadedFile]:
    return {
        "exe": SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00" * 64,
                                  "application/octet-stream"),
        "text as pdf": SimpleUploadedFile("report.pdf", b"just some text\n" * 20, "application/pdf"),
        "empty file": SimpleUploadedFile("empty.pdf", b"", "application/pdf"),
        "broken xlsx": SimpleUploadedFile("plan.xlsx", b"PK\x03\x04 not really a zip" * 10, XLSX),
        "html": SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>",
                                   "text/html"),
        "NUL csv": SimpleUploadedFile("measures.csv", b"measure,period,value\nA\x00B,2016/17,1\n",
                                      "text/csv"),
    }


# --- Forms found in the pages -----------------------------------------------------------------

@dataclass
class FormField:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, file, number, date...
    values: list[str] = field(default_factory=list)  # the current value(s)
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    method: str
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)
    submit: tuple[str, str] | None = None


class FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.select: FormField | None = None
        self.textarea: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self.current = PageForm(a.get("method", "get").lower(), action)
            self.forms.append(self.current)
            return
        form = self.current
        if form is None or not a.get("name"):
            if tag == "option" and self.select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image"):
                if form.submit is None:
                    form.submit = (name, a.get("value", ""))
                return
            f = form.fields.setdefault(name, FormField(name, kind))
            if kind in ("radio", "checkbox"):
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.values.append(a.get("value", "on"))
            elif kind != "file":
                f.values = [a.get("value", "")]
        elif tag == "button":
            if form.submit is None and a.get("type", "submit") == "submit":
                form.submit = (name, a.get("value", ""))
        elif tag == "select":
            self.select = form.fields.setdefault(name, FormField(name, "select"))
        elif tag == "textarea":
            self.textarea = form.fields.setdefault(name, FormField(name, "textarea", [""]))

    def _option(self, a: dict[str, str]) -> None:
        assert self.select is not None
        value = a.get("value", "")
        self.select.options.append(value)
        if "selected" in a:
            self.select.values.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.values = [self.textarea.values[0] + data]


def parse_forms(url: str, html: str) -> list[PageForm]:
    parser = FormParser("http://testserver" + url)
    parser.feed(html)
    return parser.forms


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def baseline_of(form: PageForm) -> dict[str, Any]:
    """What a person submitting the form as it stands would send."""
    data: dict[str, Any] = {}
    for f in form.fields.values():
        if f.name == "csrfmiddlewaretoken" or f.kind == "file":
            continue
        if f.kind == "select":
            chosen = f.values or [next((o for o in f.options if o), "")]
            data[f.name] = chosen if len(chosen) > 1 else chosen[0]
        elif f.kind == "radio":
            data[f.name] = (f.values or f.options[:1] or [""])[0]
        elif f.kind == "checkbox":
            if f.values:
                data[f.name] = f.values
        else:
            data[f.name] = f.values[0] if f.values else ""
    if form.submit and form.submit[0]:
        data[form.submit[0]] = form.submit[1]
    return data


# --- The module's world -----------------------------------------------------------------------

@dataclass
class Target:
    """One write endpoint, with the actor allowed to use it and what a valid post looks like."""

    name: str
    url: str
    actor: str
    baseline: dict[str, Any]
    fields: dict[str, FormField]
    from_row: bool  # a POST row of a matrix (its data is known to be accepted)


@dataclass
class Sweep:
    world: dict[str, Any]
    pages: list[tuple[str, str, str, int]]  # (name, url, actor, usual status) of every GET row
    targets: dict[str, Target]
    foreign: dict[str, str]  # choice field name -> an object id of the other partnership
    query_names: list[str]
    media_root: Path


def table_names() -> list[str]:
    # reviews_accesslog: every read of a review page is logged by design (need to know).
    # partnership_boardpackdownload: downloading a pack records who has read it, by design
    # (the coordinator sees who has not yet downloaded the current version).
    skip = re.compile(r"^(django_session|axes_|django_celery_beat_|django_admin_log"
                      r"|reviews_accesslog$|partnership_boardpackdownload)")
    return sorted(t for t in connection.introspection.table_names() if not skip.match(t))


def row_counts(tables: list[str]) -> tuple[int, ...]:
    quote = connection.ops.quote_name  # the names come from the database's own catalogue
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def add_what_the_demo_lacks(bhb: Any) -> None:
    """Blaby, Hinckley and Bosworth's demo has no groups, meetings, plan or updates: add one each,
    so a form can be sent another partnership's object of every kind."""
    import datetime

    from actionplans.models import ActionUpdate, ReportingPeriod
    from partnership.models import Meeting, SubGroup
    from tests.actionplans.factories import ActionFactory, ActionPlanFactory, PriorityFactory
    from tests.priorities.factories import PlanFactory

    SubGroup.objects.create(partnership=bhb, name="Town centre group")
    meeting = Meeting.objects.create(partnership=bhb, title="Board", location="Hinckley",
                                     starts_at=datetime.datetime(2016, 6, 1, 14, tzinfo=datetime.UTC))
    priority = PriorityFactory(plan=PlanFactory(partnership=bhb, draft=True))
    action = ActionFactory(plan=ActionPlanFactory(priority=priority))
    period = ReportingPeriod.objects.create(partnership=bhb, period="2015/16-Q3", meeting=meeting,
                                            deadline=datetime.date(2016, 5, 20))
    ActionUpdate.objects.create(action=action, period=period, progress="Done", percent_complete=10,
                                proposed_rag="green", state="submitted")
    from reviews.models import InformationRequest, Review
    from tests.factories import OrganisationFactory

    review = Review.objects.create(partnership=bhb, year=2016, number=1, pseudonym="Adult K",
                                   died_on=datetime.date(2016, 1, 1),
                                   notified_on=datetime.date(2016, 1, 5), notifying_body="Police")
    InformationRequest.objects.create(review=review, organisation=OrganisationFactory(partnership=bhb),
                                      contact_name="Lead", contact_email="lead@agency.example",
                                      kind="imr", requested_on=datetime.date(2016, 2, 1),
                                      due_on=datetime.date(2016, 3, 1))


def foreign_ids(bhb: Any) -> dict[str, str]:
    """For each choice field of the forms: the id of an object of Blaby, Hinckley and Bosworth."""
    from actionplans.models import Action, ActionPlan, ActionUpdate
    from funding.models import BudgetLine
    from partnership.models import Meeting, Organisation, SubGroup, User
    from priorities.models import PerformanceMeasure, Priority

    def pk(queryset: Any) -> str:
        obj = queryset.first()
        return "" if obj is None else str(obj.pk)

    outsider = pk(User.objects.filter(memberships__partnership=bhb))
    organisation = pk(Organisation.objects.filter(partnership=bhb))
    priority = pk(Priority.objects.filter(plan__partnership=bhb))
    line = pk(BudgetLine.objects.filter(award__partnership=bhb))
    ids = {
        "organisation": organisation, "lead_organisation": organisation,
        "author_organisation": organisation,
        "lead_agency": organisation, "supporting_agencies": organisation, "chair": outsider,
        "owner": outsider, "action_owner": outsider, "lead": outsider, "lead_officer": outsider,
        "user": outsider,
        "group": pk(SubGroup.objects.filter(partnership=bhb)),
        "report_from": pk(SubGroup.objects.filter(partnership=bhb)),
        "priority": priority,
        "line": line, "from_line": line, "to_line": line,
        "plan": pk(ActionPlan.objects.filter(partnership=bhb)),
        "actions": pk(Action.objects.filter(partnership=bhb)),
        "meeting": pk(Meeting.objects.filter(partnership=bhb)),
        "measure_ids": pk(PerformanceMeasure.objects.filter(partnership=bhb)),
        "measure": pk(PerformanceMeasure.objects.filter(partnership=bhb)),
    }
    ids["updates"] = pk(ActionUpdate.objects.filter(action__partnership=bhb))
    from reviews.models import InformationRequest

    ids["request"] = pk(InformationRequest.objects.filter(review__partnership=bhb))
    return {k: v for k, v in ids.items() if v}


QUERY_NAMES = ["page", "period", "status", "year", "format", "q", "sort", "part", "rag", "owner",
               "priority", "plan", "lead", "organisation", "overdue", "missing", "partnership",
               "next", "kind", "decision", "token"]


def source_query_names() -> set[str]:
    """Every ``request.GET`` key the apps read (so a new filter is swept without a change here)."""
    root = Path(tests.__path__[0]).parent
    names: set[str] = set()
    for app in ("partnership", "priorities", "actionplans", "funding", "reviews"):
        for path in (root / app).rglob("*.py"):
            names |= set(re.findall(r"GET(?:\.get|\.getlist)?\(?\[?[\"'](\w+)[\"']", path.read_text()))
    return names


def logged_in(world: dict[str, Any], actor: str) -> Client:
    """A client signed in as the actor. One per actor for the module (signing in is slow,
    through axes): made in the module's transaction, so the sessions outlive each test."""
    clients = world.setdefault("_clients", {})
    if actor in clients:
        return clients[actor]  # type: ignore[no-any-return]
    client = Client(raise_request_exception=False)
    email = ACTOR_EMAILS[actor]
    if email:
        client.force_login(world["users"][email], backend="django.contrib.auth.backends.ModelBackend")
        verify_second_factor(client, world["users"][email])  # reviews pages need two-factor
    clients[actor] = client
    return client


@pytest.fixture(scope="module")
def sweep(django_db_setup: Any, django_db_blocker: Any,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sweep]:
    from partnership.models import Partnership, User

    media_root = tmp_path_factory.mktemp("sweep-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        demo = {"users": {u.email: u for u in User.objects.all()},
                "hunts": Partnership.objects.get(slug="huntingdonshire"),
                "bhb": Partnership.objects.get(slug="blaby-hinckley-bosworth")}
        world: dict[str, Any] = dict(demo)
        rows: list[tuple[str, Row]] = []
        for module_name in MATRIX_MODULES:
            module = importlib.import_module(module_name)
            world.update(_world_builder(module)(demo))
            # The worlds share keys ("plan"...): each row reads the world its module built.
            module_world = dict(world)
            app = module_name.split(".")[1]
            rows += [(f"{app}: {row.name}", _bind(row, module_world)) for row in module.ROWS]
        rows += [(f"outside: {row.name}", row) for row in EXTRA_ROWS]
        for actor in ACTOR_EMAILS:  # before any savepoint, so the sessions stay
            logged_in(world, actor)

        pages: list[tuple[str, str, str, int]] = []
        targets: dict[str, Target] = {}
        query_names = set(QUERY_NAMES) | source_query_names()
        for name, row in rows:
            actor = actor_for(row)
            url = row.url(world)
            if row.method == "post":
                data = row.data(world) if callable(row.data) else dict(row.data)
                found = targets.get(urlsplit(url).path)  # the same form, found on its page
                targets[urlsplit(url).path] = Target(
                    name, url, actor, {**(found.baseline if found else {}), **data},
                    found.fields if found else {}, from_row=True)
                continue
            pages.append((name, url, actor, row.ok_status))
            with transaction.atomic():
                response = logged_in(world, actor).get(url)
                transaction.set_rollback(True)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in parse_forms(url, response.content.decode()):
                if form.method == "get":
                    query_names |= set(form.fields)
                    continue
                path = urlsplit(form.action).path
                if path.startswith("/accounts/logout"):
                    continue
                target = targets.get(path)
                if target is None:
                    label = name if name.endswith("(form)") else f"{name} (form)"
                    targets[path] = Target(label, path_of(form.action), actor, baseline_of(form),
                                           form.fields, from_row=False)
                else:  # a POST row's URL: its data is known good, the page adds the rest
                    target.fields = {**form.fields, **target.fields}
                    target.baseline = {**baseline_of(form), **target.baseline}
        add_what_the_demo_lacks(demo["bhb"])
        yield Sweep(world, pages, targets, foreign_ids(demo["bhb"]), sorted(query_names), media_root)
        transaction.set_rollback(True)


def _bind(row: Row, world: dict[str, Any]) -> Row:
    """The row with its URL and data read from its own module's world."""
    from dataclasses import replace

    data = row.data
    return replace(row, url=lambda _w: row.url(world),
                   data=(lambda _w: data(world)) if callable(data) else data)


@pytest.fixture
def swept(sweep: Sweep, db: Any, settings: Any) -> Sweep:
    settings.MEDIA_ROOT = sweep.media_root
    return sweep


# --- Checks -----------------------------------------------------------------------------------

def shows_an_error(response: Any) -> bool:
    body = response.content.decode(errors="replace")
    return any(mark in body for mark in ("govuk-error-summary", "govuk-error-message",
                                         "There is a problem"))


def post_and_check(client: Client, url: str, data: dict[str, Any], label: str, tables: list[str],
                   before: tuple[int, ...], problems: list[str], *, twice: bool = False,
                   must_refuse: bool = False) -> int:
    """POST (in a savepoint rolled back after); record every rule broken in ``problems``.
    ``before``: the row counts, the same before every request (each one is rolled back)."""
    with transaction.atomic():
        responses = [client.post(url, data)]
        if twice:
            responses.append(client.post(url, data))
        for n, response in enumerate(responses, start=1):
            tag = f"{label} (post {n})" if twice else label
            status = response.status_code
            if status >= 500:
                problems.append(f"{tag}: {status}")
                break
            if status in (200, 400) and not shows_an_error(response):
                problems.append(f"{tag}: {status} without an error message in the page")
            location = response.get("Location", "")
            if "/accounts/login/" in location:
                problems.append(f"{tag}: signed out (the sweep's session was lost)")
            elif location and urlsplit(location).netloc not in ("", "testserver"):
                problems.append(f"{tag}: redirects off the site, to {location}")
            elif must_refuse and 300 <= status < 400:
                problems.append(f"{tag}: accepted ({status} to {response.get('Location')})")
        else:
            if not any(300 <= r.status_code < 400 for r in responses):
                after = row_counts(tables)
                if after != before:
                    changed = [t for t, b, a in zip(tables, before, after, strict=True) if b != a]
                    problems.append(f"{label}: refused ({responses[-1].status_code}) but tables "
                                    f"changed: {', '.join(changed)}")
        transaction.set_rollback(True)
    return responses[0].status_code


def hostile_posts(target: Target, foreign: dict[str, str]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(label, data, must_refuse) for every hostile submission to one endpoint."""
    base = target.baseline
    yield "empty body", {}, False
    for label, value in NEXTS.items():
        yield label, {**base, "next": value}, False
    fields = {name: f for name, f in target.fields.items() if name != "csrfmiddlewaretoken"}
    for name in base:
        fields.setdefault(name, FormField(name, "text"))
    for name, f in fields.items():
        if f.kind == "file":
            for label, upload in bad_files(name).items():
                yield f"{name}={label}", {**base, name: upload}, True
            continue
        if name in base:
            yield f"{name} missing", {k: v for k, v in base.items() if k != name}, False
        numeric_choices = bool(f.options) and all(o.isdigit() for o in f.options if o)
        # A lone checkbox is a yes/no: any value ticks it. A group of them is a choice.
        choice = f.kind in ("select", "radio") or (f.kind == "checkbox" and (
            numeric_choices or len(f.options) > 1))
        values = CHOICES if choice else SCALARS
        for label, value in values.items():
            must_refuse = choice and label != "empty"
            yield f"{name}={label}", {**base, name: value}, must_refuse
        if numeric_choices and any(o for o in f.options):
            key = name.split("-")[-1]
            if key in foreign:
                yield f"{name}=other partnership's", {**base, name: foreign[key]}, True
            elif key not in NO_FOREIGN:
                yield f"{name}: NO FOREIGN ID KNOWN (add it to foreign_ids)", {}, False


# Choice fields whose objects belong to no partnership (shared by all).
NO_FOREIGN = frozenset({"stream"})


# The endpoints are discovered at run time, so the tests are grouped by app: one test per app,
# failures listed one per line with the endpoint, the field and the value.
APPS = [m.split(".")[1] for m in MATRIX_MODULES] + ["outside"]


@pytest.mark.parametrize("app", APPS)
def test_hostile_posts_never_500_nor_half_save(swept: Sweep, app: str) -> None:
    tables = table_names()
    before = row_counts(tables)
    problems: list[str] = []
    targets = [t for t in swept.targets.values() if t.name.startswith(f"{app}:")]
    for target in targets:
        client = logged_in(swept.world, target.actor)
        where = f"POST {target.url} [{target.name}, as {target.actor}]"
        for label, data, must_refuse in hostile_posts(target, swept.foreign):
            if "NO FOREIGN ID" in label:
                problems.append(f"{where} {label}")
                continue
            post_and_check(client, target.url, data, f"{where} {label}", tables, before, problems,
                           must_refuse=must_refuse)
        post_and_check(client, target.url, target.baseline, f"{where} submitted twice", tables,
                       before, problems, twice=True)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


JUNK_QUERIES: dict[str, str] = {
    "not a number": "abc",
    "negative": "-1",
    "20 nines": "99999999999999999999",
    "script": "<script>alert(1)</script>",
    "NUL byte": "\x00",
    "nonsense": "nonsense",
    "superscript two": "²",  # str.isdigit() says yes, int() says no
    "30 February": "2026-02-30",
    "period 9999/00": "9999/00",
    "10k chars": LONG,
    "empty": "",
}


@pytest.mark.parametrize("app", APPS)
def test_junk_query_strings_never_500(swept: Sweep, app: str) -> None:
    tables = table_names()
    before = row_counts(tables)
    problems: list[str] = []
    for name, url, actor, usual in swept.pages:
        if not name.startswith(f"{app}:"):
            continue
        client = logged_in(swept.world, actor)
        path = urlsplit(url).path
        for label, value in JUNK_QUERIES.items():
            query = dict.fromkeys(swept.query_names, value)
            with transaction.atomic():
                response = client.get(path, query)
                status = response.status_code
                where = f"GET {path} [{name}, as {actor}] all parameters={label}"
                if "/accounts/login/" in response.get("Location", ""):
                    problems.append(f"{where}: signed out (the sweep's session was lost)")
                if status >= 500 and status != usual:  # the health page is 503 without a worker
                    problems.append(f"{where}: {status}")
                else:
                    if row_counts(tables) != before:
                        problems.append(f"{where}: a GET wrote to the database")
                    html = "html" in response.get("Content-Type", "")
                    if html and "<script>alert(1)</script>" in response.content.decode(errors="replace"):
                        problems.append(f"{where}: the script is echoed unescaped")
                    if status == 400 and html and not shows_an_error(response):
                        problems.append(f"{where}: 400 without an error message in the page")
                transaction.set_rollback(True)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_sweep_covers_every_matrix_row(swept: Sweep) -> None:
    """Every matrix module is swept, and the pages yield the write endpoints they should."""
    assert {"tests.partnership.test_permissions", "tests.priorities.test_permissions",
            "tests.actionplans.test_permissions", "tests.funding.test_permissions"} <= set(MATRIX_MODULES)
    rows = sum(len(importlib.import_module(m).ROWS) for m in MATRIX_MODULES) + len(EXTRA_ROWS)
    posts = sum(1 for t in swept.targets.values() if t.from_row)
    assert len(swept.pages) + posts == rows
    assert len(swept.targets) > posts  # the pages' own forms were found too
    for app in APPS[:-1]:
        assert any(t.name.startswith(f"{app}:") for t in swept.targets.values()), app
    file_fields = {name for t in swept.targets.values() for name, f in t.fields.items()
                   if f.kind == "file"}
    assert {"file", "evidence", "award_letter", "document"} <= file_fields
    assert {"page", "period", "status", "year", "format"} <= set(swept.query_names)
    requests = sum(len(list(hostile_posts(t, swept.foreign))) + 2 for t in swept.targets.values())
    print(f"\n{len(swept.targets)} write endpoints, {requests} hostile POSTs; {len(swept.pages)} "
          f"pages x {len(JUNK_QUERIES)} junk query strings over {len(swept.query_names)} names")


HTTP_METHODS = ("get", "head", "options", "post", "put", "patch", "delete")


@pytest.mark.parametrize("app", APPS)
def test_every_url_with_every_http_method_is_never_5xx(swept: Sweep, app: str) -> None:
    """A GET of a POST-only URL (e.g. the import confirmation) is 405 or a redirect, a PUT of a
    page is 405, and so on: whatever the method, never a server error."""
    urls = {(urlsplit(url).path, actor, usual) for name, url, actor, usual in swept.pages
            if name.startswith(f"{app}:")}
    urls |= {(urlsplit(t.url).path, t.actor, 302) for t in swept.targets.values()
             if t.name.startswith(f"{app}:")}
    assert urls
    problems: list[str] = []
    for path, actor, usual in sorted(urls):
        client = logged_in(swept.world, actor)
        for method in HTTP_METHODS:
            with transaction.atomic():
                status = getattr(client, method)(path).status_code
                transaction.set_rollback(True)
            if status >= 500 and status != usual:  # the health page is 503 without a worker
                problems.append(f"{method.upper()} {path} as {actor}: {status}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
