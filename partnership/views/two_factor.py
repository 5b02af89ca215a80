"""Two-factor pages: set up an authenticator, give a code at sign-in, replace recovery codes.

The rules live in partnership/two_factor.py; these views only show forms and call it."""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from ..forms import TwoFactorCodeForm
from ..two_factor import (
    PENDING_KEY,
    OTPRequiredMixin,
    authenticator_confirm,
    authenticator_key,
    has_authenticator,
    is_two_factor_verified,
    pending_key,
    qr_code_svg,
    recovery_codes_replace,
    second_factor_check,
    with_next,
)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "/"


class TwoFactorSetupView(LoginRequiredMixin, View):
    """Scan the QR code (or type the key), then confirm with a first code."""

    template_name = "registration/two_factor_setup.html"

    def context(self, request: HttpRequest, form: TwoFactorCodeForm) -> dict[str, Any]:
        key = pending_key(request.session)
        return {"form": form, "key": authenticator_key(key), "next": _next_url(request),
                "qr_svg": qr_code_svg(key, account=getattr(request.user, "email", ""),
                                      issuer=settings.SERVICE_NAME),
                "replacing": has_authenticator(request.user),
                "page_title": "Set up two-factor sign-in"}

    def get(self, request: HttpRequest) -> HttpResponse:
        if has_authenticator(request.user) and not is_two_factor_verified(request.user):
            # Replacing an authenticator needs the current one first.
            return redirect(with_next("two_factor_verify", request.path))
        return render(request, self.template_name,
                      self.context(request, TwoFactorCodeForm(help_text=SETUP_HELP)))

    def post(self, request: HttpRequest) -> HttpResponse:
        if has_authenticator(request.user) and not is_two_factor_verified(request.user):
            return redirect(with_next("two_factor_verify", request.path))
        form = TwoFactorCodeForm(request.POST, help_text=SETUP_HELP)
        if form.is_valid():
            confirmed = authenticator_confirm(user=request.user,
                                              key_hex=pending_key(request.session),
                                              token=form.cleaned_data["code"])
            if confirmed is not None:
                device, codes = confirmed
                request.session.pop(PENDING_KEY, None)
                django_otp.login(request, device)
                return render(request, "registration/two_factor_codes.html",
                              {"codes": codes, "next": _next_url(request), "new_setup": True})
            form.add_error("code", "The code is not right. Check the time on your phone is "
                                   "correct and enter the newest code")
        return render(request, self.template_name, self.context(request, form), status=200)


SETUP_HELP = "The 6-digit code your authenticator app shows for this service"
VERIFY_HELP = ("The 6-digit code from your authenticator app, or one of your recovery codes "
               "(10 letters and numbers)")


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """The second step of signing in for someone who has set up an authenticator."""

    template_name = "registration/two_factor_verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not has_authenticator(request.user):
            return redirect("two_factor_setup")
        return render(request, self.template_name,
                      {"form": TwoFactorCodeForm(help_text=VERIFY_HELP), "next": _next_url(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TwoFactorCodeForm(request.POST, help_text=VERIFY_HELP)
        if form.is_valid():
            device = second_factor_check(user=request.user, token=form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)
                request.session.cycle_key()
                return redirect(_next_url(request))
            form.add_error("code", "The code is not right, or it has been used. After several "
                                   "wrong codes you must wait before trying again")
        return render(request, self.template_name, {"form": form, "next": _next_url(request)})


class RecoveryCodesView(OTPRequiredMixin, View):
    """Replace the recovery codes (the old ones stop working)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "registration/two_factor_recovery.html", {})

    def post(self, request: HttpRequest) -> HttpResponse:
        codes = recovery_codes_replace(user=request.user)
        return render(request, "registration/two_factor_codes.html",
                      {"codes": codes, "next": "/", "new_setup": False})
