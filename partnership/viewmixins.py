"""View plumbing shared by every app: tenancy from the URL, permission checks, form errors."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from .models import Partnership, User


class PartnershipMixin(LoginRequiredMixin):
    """Resolves ``/p/<slug>/``: a partnership the user cannot see is a 404, never a 403.

    ``permission_required`` is then checked against :meth:`get_permission_object`
    (the partnership unless a view says otherwise); failing it is a 403.
    """

    permission_required: str = "partnership.view_partnership"
    partnership: Partnership
    request: HttpRequest
    kwargs: dict[str, Any]

    @property
    def user(self) -> User:
        """The signed-in user (every view here requires a login)."""
        return cast(User, self.request.user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.partnership = get_object_or_404(
            Partnership.objects.visible_to(request.user), slug=kwargs["slug"])
        request.partnership = self.partnership  # type: ignore[attr-defined]
        if request.session.get("partnership") != self.partnership.slug:
            # Written only when it changes: an unchanged session is not saved again.
            request.session["partnership"] = self.partnership.slug
        if not request.user.has_perm(self.permission_required, self.get_permission_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_permission_object(self) -> Any:
        return self.partnership

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["partnership"] = self.partnership
        context["crumbs"] = self.get_breadcrumbs()
        return context

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        from django.urls import reverse

        return [(self.partnership.name, reverse("partnership:dashboard", args=[self.partnership.slug]))]


class ObjectPermissionMixin(PartnershipMixin):
    """For views of one object: found within the partnership (else 404), permission on it."""

    object: Any = None

    def get_queryset(self) -> Any:
        return super().get_queryset().visible_to(self.request.user).in_partnership(  # type: ignore[misc]
            self.partnership)

    def get_permission_object(self) -> Any:
        if not hasattr(self, "object") or self.object is None:
            self.object = self.get_object()  # type: ignore[attr-defined]
        return self.object


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ServiceFormMixin:
    """Form views whose ``form_valid`` calls a service: its ValidationError goes on the form."""

    def perform(self, form: Any) -> HttpResponse:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined,no-any-return]


def redirect_to_next(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Back to the page a form names in its "next" field, when that is a path on this site;
    else to ``fallback``. Never a view name (``redirect("abc")`` would be a 500), never another
    site (an open redirect), never a control character."""
    next_url = request.POST.get("next", "")
    if not (next_url.startswith("/") and next_url.isprintable()
            and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())):
        next_url = fallback
    return HttpResponseRedirect(next_url)


class ForgivingPaginationMixin:
    """For paginated ListViews: a page number that is junk or out of range shows the nearest
    real page (Paginator.get_page) instead of a 404."""

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Any, Any, Any, bool]:
        paginator = self.get_paginator(  # type: ignore[attr-defined]
            queryset, page_size, orphans=self.get_paginate_orphans(),  # type: ignore[attr-defined]
            allow_empty_first_page=self.get_allow_empty())  # type: ignore[attr-defined]
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))  # type: ignore[attr-defined]
        return paginator, page, page.object_list, page.has_other_pages()
