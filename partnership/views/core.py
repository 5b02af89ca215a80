"""Home, partnership switcher, dashboard, "My work", accessibility statement."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from ..models import Partnership
from ..registry import Panel, registry
from ..roles import roles_in
from ..selectors import meeting_actions_for, meetings_in, next_board
from ..viewmixins import PartnershipMixin


class HomeView(LoginRequiredMixin, View):
    """Send people whose work spans partnerships where a feature app says (the OPCC officer to
    the returns awaiting their decision); everyone else to the partnership they used last, else
    their first one: to their own work ("My work") when they have a working role there, else to
    its dashboard."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from ..models import Role

        for landing in registry.landings:  # e.g. the OPCC officer's own list
            url = landing(request.user)
            if url:
                return redirect(url)
        visible = Partnership.objects.visible_to(request.user)
        slug = request.session.get("partnership")
        partnership = (visible.filter(slug=slug).first() if slug else None) or visible.first()
        if partnership is None:
            if request.user.dhr_requests.exists():  # type: ignore[union-attr]
                return redirect("returns:list")  # an agency contributor (reviews)
            return TemplateView.as_view(template_name="partnership/no_partnership.html")(request)
        if roles_in(request.user, partnership) - {Role.VIEWER}:
            return redirect("partnership:my_work", slug=partnership.slug)
        return redirect("partnership:dashboard", slug=partnership.slug)


class SwitchPartnershipView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        slug = request.GET.get("partnership", "")
        # Not a slug (a NUL byte would reach PostgreSQL and be a 500): no such partnership.
        if not slug_re.fullmatch(slug) or not Partnership.objects.visible_to(
                request.user).filter(slug=slug).exists():
            raise Http404("No such partnership.")
        return redirect("partnership:dashboard", slug=slug)


class AccessibilityView(TemplateView):
    template_name = "accessibility.html"


def render_panels(request: HttpRequest, partnership: Partnership,
                  panels: list[Panel]) -> list[dict[str, Any]]:
    rendered = []
    for panel in panels:
        context = panel.context(request, partnership)
        if context is not None:
            rendered.append({"template": panel.template, "context": context, "key": panel.key})
    return rendered


class DashboardView(PartnershipMixin, TemplateView):
    template_name = "partnership/dashboard.html"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["upcoming_meetings"] = list(
            meetings_in(partnership=self.partnership, user=self.user).upcoming()[:5])
        context["organisation_count"] = self.partnership.organisations.count()  # only shown
        context["next_board"], context["next_board_pack"] = next_board(
            partnership=self.partnership, user=self.user)
        context["panels"] = render_panels(self.request, self.partnership, registry.dashboard)
        return context


class MyWorkView(PartnershipMixin, TemplateView):
    template_name = "partnership/my_work.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from ..models import Role

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["my_roles"] = [Role(role).label for role in sorted(roles_in(user, self.partnership))]
        context["meeting_actions"] = list(
            meeting_actions_for(user=self.user, partnership=self.partnership))
        # The next Partnership board and its pack (board members prepare for it).
        context["next_board"], context["next_board_pack"] = next_board(
            partnership=self.partnership, user=self.user)
        context["panels"] = render_panels(self.request, self.partnership, registry.my_work)
        return context
