"""Awards, budget lines, spend and virements."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import FormView, ListView, TemplateView, View

from partnership.downloads import protected_download
from partnership.links import url_prefix
from partnership.viewmixins import ForgivingPaginationMixin, ServiceFormMixin

from .. import services
from ..access import access_budget_line, access_virement
from ..forms import (
    AwardForm,
    BudgetLineEditForm,
    BudgetLineForm,
    SpendForm,
    VirementDecisionForm,
    VirementForm,
)
from ..models import AwardStatus, BudgetLine
from ..selectors import (
    award_page,
    awards_in,
    figures_for,
    lines_with_figures,
    outstanding_dues,
    spend_ledger,
    virements_of,
)
from .base import AwardMixin, FundingMixin


class AwardListView(FundingMixin, TemplateView):
    template_name = "funding/awards.html"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs()[:-1], ("Funding", None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        awards_qs = awards_in(partnership=self.partnership, user=self.request.user)  # type: ignore[arg-type]
        # The dashboard links its figures here: ?status=active, ?returns=due.
        status = self.request.GET.get("status", "")
        if status in AwardStatus.values:
            awards_qs = awards_qs.filter(status=status)
        returns_due = self.request.GET.get("returns") == "due"
        if returns_due:
            awards_qs = awards_qs.filter(pk__in=outstanding_dues(
                partnership=self.partnership, user=self.request.user,  # type: ignore[arg-type]
                today=timezone.localdate()).values("award"))
        awards = list(awards_qs)
        for award in awards:
            award.remaining = award.amount - award.spent  # type: ignore[attr-defined]
        context["awards"] = awards
        context["filtered"] = {"status": AwardStatus(status).label if status in
                               AwardStatus.values else "", "returns_due": returns_due}
        context["can_manage"] = self.request.user.has_perm("funding.manage_awards", self.partnership)
        return context


class AwardCreateView(ServiceFormMixin, FundingMixin, FormView):
    permission_required = "funding.manage_awards"
    template_name = "funding/form_page.html"
    form_class = AwardForm
    extra_context = {"page_title": "Add a grant award", "multipart": True}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: AwardForm) -> HttpResponse:
        data = form.cleaned_data
        award = services.award_create(
            partnership=self.partnership, by=self.request.user,  # type: ignore[arg-type]
            stream=data["stream"], year_start=data["year_start"],
            revenue_amount=data["revenue_amount"], capital_amount=data["capital_amount"],
            conditions=data["conditions"], schedule=data["schedule"],
            variance_threshold_percent=data["variance_threshold_percent"],
            award_letter=data.get("award_letter"))
        messages.success(self.request, "The award has been added. Now add its budget lines.")
        return redirect("funding:award", slug=self.partnership.slug, award_pk=award.pk)


class AwardDetailView(AwardMixin, TemplateView):
    template_name = "funding/award_detail.html"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs()[:-1], (str(self.get_award()), None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["page"] = award_page(award=self.get_award())
        context["award"] = self.get_award()
        context["can_manage"] = user.has_perm("funding.manage_awards", self.partnership)
        context["can_spend"] = user.has_perm("funding.record_spend", self.partnership)
        context["can_request_virement"] = user.has_perm("funding.request_virement", self.partnership)
        context["can_approve_virement"] = user.has_perm("funding.approve_virement", self.partnership)
        context["can_edit_return"] = user.has_perm("funding.edit_return", self.partnership)
        # Each line's "Change" link from a prefix: no URL reversing per line.
        context["line_edit_prefix"] = url_prefix("funding:line_edit", self.partnership.slug,
                                                 context["award"].pk, after_pk="/edit/")
        return context


class AwardLetterView(AwardMixin, View):
    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        award = self.get_award()
        return protected_download(award.award_letter, filename=award.award_letter_name,
                                  content_type=award.award_letter_type)


class BudgetLineAddView(ServiceFormMixin, AwardMixin, FormView):
    permission_required = "funding.manage_awards"
    template_name = "funding/form_page.html"
    form_class = BudgetLineForm
    extra_context = {"page_title": "Add a budget line"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: BudgetLineForm) -> HttpResponse:
        services.budget_line_add(award=self.get_award(), by=self.request.user,  # type: ignore[arg-type]
                                 **form.cleaned_data)
        messages.success(self.request, "The budget line has been added.")
        return redirect(self.award_url())


class SpendAddView(ServiceFormMixin, AwardMixin, FormView):
    permission_required = "funding.record_spend"
    template_name = "funding/form_page.html"
    form_class = SpendForm
    extra_context = {"page_title": "Record spend"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "award": self.get_award()}

    def perform(self, form: SpendForm) -> HttpResponse:
        spend = services.spend_record(by=self.request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(self.request, f"£{spend.amount:,.2f} has been recorded against "
                                       f"“{spend.line.title}”.")
        return redirect(self.award_url())


class VirementRequestView(ServiceFormMixin, AwardMixin, FormView):
    permission_required = "funding.request_virement"
    template_name = "funding/virement_form.html"
    form_class = VirementForm
    extra_context = {"page_title": "Ask to move money between lines"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "award": self.get_award()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["figures"] = [figures_for(line) for line in lines_with_figures(award=self.get_award())]
        return context

    def perform(self, form: VirementForm) -> HttpResponse:
        services.virement_request(by=self.request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(self.request, "The virement is waiting for approval: the budgets do not "
                                       "change until it is approved.")
        return redirect(self.award_url())


class VirementDecideView(AwardMixin, View):
    """POST only: the coordinator approves or rejects a pending virement."""

    permission_required = "funding.approve_virement"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        from django.core.exceptions import ValidationError

        virement = access_virement(user=request.user, award=self.get_award(), pk=kwargs["pk"])
        form = VirementDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose approve or reject.")
            return redirect(self.award_url())
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.virement_decide(virement=virement, by=request.user, approve=approve)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The virement has been approved: the budgets have changed."
                             if approve else "The virement has been rejected.")
        return redirect(self.award_url())


class AwardStatusView(AwardMixin, View):
    """Close (after a confirmation page) or reopen the award."""

    permission_required = "funding.manage_awards"
    template_name = "funding/award_close.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        award = self.get_award()
        if award.status != AwardStatus.ACTIVE:
            return redirect(self.award_url())
        return render(request, self.template_name, {
            "partnership": self.partnership, "award": award, "crumbs": self.get_breadcrumbs(),
            "page_title": f"Close {award}?"})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        status = request.POST.get("status", "")
        if status not in AwardStatus.values:
            messages.error(request, "Choose whether to close or reopen the award.")
            return redirect(self.award_url())
        if status == AwardStatus.CLOSED and request.POST.get("confirm") != "yes":
            return redirect("funding:award_status", slug=self.partnership.slug,
                            award_pk=self.get_award().pk)
        services.award_set_status(award=self.get_award(), by=request.user,  # type: ignore[arg-type]
                                  status=AwardStatus(status))
        messages.success(request, "The award has been closed: no more spend, lines or virements."
                         if status == AwardStatus.CLOSED else "The award has been reopened.")
        return redirect(self.award_url())


class SpendListView(ForgivingPaginationMixin, AwardMixin, ListView):
    """Every spend entry of the award (50 a page) and every virement with its decision."""

    template_name = "funding/spend_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return spend_ledger(award=self.get_award())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["award"] = self.get_award()
        context["virements"] = list(virements_of(award=self.get_award()))
        return context


class BudgetLineEditView(ServiceFormMixin, AwardMixin, FormView):
    permission_required = "funding.manage_awards"
    template_name = "funding/form_page.html"
    form_class = BudgetLineEditForm

    def get_line(self) -> BudgetLine:
        if not hasattr(self, "line"):
            self.line = access_budget_line(award=self.get_award(), pk=self.kwargs["pk"])
        return self.line

    def get_permission_object(self) -> Any:
        self.get_line()
        return self.partnership

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_initial(self) -> dict[str, Any]:
        line = self.get_line()
        return {"title": line.title, "budget": line.budget, "lead_organisation": line.lead_organisation,
                "priority": line.priority, "profile_h1": line.profile_h1, "profile_h2": line.profile_h2}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        line = self.get_line()
        return super().get_context_data(
            page_title=f"Change “{line.title}” ({line.get_kind_display().lower()})", **kwargs)

    def perform(self, form: BudgetLineEditForm) -> HttpResponse:
        services.budget_line_update(line=self.get_line(), by=self.request.user,  # type: ignore[arg-type]
                                    **form.cleaned_data)
        messages.success(self.request, "The budget line has been changed.")
        return redirect(self.award_url())
