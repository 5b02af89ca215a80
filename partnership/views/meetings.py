"""Meetings, agenda items, papers, minutes and the action log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, View

from .. import services
from ..access import (
    access_agenda_item,
    access_board_pack,
    access_current_paper,
    access_meeting,
    access_meeting_action,
    access_paper,
)
from ..downloads import protected_download
from ..forms import (
    AgendaItemForm,
    AgendaItemMinutesForm,
    AgendaItemMoveForm,
    MeetingActionForm,
    MeetingActionStatusForm,
    MeetingForm,
    MinutesForm,
    PaperReplaceForm,
    PaperUploadForm,
)
from ..links import url_prefix
from ..models import AgendaItem, BoardPack, BoardPackPart, Meeting, MeetingActionStatus, Paper
from ..selectors import board_pack_panel, meeting_bodies, meeting_detail, meetings_in
from ..viewmixins import ObjectPermissionMixin, PartnershipMixin, ServiceFormMixin, redirect_to_next


class MeetingsCrumbsMixin(PartnershipMixin):
    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Meetings", reverse("partnership:meetings", args=[self.partnership.slug]))]


class MeetingListView(PartnershipMixin, ListView):
    permission_required = "partnership.view_meeting"
    template_name = "partnership/meetings.html"
    past_per_page = 25

    def get_queryset(self) -> Any:
        self.bodies = meeting_bodies(partnership=self.partnership)
        self.body = self.request.GET.get("body", "")
        if self.body not in dict(self.bodies):
            self.body = ""  # junk or another partnership's group: all meetings
        # Only the columns the tables show (not the minutes' text).
        return (meetings_in(partnership=self.partnership, user=self.user).of_body(self.body)
                .only("partnership", "title", "starts_at", "group__name"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from urllib.parse import urlencode

        context = super().get_context_data(**kwargs)
        meetings = context["object_list"]
        context["upcoming"] = list(meetings.upcoming())
        context["page_obj"] = Paginator(meetings.past(), self.past_per_page).get_page(
            self.request.GET.get("page"))
        context["bodies"], context["body"] = self.bodies, self.body
        context["extra"] = urlencode({"body": self.body}) if self.body else ""
        context["past"] = list(context["page_obj"])
        context["can_manage"] = self.request.user.has_perm("partnership.manage_meetings",
                                                           self.partnership)
        # Row links from a prefix: no URL reversing per row.
        context["meeting_url_prefix"] = url_prefix("partnership:meeting", self.partnership.slug)
        return context


class MeetingObjectMixin(ObjectPermissionMixin, MeetingsCrumbsMixin):
    """Views under /meetings/<pk>/: the meeting must be in this partnership."""

    meeting_kwarg = "pk"

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "meeting"):
            self.meeting = access_meeting(user=self.user, partnership=self.partnership,
                                          pk=self.kwargs[self.meeting_kwarg])
        return self.meeting

    def get_permission_object(self) -> Any:
        return self.get_meeting().partnership

    def meeting_url(self) -> str:
        return reverse("partnership:meeting", args=[self.partnership.slug, self.get_meeting().pk])

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), (self.get_meeting().title, self.meeting_url())]


class MeetingDetailView(MeetingObjectMixin, DetailView):
    permission_required = "partnership.view_meeting"
    template_name = "partnership/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset: Any = None) -> Meeting:
        allowed = self.request.user.has_perm("partnership.view_confidential", self.partnership)
        return meeting_detail(meeting=self.get_meeting(), confidential_allowed=allowed)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return MeetingsCrumbsMixin.get_breadcrumbs(self)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm("partnership.manage_meetings",
                                                           self.partnership)
        context["pack_panel"] = board_pack_panel(meeting=self.get_meeting(), user=self.user)
        return context


class MeetingCreateView(ServiceFormMixin, MeetingsCrumbsMixin, FormView):
    permission_required = "partnership.manage_meetings"
    template_name = "partnership/form_page.html"
    form_class = MeetingForm
    extra_context = {"page_title": "Add a meeting"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: MeetingForm) -> HttpResponse:
        meeting = services.meeting_create(partnership=self.partnership, by=self.user,
                                          **form.cleaned_data)
        messages.success(self.request, "The meeting has been added.")
        return redirect("partnership:meeting", slug=self.partnership.slug, pk=meeting.pk)


class MeetingEditView(ServiceFormMixin, MeetingObjectMixin, FormView):
    permission_required = "partnership.manage_meetings"
    template_name = "partnership/form_page.html"
    form_class = MeetingForm
    extra_context = {"page_title": "Edit meeting"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_initial(self) -> dict[str, Any]:
        meeting = self.get_meeting()
        starts_at = timezone.localtime(meeting.starts_at)
        return {"title": meeting.title, "date": starts_at.date(), "time": starts_at.time(),
                "location": meeting.location, "group": meeting.group}

    def perform(self, form: MeetingForm) -> HttpResponse:
        services.meeting_update(meeting=self.get_meeting(), by=self.user,
                                **form.cleaned_data)
        messages.success(self.request, "The meeting has been updated.")
        return redirect(self.meeting_url())


class MinutesView(ServiceFormMixin, MeetingObjectMixin, FormView):
    permission_required = "partnership.manage_meetings"
    template_name = "partnership/form_page.html"
    form_class = MinutesForm
    extra_context = {"page_title": "Minutes"}

    def get_initial(self) -> dict[str, Any]:
        return {"minutes": self.get_meeting().minutes,
                "approved": self.get_meeting().minutes_approved}

    def perform(self, form: MinutesForm) -> HttpResponse:
        services.meeting_record_minutes(meeting=self.get_meeting(), by=self.user,
                                        minutes=form.cleaned_data["minutes"],
                                        approved=form.cleaned_data["approved"])
        messages.success(self.request, "The minutes have been saved.")
        return redirect(self.meeting_url())


class AgendaItemAddView(ServiceFormMixin, MeetingObjectMixin, FormView):
    permission_required = "partnership.manage_meetings"
    template_name = "partnership/form_page.html"
    form_class = AgendaItemForm
    extra_context = {"page_title": "Add an agenda item"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership, "add_another": True,
                "board_meeting": self.get_meeting().group_id is None}

    def perform(self, form: AgendaItemForm) -> HttpResponse:
        item = services.agenda_item_add(meeting=self.get_meeting(), by=self.user,
                                        **form.cleaned_data)
        if "add_another" in self.request.POST:
            messages.success(self.request, f"Item {item.order}, “{item.title}”, has been added. "
                                           "Add the next one.")
            return redirect(self.request.path)
        messages.success(self.request, "The agenda item has been added.")
        return redirect(self.meeting_url() + f"#item-{item.pk}")


class AgendaItemObjectMixin(MeetingObjectMixin):
    meeting_kwarg = "meeting_pk"
    item_kwarg = "pk"

    def get_item(self) -> AgendaItem:
        if not hasattr(self, "item"):
            self.item = access_agenda_item(meeting=self.get_meeting(),
                                           pk=self.kwargs[self.item_kwarg])
            self.item.meeting = self.get_meeting()
        return self.item

    def get_permission_object(self) -> Any:
        return self.get_item()

    def item_url(self) -> str:
        return self.meeting_url() + f"#item-{self.get_item().pk}"


class AgendaItemEditView(ServiceFormMixin, AgendaItemObjectMixin, FormView):
    permission_required = "partnership.manage_meetings"
    template_name = "partnership/agenda_item_edit.html"
    form_class = AgendaItemForm
    extra_context = {"page_title": "Edit agenda item"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership,
                "board_meeting": self.get_meeting().group_id is None}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(item=self.get_item(), **kwargs)

    def get_initial(self) -> dict[str, Any]:
        item = self.get_item()
        return {"title": item.title, "owner": item.owner, "summary": item.summary,
                "confidential": item.confidential, "purpose": item.purpose,
                "duration_minutes": item.duration_minutes, "presenter": item.presenter,
                "report_from": item.report_from_id}

    def perform(self, form: AgendaItemForm) -> HttpResponse:
        services.agenda_item_update(item=self.get_item(), by=self.user, **form.cleaned_data)
        messages.success(self.request, "The agenda item has been updated.")
        return redirect(self.item_url())


class AgendaItemMoveView(AgendaItemObjectMixin, View):
    """POST only: move an item one place up or down the agenda (the meeting page's buttons)."""

    permission_required = "partnership.manage_meetings"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = AgendaItemMoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose to move the item up or down.")
            return redirect(self.meeting_url() + "#agenda")
        item = services.agenda_item_move(item=self.get_item(), by=self.user,
                                         direction=form.cleaned_data["direction"])
        messages.success(request, f"“{item.title}” is now item {item.order}.")
        # Back to the same button (a keyboard user can press it again), or to the other one
        # when the item reached the top or the bottom.
        last = item.order == AgendaItem.objects.filter(meeting=self.get_meeting()).count()
        direction = form.cleaned_data["direction"]
        if (direction == "up" and item.order == 1) or (direction == "down" and last):
            direction = "down" if direction == "up" else "up"
        return redirect(self.meeting_url() + f"#move-{direction}-{item.pk}")


class AgendaItemRemoveView(AgendaItemObjectMixin, View):
    """POST only: take an item off the agenda (confirmed on the item's edit page)."""

    permission_required = "partnership.manage_meetings"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        item = self.get_item()
        services.agenda_item_remove(item=item, by=self.user)
        messages.success(request, f"“{item.title}” has been removed from the agenda.")
        return redirect(self.meeting_url() + "#agenda")


class AgendaItemMinutesView(ServiceFormMixin, AgendaItemObjectMixin, FormView):
    """One item's minutes, decisions and an action agreed under it."""

    permission_required = "partnership.manage_meetings"
    template_name = "partnership/form_page.html"
    form_class = AgendaItemMinutesForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        item = self.get_item()
        return super().get_context_data(
            page_title=f"Minutes of item {item.order}: {item.title}", caption=self.get_meeting().title,
            **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"minutes": self.get_item().minutes, "decisions": self.get_item().decisions}

    def perform(self, form: AgendaItemMinutesForm) -> HttpResponse:
        action = services.agenda_item_record_minutes(item=self.get_item(), by=self.user,
                                                     **form.cleaned_data)
        messages.success(self.request, "The minutes have been saved"
                         + (" and the action added to the log." if action else "."))
        return redirect(self.item_url())


class PaperUploadView(ServiceFormMixin, AgendaItemObjectMixin, FormView):
    permission_required = "partnership.manage_meetings"
    template_name = "partnership/form_page.html"
    form_class = PaperUploadForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            page_title=f"Upload a paper for “{self.get_item().title}”", multipart=True, **kwargs)

    def perform(self, form: PaperUploadForm) -> HttpResponse:
        services.paper_upload(item=self.get_item(), by=self.user,
                              title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
        messages.success(self.request, "The paper has been uploaded.")
        return redirect(self.item_url())


class PaperObjectMixin(AgendaItemObjectMixin):
    """Views under /meetings/<meeting_pk>/papers/<pk>/: the current version of a paper."""

    def get_paper(self) -> Paper:
        if not hasattr(self, "paper"):
            self.paper = access_current_paper(meeting=self.get_meeting(), pk=self.kwargs["pk"])
            self.item = self.paper.agenda_item
            self.item.meeting = self.get_meeting()
        return self.paper

    def get_item(self) -> AgendaItem:
        self.get_paper()
        return self.item


class PaperReplaceView(ServiceFormMixin, PaperObjectMixin, FormView):
    """Upload a new version of a paper; on the same page, withdraw it instead."""

    permission_required = "partnership.manage_meetings"
    template_name = "partnership/paper_replace.html"
    form_class = PaperReplaceForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        paper = self.get_paper()
        return super().get_context_data(
            page_title=f"Replace “{paper.title}”", multipart=True, paper=paper,
            caption=f"Item {self.get_item().order}: {self.get_item().title}", **kwargs)

    def perform(self, form: PaperReplaceForm) -> HttpResponse:
        new = services.paper_replace(paper=self.get_paper(), by=self.user,
                                     title=form.cleaned_data["title"],
                                     upload=form.cleaned_data["file"])
        messages.success(self.request, f"Version {new.version} of “{new.title}” has been "
                                       "uploaded. The earlier version is kept as superseded.")
        return redirect(self.item_url())


class PaperWithdrawView(PaperObjectMixin, View):
    """POST only: withdraw a paper (confirmed on its replace page)."""

    permission_required = "partnership.manage_meetings"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        paper = services.paper_withdraw(paper=self.get_paper(), by=self.user)
        messages.success(request, f"“{paper.title}” has been withdrawn. It will not be in the "
                                  "next board pack.")
        return redirect(self.item_url())


class PaperDownloadView(PartnershipMixin, View):
    """Papers are only ever served here, after the permission check."""

    permission_required = "partnership.view_paper"

    def get_permission_object(self) -> Paper:
        if not hasattr(self, "paper"):
            self.paper = access_paper(user=self.user, partnership=self.partnership,
                                      pk=self.kwargs["pk"])
        return self.paper

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        paper = self.get_permission_object()
        return protected_download(paper.file, filename=paper.original_name,
                                  content_type=paper.content_type)


class MeetingActionAddView(ServiceFormMixin, MeetingObjectMixin, FormView):
    permission_required = "partnership.manage_meetings"
    template_name = "partnership/form_page.html"
    form_class = MeetingActionForm
    extra_context = {"page_title": "Add to the action log"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: MeetingActionForm) -> HttpResponse:
        services.meeting_action_add(meeting=self.get_meeting(), by=self.user,
                                    **form.cleaned_data)
        messages.success(self.request, "The action has been added to the log.")
        return redirect(self.meeting_url())


class MeetingActionStatusView(PartnershipMixin, View):
    """POST only: the owner or a coordinator marks an action done or open again."""

    permission_required = "partnership.view_meeting"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        action = access_meeting_action(user=self.user, partnership=self.partnership,
                                       pk=kwargs["pk"])
        form = MeetingActionStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a valid status.")
        else:
            services.meeting_action_set_status(action=action, by=self.user,
                                               status=MeetingActionStatus(form.cleaned_data["status"]))
            messages.success(request, "The action has been updated.")
        return redirect_to_next(request, reverse("partnership:meeting",
                                                 args=[self.partnership.slug, action.meeting_id]))


class BoardPackRequestView(MeetingObjectMixin, View):
    """POST only: queue the board pack; the meeting page shows its progress."""

    permission_required = "partnership.manage_meetings"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        services.board_pack_request(meeting=self.get_meeting(), by=self.user)
        messages.success(request, "The board pack is being compiled. You will get an email "
                                  "when it is ready.")
        return redirect(self.meeting_url() + "#board-pack")


class BoardPackStatusView(MeetingObjectMixin, View):
    """The board pack panel alone, for the page's progress script (GET, HTML fragment)."""

    permission_required = "partnership.view_meeting"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        meeting = self.get_meeting()
        response = render(request, "partnership/includes/board_pack_panel.html", {
            "partnership": self.partnership, "meeting": meeting,
            "pack_panel": board_pack_panel(meeting=meeting, user=self.user)})
        response["Cache-Control"] = "no-store"
        return response


class BoardPackDownloadView(PartnershipMixin, View):
    """A compiled pack's main part (``part = "main"``) or its restricted part.

    The restricted part answers 404, not 403, to anyone who may not see confidential items:
    the same answer as for a pack that does not exist."""

    permission_required = "partnership.view_meeting"
    part = BoardPackPart.MAIN

    def get_permission_object(self) -> BoardPack:
        if not hasattr(self, "pack"):
            self.pack = access_board_pack(user=self.user, partnership=self.partnership,
                                          pk=self.kwargs["pk"], part=self.part)
        return self.pack

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        pack = self.get_permission_object()
        services.board_pack_download_record(pack=pack, by=self.user, part=self.part)
        restricted = self.part == BoardPackPart.RESTRICTED
        day = f"{pack.meeting.starts_at:%Y-%m-%d}"
        return protected_download(
            pack.restricted_file if restricted else pack.file,
            filename=f"board-pack-{day}-restricted.pdf" if restricted else f"board-pack-{day}.pdf",
            content_type="application/pdf")


class BoardPackRestrictedDownloadView(BoardPackDownloadView):
    part = BoardPackPart.RESTRICTED
