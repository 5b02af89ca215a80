"""Measures, their figures and chart, and the performance table (seed 004 Fig 1.1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from partnership.exports import csv_download, xlsx_download
from partnership.links import url_prefix
from partnership.periods import FinancialYear, PeriodError

from .. import selectors, services
from ..access import access_measure
from ..charts import bar_chart
from ..exports import performance_sheet, performance_xlsx_sheet
from ..forms import MeasureForm, MeasureValueForm
from .base import FormPage, ObjectMixin, PartnershipFormKwargs, PrioritiesMixin


class MeasureView(ObjectMixin, TemplateView):
    access = staticmethod(access_measure)
    template_name = "priorities/measure.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        measure = selectors.measure_detail(measure=self.get_target())
        values = list(measure.values.all())
        rows = [{"value": v, "figures": selectors.figures_for(measure, v.period_obj)}
                for v in values]
        context.update(measure=measure, rows=rows, summary=selectors.summarise(measure),
                       chart=bar_chart([(v.period_label, v.value) for v in values],
                                       target=measure.target))
        return context


class MeasureCreateView(PartnershipFormKwargs, PrioritiesMixin, FormPage):
    permission_required = "priorities.manage_plan"
    form_class = MeasureForm
    page_title = "Add a performance measure"

    def get_initial(self) -> dict[str, Any]:
        priority = self.request.GET.get("priority", "")
        return {"priority": priority} if priority.isascii() and priority.isdigit() else {}

    def perform(self, form: MeasureForm) -> HttpResponse:
        measure = services.measure_create(partnership=self.partnership, by=self.request.user,  # type: ignore[arg-type]
                                          **form.cleaned_data)
        messages.success(self.request, "The measure has been added.")
        return redirect(self.url("measure", measure.pk))


class MeasureEditView(PartnershipFormKwargs, ObjectMixin, FormPage):
    access = staticmethod(access_measure)
    permission_required = "priorities.manage_plan"
    form_class = MeasureForm
    page_title = "Edit measure"

    def get_initial(self) -> dict[str, Any]:
        m = self.get_target()
        return {f: getattr(m, f) for f in ("name", "priority", "unit", "polarity", "frequency",
                                            "data_source", "baseline", "baseline_period",
                                            "target", "tolerance_pct", "comparator_area")}

    def perform(self, form: MeasureForm) -> HttpResponse:
        services.measure_update(measure=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                **form.cleaned_data)
        messages.success(self.request, "The measure has been updated.")
        return redirect(self.url("measure", self.get_target().pk))


class MeasureValueAddView(ObjectMixin, FormPage):
    access = staticmethod(access_measure)
    permission_required = "priorities.manage_plan"
    form_class = MeasureValueForm
    page_title = "Record a figure"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            caption=self.get_target().name,
            intro="A figure for a period that already has one replaces it.", **kwargs)

    def perform(self, form: MeasureValueForm) -> HttpResponse:
        services.measure_value_record(measure=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                      **form.cleaned_data)
        messages.success(self.request, "The figure has been saved.")
        return redirect(self.url("measure", self.get_target().pk))


def requested_year(request: HttpRequest, partnership: Any,
                   choices: selectors.YearsWithValues | None = None) -> FinancialYear | None:
    """The ?year= asked for, else the latest with figures. Raises PeriodError for a bad one."""
    label = request.GET.get("year", "").strip()
    if label:
        return FinancialYear.parse(label)
    if choices is not None:
        return choices.latest_annual
    return selectors.default_year(partnership=partnership)


class PerformanceView(PrioritiesMixin, TemplateView):
    """A ?year= that is not a financial year shows the latest year, with the error on top."""

    template_name = "priorities/performance.html"
    year_error = ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The years offered and the default year: one query for both.
        self.choices = selectors.year_choices(partnership=self.partnership)
        try:
            self.year = requested_year(request, self.partnership, self.choices)
        except PeriodError as error:
            self.year = self.choices.latest_annual
            self.year_error = str(error)
        return self.render_to_response(self.get_context_data(**kwargs),
                                       status=400 if self.year_error else 200)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.year
        context["year"] = year
        context["year_error"] = self.year_error
        context["years"] = self.choices.years
        # A page of measures at a time (the exports stay complete).
        table = (selectors.performance_page(partnership=self.partnership, year=year,
                                            page=self.request.GET.get("page"))
                 if year else None)
        rows = table.rows if table else []
        areas = {row.measure.comparator_area for row in rows}
        context["rows"] = rows
        context["page_obj"] = table.page if table else None
        query = self.request.GET.copy()
        query.pop("page", None)
        context["page_query"] = query.urlencode()
        # Row links from a prefix: no URL reversing per row.
        context["measure_url_prefix"] = url_prefix("priorities:measure", self.partnership.slug)
        context["comparator_area"] = areas.pop() if len(areas) == 1 else ""
        context["two_years_back"] = year.previous().previous() if year else None
        context["can_import"] = self.request.user.has_perm("priorities.import_measures",
                                                           self.partnership)
        return context


class PerformanceExportView(PrioritiesMixin, View):
    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            year = requested_year(request, self.partnership)
        except PeriodError as error:
            return HttpResponseBadRequest(f"{error}\n", content_type="text/plain; charset=utf-8")
        if year is None:
            raise Http404("There are no figures to export.")
        name = f"performance-{self.partnership.slug}-{year.label.replace('/', '-')}"
        if request.GET.get("format") == "xlsx":
            return xlsx_download(f"{name}.xlsx", [performance_xlsx_sheet(
                partnership=self.partnership, year=year)])
        return csv_download(f"{name}.csv", performance_sheet(partnership=self.partnership,
                                                             year=year))
