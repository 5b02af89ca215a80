from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .models import Partnership
from .registry import registry
from .roles import member_partnerships


def portal(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"service_name": settings.SERVICE_NAME, "dhr_label": settings.DHR_LABEL}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    partnership: Partnership | None = getattr(request, "partnership", None)
    context["current_partnership"] = partnership
    if user.is_superuser or getattr(user, "opcc_office_id", None):
        context["switchable_partnerships"] = list(
            Partnership.objects.visible_to(user).only("pk", "name", "slug"))
    else:  # a member sees exactly the partnerships they belong to: known with their roles
        context["switchable_partnerships"] = member_partnerships(user)
    items: list[dict[str, Any]] = [
        {"label": site.label, "url": reverse(site.url_name)}
        for site in registry.site_nav if site.shown_to(user)]
    if partnership is not None:
        for item in registry.nav:
            if user.has_perm(item.permission, partnership):
                url = reverse(item.url_name, args=[partnership.slug])
                items.append({"label": item.label, "url": url})
    # The longest matching prefix is the active item.
    matches = [i for i in items if request.path.startswith(i["url"])]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    if items:
        context["nav_items"] = items
    return context
