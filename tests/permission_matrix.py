"""The permission matrix: every URL, as every role, anonymous and from another partnership.

Each app's ``test_permissions.py`` lists its :class:`Row` objects; :func:`check_row` requests the
URL as every actor and compares the status with :func:`expected_status`:

- anonymous: a redirect to the sign-in page (302);
- an actor the row allows: ``row.ok_status``;
- an actor who cannot see the partnership at all (another partnership's coordinator, another
  force area's OPCC officer): 404, so nothing leaks that the object exists;
- anyone else (a member or the OPCC officer of this force area without the role): 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.test import Client

ACTOR_EMAILS: dict[str, str | None] = {
    "anonymous": None,
    "coordinator": "coordinator@huntingdonshire.example",
    "lead_officer": "lead.officer@huntingdonshire.example",
    "board_member": "board.member@huntingdonshire.example",
    "finance_officer": "finance@huntingdonshire.example",
    "dhr_coordinator": "dhr@huntingdonshire.example",
    "viewer": "viewer@huntingdonshire.example",
    "opcc": "opcc@cambridgeshire-pcc.example",
    "opcc_other_force": "opcc@leicestershire-pcc.example",
    "other_partnership": "coordinator@blaby-hinckley.example",
    "admin": "admin@csp-portal.example",
    # An agency's contact with an account limited to their own information request (reviews):
    # no membership, so every partnership page is a 404 to them, as to an outsider.
    "contributor": "imr.returns@police.example",
}
OUTSIDERS = frozenset({"opcc_other_force", "other_partnership", "contributor"})
MEMBERS = frozenset({"coordinator", "lead_officer", "board_member", "finance_officer",
                     "dhr_coordinator", "viewer"})
READERS = MEMBERS | {"opcc", "admin"}  # everyone who may read the partnership's business
COORDINATORS = frozenset({"coordinator", "admin"})


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[dict[str, Any]], str]
    allowed: frozenset[str]
    method: str = "get"
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] = field(default_factory=dict)
    ok_status: int = 200
    # Some pages are reachable without a login (health, accessibility statement).
    public: bool = False
    # Actor-specific answers the general rule does not give, e.g. {"opcc": 404} for an object
    # the OPCC may not even know exists (a draft return).
    overrides: dict[str, int] = field(default_factory=dict)
    # Pages behind two-factor (reviews): every actor signs in with a verified second factor.
    two_factor: bool = False


def verify_second_factor(client: Client, user: Any) -> None:
    """Make the client's session one verified with an authenticator (as django-otp's login
    does after a right code), giving the user a confirmed device if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def expected_status(row: Row, actor: str) -> int:
    if actor in row.overrides:
        return row.overrides[actor]
    if row.public:
        return row.ok_status
    if actor == "anonymous":
        return 302
    if actor in row.allowed:
        return row.ok_status
    if actor in OUTSIDERS:
        return 404
    return 403


def check_row(row: Row, world: dict[str, Any]) -> None:
    """Request the row's URL as every actor; each request's writes are rolled back."""
    mismatches = []
    url = row.url(world)
    for actor, email in ACTOR_EMAILS.items():
        client = Client()
        if email:
            client.force_login(world["users"][email],
                               backend="django.contrib.auth.backends.ModelBackend")
            if row.two_factor:
                verify_second_factor(client, world["users"][email])
        data = row.data(world) if callable(row.data) else row.data
        with transaction.atomic():
            response = getattr(client, row.method)(url, data)
            transaction.set_rollback(True)
        want = expected_status(row, actor)
        if response.status_code != want:
            mismatches.append(f"{actor}: got {response.status_code}, expected {want}")
        if actor == "anonymous" and want == 302:
            assert "/accounts/login/" in response["Location"], response["Location"]
    assert not mismatches, f"{row.method.upper()} {url} ({row.name}):\n  " + "\n  ".join(mismatches)
