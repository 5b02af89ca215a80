"""Task-and-finish groups: the list, a group's page, setting one up, moving it on its life,
members, the final report and re-forming a closed group."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView, View

from .. import services
from ..access import access_group
from ..downloads import protected_download
from ..forms import (
    GroupForm,
    GroupMeetingForm,
    GroupMemberForm,
    GroupMoveForm,
    GroupReportForm,
)
from ..groups import GROUP_WORKFLOW, MOVE_LABELS
from ..models import SubGroup
from ..selectors import group_detail, group_meetings, group_reports, groups_in
from ..viewmixins import PartnershipMixin, ServiceFormMixin


class GroupsMixin(PartnershipMixin):
    permission_required = "partnership.view_groups"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Task and finish groups", reverse("partnership:groups", args=[self.partnership.slug]))]


class GroupListView(GroupsMixin, ListView):  # type: ignore[misc]
    template_name = "partnership/groups.html"

    def get_queryset(self) -> Any:
        return groups_in(partnership=self.partnership)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        crumbs = super().get_breadcrumbs()
        return [*crumbs[:-1], (crumbs[-1][0], None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(  # type: ignore[no-any-return]
            can_manage=self.request.user.has_perm("partnership.manage_groups", self.partnership),
            today=self.today, **kwargs)

    @property
    def today(self) -> Any:
        from django.utils import timezone

        return timezone.localdate()


class OneGroupMixin(GroupsMixin):
    """Views under /groups/<pk>/: a task-and-finish group of this partnership, else 404."""

    def get_group(self) -> SubGroup:
        if not hasattr(self, "group"):
            self.group = access_group(user=self.request.user, partnership=self.partnership,
                                      pk=self.kwargs["pk"])
        return self.group

    def get_permission_object(self) -> Any:
        return self.get_group().partnership

    def group_url(self) -> str:
        return reverse("partnership:group", args=[self.partnership.slug, self.get_group().pk])

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), (self.get_group().name, self.group_url())]


class GroupDetailView(OneGroupMixin, TemplateView):  # type: ignore[misc]
    template_name = "partnership/group.html"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        crumbs = super().get_breadcrumbs()
        return [*crumbs[:-1], (crumbs[-1][0], None)]

    past_meetings_per_page = 10

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        group = group_detail(group=self.get_group())
        plans = [plan for accessor in _plan_accessors() for plan in getattr(group, accessor).all()]
        meetings = group_meetings(group=group, user=self.user)
        page = Paginator(meetings.past(), self.past_meetings_per_page).get_page(
            self.request.GET.get("page"))
        confidential = self.request.user.has_perm("partnership.view_confidential",
                                                  self.partnership)
        return super().get_context_data(  # type: ignore[no-any-return]
            group=group, plans=plans,
            can_manage=self.request.user.has_perm("partnership.manage_groups", self.partnership),
            moves=_moves(group), upcoming_meetings=list(meetings.upcoming()),
            past_meetings=list(page), page_obj=page,
            reports=list(group_reports(group=group, user=self.user,
                                       confidential_allowed=confidential)), **kwargs)


def _plan_accessors() -> list[str]:
    from ..registry import registry

    return registry.related("partnership.SubGroup")


def _moves(group: SubGroup) -> list[tuple[str, str]]:
    return [(status, MOVE_LABELS[status]) for status in GROUP_WORKFLOW.states.values
            if GROUP_WORKFLOW.can(group.status, status)]


class GroupFormMixin(ServiceFormMixin, GroupsMixin):
    permission_required = "partnership.manage_groups"
    template_name = "partnership/form_page.html"
    page_title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(page_title=self.page_title, **kwargs)  # type: ignore[no-any-return,misc]


class GroupCreateView(GroupFormMixin, FormView):  # type: ignore[misc]
    form_class = GroupForm
    page_title = "Set up a task and finish group"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: GroupForm) -> HttpResponse:
        group = services.group_propose(partnership=self.partnership, by=self.user,
                                       **form.cleaned_data)
        messages.success(self.request, f"{group.name} is set up (proposed).")
        return redirect("partnership:group", slug=self.partnership.slug, pk=group.pk)


class OneGroupFormMixin(GroupFormMixin, OneGroupMixin):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(caption=self.get_group().name, **kwargs)


class GroupEditView(OneGroupFormMixin, FormView):  # type: ignore[misc]
    form_class = GroupForm
    page_title = "Edit the group's details"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership, "edit": True}

    def get_initial(self) -> dict[str, Any]:
        group = self.get_group()
        return {"name": group.name, "remit": group.remit, "chair": group.chair_id,
                "reports_to": group.reports_to, "formed_on": group.formed_on,
                "report_back_on": group.report_back_on}

    def perform(self, form: GroupForm) -> HttpResponse:
        group = services.group_update(group=self.get_group(), by=self.user, **form.cleaned_data)
        messages.success(self.request, f"{group.name}'s details are saved.")
        return redirect(self.group_url())


class GroupMeetingScheduleView(OneGroupFormMixin, FormView):  # type: ignore[misc]
    """Schedule a meeting of the group: it then has its agenda, papers and minutes as any
    meeting does (the meeting pages)."""

    form_class = GroupMeetingForm
    page_title = "Schedule a meeting of this group"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_initial(self) -> dict[str, Any]:
        return {"title": f"{self.get_group().name} task and finish group"}

    def perform(self, form: GroupMeetingForm) -> HttpResponse:
        meeting = services.group_meeting_schedule(group=self.get_group(), by=self.user,
                                                  **form.cleaned_data)
        messages.success(self.request, "The group's meeting is scheduled. Add its agenda here.")
        return redirect("partnership:meeting", slug=self.partnership.slug, pk=meeting.pk)


class GroupReformView(OneGroupFormMixin, FormView):  # type: ignore[misc]
    form_class = GroupForm
    page_title = "Re-form the group"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership, "reform": True}

    def get_initial(self) -> dict[str, Any]:
        group = self.get_group()
        return {"remit": group.remit, "chair": group.chair_id, "reports_to": group.reports_to}

    def perform(self, form: GroupForm) -> HttpResponse:
        group = services.group_reform(group=self.get_group(), by=self.user, **form.cleaned_data)
        messages.success(self.request, f"{group.name} is re-formed for a new term (proposed).")
        return redirect("partnership:group", slug=self.partnership.slug, pk=group.pk)


class GroupMoveView(OneGroupFormMixin, FormView):  # type: ignore[misc]
    form_class = GroupMoveForm
    page_title = "Change the group's status"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "choices": _moves(self.get_group())}

    def get_initial(self) -> dict[str, Any]:
        from django.utils import timezone

        return {"on": timezone.localdate()}

    def perform(self, form: GroupMoveForm) -> HttpResponse:
        group = services.group_move(group=self.get_group(), by=self.user, **form.cleaned_data)
        messages.success(self.request, f"{group.name} is now "
                                       f"{GROUP_WORKFLOW.label(group.status).lower()}.")
        return redirect(self.group_url())


class GroupMemberAddView(OneGroupFormMixin, FormView):  # type: ignore[misc]
    form_class = GroupMemberForm
    page_title = "Add a member"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: GroupMemberForm) -> HttpResponse:
        services.group_member_add(group=self.get_group(), by=self.user, **form.cleaned_data)
        messages.success(self.request, "The member is added.")
        return redirect(self.group_url())


class GroupReportView(OneGroupFormMixin, FormView):  # type: ignore[misc]
    form_class = GroupReportForm
    page_title = "Upload the group's final report"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(multipart=True, **kwargs)

    def perform(self, form: GroupReportForm) -> HttpResponse:
        services.group_report_upload(group=self.get_group(), by=self.user, **form.cleaned_data)
        messages.success(self.request, "The final report is uploaded.")
        return redirect(self.group_url())


class GroupReportDownloadView(OneGroupMixin, View):  # type: ignore[misc]
    def get(self, request: Any, *args: Any, **kwargs: Any) -> FileResponse:
        group = self.get_group()
        return protected_download(group.final_report, filename=group.final_report_name,
                                  content_type=group.final_report_type)
