"""Two-factor sign-in (TOTP, with recovery codes) on django-otp. Reusable by every app.

What it gives:

- Everyone may set up an authenticator app (``two_factor_setup``: a QR code drawn as inline SVG
  plus the key as text, confirmed with a first code) and gets ten single-use recovery codes
  (a django-otp static device). Recovery codes can be replaced at any time.
- Once someone has set it up, signing in asks for a code after the password
  (``TwoFactorVerificationMiddleware`` sends an unverified session to ``two_factor_verify``
  before any other page).
- The Django admin requires it for everyone (django-otp's ``OTPAdminSite``, installed in
  config/urls.py): a system admin without a device cannot use /admin/ until they set one up.

Requiring two-factor on a page (the Reviews app does this for every DHR page)::

    from partnership.two_factor import OTPRequiredMixin

    class ReviewDetailView(OTPRequiredMixin, PartnershipMixin, DetailView):
        ...

``OTPRequiredMixin`` must come first in the bases. A signed-in user whose session is not
verified with a second factor is redirected: to set up an authenticator if they have none,
otherwise to enter a code; both come back to the page (``?next=``). Anonymous users go to
sign in as usual. For ``rules``, use the ``is_verified`` predicate
(``rules.add_perm("reviews.view_review", is_verified & ...)``); it is False for a session
without a second factor, which the views then answer as 403.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib.auth.mixins import AccessMixin
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def is_two_factor_verified(user: Any) -> bool:
    """True when this session signed in with a second factor (django-otp's is_verified)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_verified())


@rules.predicate
def is_verified(user: Any) -> bool:
    return is_two_factor_verified(user)


def has_authenticator(user: Any) -> bool:
    return bool(user.is_authenticated and user_has_device(user, confirmed=True))


ENROLLED_KEY = "two_factor_enrolled"


def session_has_authenticator(request: HttpRequest) -> bool:
    """``has_authenticator`` for the signed-in user, remembered in the session.

    The middleware asks this on every request of a session not verified with a second factor
    (most people's, who have no authenticator): the device queries run once per sign-in
    instead of on every page. The answer is kept with the user and the session key, and
    Django changes the key at every sign-in (and the verify page at verification), so each
    sign-in looks again."""
    user: Any = request.user
    session = request.session
    stamp = [user.pk, session.session_key]
    remembered = session.get(ENROLLED_KEY)
    if isinstance(remembered, list) and len(remembered) == 3 and remembered[:2] == stamp:
        return bool(remembered[2])
    enrolled = has_authenticator(user)
    session[ENROLLED_KEY] = [*stamp, enrolled]
    return enrolled


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class OTPRequiredMixin(AccessMixin):
    """A view only a session verified with a second factor may use (see the module docstring)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not is_two_factor_verified(user):
            target = "two_factor_verify" if has_authenticator(user) else "two_factor_setup"
            return HttpResponseRedirect(with_next(target, request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


# Paths an enrolled but not yet verified session may still use.
VERIFICATION_EXEMPT = ("/accounts/two-factor/verify/", "/accounts/logout/", "/static/",
                       "/health/", "/accessibility/")


class TwoFactorVerificationMiddleware:
    """After the password, someone with an authenticator must give a code before anything else.

    Goes after django_otp's OTPMiddleware (which sets ``user.is_verified``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not user.is_verified()
                and not request.path.startswith(VERIFICATION_EXEMPT)
                and session_has_authenticator(request)):
            return HttpResponseRedirect(with_next("two_factor_verify", request.get_full_path()))
        return self.get_response(request)


PENDING_KEY = "two_factor_pending_key"


def pending_key(session: Any) -> str:
    """The new authenticator's secret (hex), kept in the session until it is confirmed.

    Nothing is written to the database before the first code is right, so a page reload keeps
    the same key and a refused code leaves no half-made device behind."""
    key = session.get(PENDING_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = default_key()
        session[PENDING_KEY] = key
    return key


def authenticator_key(key_hex: str) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    from base64 import b32encode

    key = b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_code_svg(key_hex: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI as an inline SVG (no script, no external image: CSP-safe)."""
    from urllib.parse import quote

    import segno

    uri = (f"otpauth://totp/{quote(f'{issuer}:{account}')}?secret="
           f"{authenticator_key(key_hex).replace(' ', '')}&issuer={quote(issuer)}"
           "&digits=6&period=30")
    svg: str = segno.make(uri, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app")
    return svg


@transaction.atomic
def authenticator_confirm(*, user: Any, key_hex: str,
                          token: str) -> tuple[TOTPDevice, list[str]] | None:
    """Save the new authenticator once its first code is right; returns it and fresh recovery
    codes.

    None (and nothing written) when the code is wrong. An older authenticator is replaced."""
    from django_otp.oath import TOTP

    token = "".join(token.split())
    if not (token.isdigit() and len(token) == 6):
        return None
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    if not totp.verify(int(token), tolerance=1):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    # verify() leaves the matched time step in t(): that code cannot be used again.
    device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, key=key_hex, confirmed=True,
                        last_t=totp.t())
    device.full_clean()
    device.save()
    return device, recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_replace(*, user: Any) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME,
                                                   defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]  # 10 characters, 40 bits
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_check(*, user: Any, token: str) -> Any:
    """The device that accepts this code (a 6-digit app code or a recovery code), or None.

    django-otp throttles each device after failures (growing delays); a recovery code works
    once."""
    token = "".join(token.split()).replace("-", "").lower()
    if token.isdigit() and len(token) == 6:
        devices: Any = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update(of=("self",)):
            if device.verify_token(token):
                return device
    return None
