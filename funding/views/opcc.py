"""The OPCC's pages across partnerships: every return of a period, and one export of them all."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import View

from partnership.exports import Sheet, csv_download, xlsx_download
from partnership.periods import FinancialYear, Period

from ..exports import opcc_lines_sheet, opcc_sheets
from ..forms import OpccPeriodForm
from ..selectors import (
    GRID_COLUMNS,
    GRID_LABELS,
    kind_totals,
    opcc_awaiting_decision,
    opcc_grid,
    opcc_periods,
    opcc_returns,
)


def default_period(today: datetime.date) -> Period:
    """The half whose returns are due next or were due last: H1 from October, else last H2."""
    year = FinancialYear.containing(today)
    return Period(year, "H1") if today.month >= 10 or today.month <= 3 else Period(year.previous(), "H2")


class OpccMixin(LoginRequiredMixin):
    """Only OPCC officers (and admins) use these; they see only their force area's partnerships."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("funding.use_opcc_pages"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def period_form(self, request: HttpRequest) -> OpccPeriodForm:
        data = request.GET if "period" in request.GET else {
            "period": default_period(timezone.localdate()).key}
        return OpccPeriodForm(data)

    def period_choices(self, request: HttpRequest, form: OpccPeriodForm) -> list[Period]:
        """The picker's options: the periods the force area's schedules expect returns for
        (and the chosen one, if a link asked for another)."""
        periods = opcc_periods(user=request.user)  # type: ignore[arg-type]
        chosen = form.cleaned_data.get("period") if form.is_valid() else None
        if chosen is not None and chosen not in periods:
            periods = sorted([*periods, chosen],
                             key=lambda p: (-p.year.start_year, p.part is None, p.part or ""))
        return periods


class OpccReturnsView(OpccMixin, View):
    template_name = "funding/opcc_returns.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.period_form(request)
        rows: list[dict[str, Any]] = []
        period = None
        if form.is_valid():
            period = form.cleaned_data["period"]
            for grant_return in opcc_returns(user=request.user, period=period):  # type: ignore[arg-type]
                rows.append({"r": grant_return, "totals": kind_totals(grant_return)})
        office = getattr(request.user, "opcc_office", None)
        return render(request, self.template_name, {
            "period_form": form, "form": form if form.errors else None, "period": period,
            "periods": self.period_choices(request, form), "rows": rows, "office": office,
            "crumbs": [("Awaiting your decision", reverse("opcc:home")), ("All returns", None)],
        }, status=200 if form.is_valid() else 400)


class OpccHomeView(OpccMixin, View):
    """Where an OPCC officer lands: every return waiting for their decision, whatever its
    period or partnership in their force area."""

    template_name = "funding/opcc_home.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        waiting = list(opcc_awaiting_decision(user=request.user))  # type: ignore[arg-type]
        return render(request, self.template_name, {
            "waiting": waiting, "office": getattr(request.user, "opcc_office", None),
            "today": timezone.localdate(),
            "next_period": default_period(timezone.localdate()),
            "crumbs": [("Awaiting your decision", None)]})


class OpccGridView(OpccMixin, View):
    """Returns expected and received, per partnership and period, for the chosen period."""

    template_name = "funding/opcc_grid.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.period_form(request)
        period = form.cleaned_data["period"] if form.is_valid() else None
        rows = (opcc_grid(user=request.user, period=period,  # type: ignore[arg-type]
                          today=timezone.localdate()) if period else [])
        totals = [sum(row.counts[column] for row in rows) for column in GRID_COLUMNS]
        return render(request, self.template_name, {
            "period_form": form, "form": form if form.errors else None, "period": period,
            "periods": self.period_choices(request, form), "rows": rows, "totals": totals,
            "columns": [(column, GRID_LABELS[column]) for column in GRID_COLUMNS],
            "office": getattr(request.user, "opcc_office", None),
            "crumbs": [("Awaiting your decision", reverse("opcc:home")),
                       ("Returns expected and received", None)],
        }, status=200 if form.is_valid() else 400)


class OpccGridExportView(OpccMixin, View):
    """The grid as CSV or XLSX (through partnership/exports: formulas neutralised)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.period_form(request)
        fmt = request.GET.get("format", "xlsx")
        if not form.is_valid() or fmt not in ("csv", "xlsx"):
            errors = list(form.errors.get("period", [])) or ["Choose CSV or XLSX."]
            return HttpResponse(" ".join(str(e) for e in errors), status=400,
                                content_type="text/plain; charset=utf-8")
        period: Period = form.cleaned_data["period"]
        rows = opcc_grid(user=request.user, period=period,  # type: ignore[arg-type]
                         today=timezone.localdate())
        sheet = Sheet(title="Returns expected",
                      header=["Partnership", "Period", *(GRID_LABELS[c] for c in GRID_COLUMNS)],
                      rows=[[row.partnership.name, row.period.label,
                             *(row.counts[c] for c in GRID_COLUMNS)] for row in rows])
        name = f"opcc-returns-expected-{period.key.replace('/', '-')}"
        if fmt == "csv":
            return csv_download(f"{name}.csv", sheet)
        return xlsx_download(f"{name}.xlsx", [sheet])


class OpccExportView(OpccMixin, View):
    """One CSV (a row per line) or XLSX (returns and lines) of every return of the period."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.period_form(request)
        fmt = request.GET.get("format", "xlsx")
        if not form.is_valid() or fmt not in ("csv", "xlsx"):
            errors = list(form.errors.get("period", [])) or ["Choose CSV or XLSX."]
            return HttpResponse(" ".join(str(e) for e in errors), status=400,
                                content_type="text/plain; charset=utf-8")
        period: Period = form.cleaned_data["period"]
        returns = list(opcc_returns(user=request.user, period=period))  # type: ignore[arg-type]
        name = f"opcc-returns-{period.key.replace('/', '-')}"
        if fmt == "csv":
            sheet: Sheet = opcc_lines_sheet(returns)
            return csv_download(f"{name}.csv", sheet)
        return xlsx_download(f"{name}.xlsx", opcc_sheets(returns))
