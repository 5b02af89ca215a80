"""Shared view plumbing for priorities pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.views.generic import FormView

from partnership.viewmixins import PartnershipMixin, ServiceFormMixin


class PrioritiesMixin(PartnershipMixin):
    permission_required = "priorities.view_plan"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Priorities", reverse("priorities:plan", args=[self.partnership.slug]))]

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"priorities:{name}", args=[self.partnership.slug, *args])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_manage"] = user.has_perm("priorities.manage_plan", self.partnership)
        context["can_manage_assessments"] = user.has_perm("priorities.manage_assessment",
                                                          self.partnership)
        return context


class ObjectMixin(PrioritiesMixin):
    """A view of one object found within the URL's partnership through ``access``, one of
    :mod:`priorities.access`'s functions (404 otherwise)."""

    access: staticmethod[..., Any]
    pk_kwarg = "pk"
    kwargs: dict[str, Any]

    def get_target(self) -> Any:
        if not hasattr(self, "target"):
            self.target = self.access(user=self.user, partnership=self.partnership,
                                      pk=self.kwargs[self.pk_kwarg])
        return self.target

    def get_permission_object(self) -> Any:
        return self.get_target()


class FormPage(ServiceFormMixin, FormView):
    template_name = "priorities/form_page.html"
    page_title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("page_title", self.page_title)
        return super().get_context_data(**kwargs)


class PartnershipFormKwargs:
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}  # type: ignore[misc,attr-defined]
