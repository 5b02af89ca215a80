"""The read API (/api/v1/): read-only lists and objects, each scoped by its model's
``visible_to(user)`` exactly as the pages are (an OPCC officer sees sent returns only; reviews are
never exposed), newest-stable cursor pagination, filters by partnership, period and status."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans.models import Action, ActionUpdate
from actionplans.rag import ActionStatus
from funding.models import BudgetLine, GrantAward, GrantReturn, Spend
from partnership.models import Meeting, Partnership
from partnership.periods import Period, PeriodError
from priorities.models import MeasureValue, PerformanceMeasure

from . import serializers
from .pagination import Cursor

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def _period(request: Request) -> Period | None:
    label = request.query_params.get("period")
    if label is None:
        return None
    if not label.isprintable() or len(label) > 20:
        raise ParseError("That is not a period: use a financial year like 2016/17, a quarter "
                         "like 2016/17-Q3 or a half like 2016/17-H1.")
    try:
        return Period.parse(label.replace("-", " "))
    except PeriodError as error:
        raise ParseError(str(error)) from None


def _day_range(period: Period) -> tuple[datetime.date, datetime.date]:
    return period.starts_on, period.ends_on


ERRORS = {400: serializers.ErrorSerializer, 401: serializers.ErrorSerializer,
          403: serializers.ErrorSerializer, 404: serializers.ErrorSerializer}
PARTNERSHIP = OpenApiParameter("partnership", OpenApiTypes.STR, description=(
    "A partnership's slug, e.g. huntingdonshire. One you cannot see gives an empty list."))
PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description=(
    "A financial year (2016/17), a quarter (2016/17-Q3) or a half (2016/17-H1)."))


def status_parameter(choices: list[str]) -> OpenApiParameter:
    return OpenApiParameter("status", OpenApiTypes.STR, enum=choices)


def documented(serializer: Any, *parameters: OpenApiParameter) -> Callable[[type], type]:
    return extend_schema_view(
        list=extend_schema(parameters=list(parameters),
                           responses={200: serializer(many=True), **ERRORS}),
        retrieve=extend_schema(responses={200: serializer, **ERRORS}))


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """``scoped()`` is the model's visible_to(user) with what the serializer needs joined in;
    ``partnership_path`` names the partnership (as the model's queryset does)."""

    pagination_class = Cursor
    partnership_path = "partnership"
    statuses: ClassVar[dict[str, str]] = {}  # status value -> the field that holds it

    def scoped(self) -> QuerySet[Any]:
        raise NotImplementedError

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.scoped()
        if self.action != "list":
            return queryset
        params = self.request.query_params
        slug = params.get("partnership")
        if slug is not None:
            if not SLUG.fullmatch(slug):
                raise ParseError(f"“{slug[:50]}” is not a partnership's slug: use letters, "
                                 "digits and hyphens, e.g. huntingdonshire.")
            path = f"{self.partnership_path}__slug" if self.partnership_path else "slug"
            queryset = queryset.filter(**{path: slug})
        period = _period(self.request)
        if period is not None:
            queryset = self.filter_period(queryset, period)
        status = params.get("status")
        if status is not None and self.statuses:
            if status not in self.statuses:
                raise ParseError(f"“{status[:50]}” is not a status: use one of "
                                 f"{', '.join(sorted(self.statuses))}.")
            queryset = queryset.filter(**{self.statuses[status]: status})
        return queryset

    def finalize_response(self, request: Request, response: Any, *args: Any,
                          **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response.setdefault("Cache-Control", "private, no-store")
        return response  # type: ignore[no-any-return]


@documented(serializers.PartnershipSerializer, PARTNERSHIP)
class PartnershipViewSet(ReadOnlyViewSet):
    """The partnerships you can see."""

    serializer_class = serializers.PartnershipSerializer
    partnership_path = ""

    def scoped(self) -> QuerySet[Any]:
        return Partnership.objects.visible_to(self.request.user)


@documented(serializers.MeasureSerializer, PARTNERSHIP)
class MeasureViewSet(ReadOnlyViewSet):
    """Performance measures."""

    serializer_class = serializers.MeasureSerializer

    def scoped(self) -> QuerySet[Any]:
        return PerformanceMeasure.objects.visible_to(self.request.user).select_related(
            "partnership")


@documented(serializers.MeasureValueSerializer, PARTNERSHIP, PERIOD)
class MeasureValueViewSet(ReadOnlyViewSet):
    """Measure figures; a year's filter includes its quarters."""

    serializer_class = serializers.MeasureValueSerializer
    partnership_path = "measure__partnership"

    def scoped(self) -> QuerySet[Any]:
        return MeasureValue.objects.visible_to(self.request.user).select_related(
            "measure__partnership")

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset.filter(period_start__range=_day_range(period))


@documented(serializers.ActionSerializer, PARTNERSHIP, PERIOD,
            status_parameter(list(ActionStatus.values)))
class ActionViewSet(ReadOnlyViewSet):
    """Actions of the action plans; a period filters by the plan's financial year."""

    serializer_class = serializers.ActionSerializer
    statuses = dict.fromkeys(ActionStatus.values, "status")

    def scoped(self) -> QuerySet[Any]:
        return (Action.objects.visible_to(self.request.user).with_live_rag()
                .select_related("partnership", "plan", "lead_officer", "lead_organisation"))

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset.filter(plan__year=period.year.start_year)


@documented(serializers.ActionUpdateSerializer, PARTNERSHIP, PERIOD,
            status_parameter(sorted(ActionUpdate.workflow.group("sent"))))
class ActionUpdateViewSet(ReadOnlyViewSet):
    """Quarterly updates that were sent (a draft is its lead officer's working copy)."""

    serializer_class = serializers.ActionUpdateSerializer
    partnership_path = "action__partnership"

    statuses = dict.fromkeys(sorted(ActionUpdate.workflow.group("sent")), "state")

    def scoped(self) -> QuerySet[Any]:
        return (ActionUpdate.objects.visible_to(self.request.user).in_group("sent")
                .select_related("action__partnership", "period"))

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        if period.part:
            return queryset.filter(period__period=period.key)
        return queryset.filter(period__period__startswith=period.year.label)


@documented(serializers.AwardSerializer, PARTNERSHIP, PERIOD)
class AwardViewSet(ReadOnlyViewSet):
    """Grant awards; a period filters by the award's financial year."""

    serializer_class = serializers.AwardSerializer

    def scoped(self) -> QuerySet[Any]:
        return GrantAward.objects.visible_to(self.request.user).select_related(
            "partnership", "stream")

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset.filter(year_start=period.year.start_year)


@documented(serializers.BudgetLineSerializer, PARTNERSHIP, PERIOD)
class BudgetLineViewSet(ReadOnlyViewSet):
    """Budget lines of the awards."""

    serializer_class = serializers.BudgetLineSerializer
    partnership_path = "award__partnership"

    def scoped(self) -> QuerySet[Any]:
        return BudgetLine.objects.visible_to(self.request.user).select_related(
            "award__partnership")

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset.filter(award__year_start=period.year.start_year)


@documented(serializers.SpendSerializer, PARTNERSHIP, PERIOD)
class SpendViewSet(ReadOnlyViewSet):
    """Spend recorded against the lines; a period filters by the day it was spent."""

    serializer_class = serializers.SpendSerializer
    partnership_path = "line__award__partnership"

    def scoped(self) -> QuerySet[Any]:
        return Spend.objects.visible_to(self.request.user).select_related(
            "line__award__partnership")

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset.filter(spent_on__range=_day_range(period))


@documented(serializers.ReturnSerializer, PARTNERSHIP, PERIOD,
            status_parameter(list(GrantReturn.workflow.states.values)))
class ReturnViewSet(ReadOnlyViewSet):
    """Six-monthly returns, as the pages show them: an OPCC officer sees sent ones only."""

    serializer_class = serializers.ReturnSerializer
    partnership_path = "award__partnership"

    statuses = dict.fromkeys(GrantReturn.workflow.states.values, "status")

    def scoped(self) -> QuerySet[Any]:
        return GrantReturn.objects.visible_to(self.request.user).select_related(
            "award__partnership")

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset.for_period(period)  # type: ignore[attr-defined,no-any-return]


@documented(serializers.MeetingSerializer, PARTNERSHIP, PERIOD)
class MeetingViewSet(ReadOnlyViewSet):
    """Meetings (no agenda, papers or minutes: confidential items stay on the pages)."""

    serializer_class = serializers.MeetingSerializer

    def scoped(self) -> QuerySet[Any]:
        return Meeting.objects.visible_to(self.request.user).select_related("partnership",
                                                                            "group")

    def filter_period(self, queryset: QuerySet[Any], period: Period) -> QuerySet[Any]:
        return queryset.filter(starts_at__date__range=_day_range(period))
