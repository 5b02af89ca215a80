"""The People page: coordinators add people and set their roles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, View

from .. import services
from ..access import access_membership
from ..forms import MembershipAddForm, MembershipEditForm
from ..models import Membership, Organisation
from ..selectors import people_in
from ..viewmixins import ObjectPermissionMixin, PartnershipMixin, ServiceFormMixin


class PeopleCrumbsMixin(PartnershipMixin):
    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("People", reverse("partnership:people", args=[self.partnership.slug]))]


class OrganisationListView(PartnershipMixin, ListView):
    template_name = "partnership/organisations.html"
    context_object_name = "organisations"

    def get_queryset(self) -> Any:
        return Organisation.objects.visible_to(self.request.user).in_partnership(self.partnership)


class PeopleListView(PartnershipMixin, ListView):
    permission_required = "partnership.view_people"
    template_name = "partnership/people.html"
    context_object_name = "memberships"

    def get_queryset(self) -> Any:
        return people_in(partnership=self.partnership, user=self.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm("partnership.manage_people",
                                                           self.partnership)
        return context


class PersonAddView(ServiceFormMixin, PeopleCrumbsMixin, FormView):
    permission_required = "partnership.manage_people"
    template_name = "partnership/form_page.html"
    form_class = MembershipAddForm
    extra_context = {"page_title": "Add a person"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: MembershipAddForm) -> HttpResponse:
        membership = services.membership_add(
            partnership=self.partnership, by=self.user,
            email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"],
            roles=form.cleaned_data["roles"], organisation=form.cleaned_data["organisation"])
        # What the coordinator typed, never the account's own details (it may already exist).
        messages.success(self.request, f"{form.cleaned_data['full_name']} "
                                       f"({membership.user.email}) has been added.")
        return redirect("partnership:people", slug=self.partnership.slug)


class MembershipEditView(ServiceFormMixin, ObjectPermissionMixin, PeopleCrumbsMixin, FormView):
    permission_required = "partnership.manage_people"
    template_name = "partnership/membership_edit.html"
    form_class = MembershipEditForm
    object: Membership

    def get_object(self) -> Membership:
        return access_membership(user=self.request.user, partnership=self.partnership,  # type: ignore[no-any-return]
                                 pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_initial(self) -> dict[str, Any]:
        return {"roles": self.object.roles, "organisation": self.object.organisation}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(page_title=f"Edit {self.object.user}'s roles",
                                        membership=self.object, **kwargs)

    def perform(self, form: MembershipEditForm) -> HttpResponse:
        services.membership_update(membership=self.object, by=self.user,
                                   roles=form.cleaned_data["roles"],
                                   organisation=form.cleaned_data["organisation"])
        messages.success(self.request, f"{self.object.user}'s roles have been updated.")
        return redirect("partnership:people", slug=self.partnership.slug)


class MembershipRemoveView(ObjectPermissionMixin, PeopleCrumbsMixin, View):
    """POST only: remove someone from the partnership (after a confirmation on the edit page)."""

    permission_required = "partnership.manage_people"

    def get_permission_object(self) -> Any:
        return self.partnership

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        membership = access_membership(user=self.user, partnership=self.partnership,
                                       pk=kwargs["pk"])
        try:
            services.membership_remove(membership=membership, by=self.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("partnership:membership_edit", slug=self.partnership.slug,
                            pk=membership.pk)
        messages.success(request, f"{membership.user} has been removed from the partnership.")
        return redirect("partnership:people", slug=self.partnership.slug)
