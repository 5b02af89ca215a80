"""The password-reset request page, rate-limited per client address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from config.client_ip import client_ip

from ..ratelimit import allow


class PasswordResetRequestView(auth_views.PasswordResetView):
    """At most PASSWORD_RESET_PER_IP_PER_HOUR requests an hour from one address."""

    def form_valid(self, form: Any) -> HttpResponse:
        if not allow("password-reset-ip", client_ip(self.request),
                     limit=settings.PASSWORD_RESET_PER_IP_PER_HOUR, window_seconds=3600):
            form.add_error("email", "Too many reset requests have come from your network. "
                                    "Try again in an hour")
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
