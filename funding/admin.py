"""Admin: funding streams are kept here by system admins; the rest is read for support.

Awards, lines, spend and returns are changed through the portal's services (which check
permissions and the money rules), so here they are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import BudgetLine, FundingStream, GrantAward, GrantReturn, GrantReturnLine, Spend, Virement


@admin.register(FundingStream)
class FundingStreamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "awarding_body"]
    search_fields = ["name", "awarding_body"]


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GrantAward)
class GrantAwardAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "stream", "year_start", "revenue_amount", "capital_amount", "status"]
    list_filter = ["stream", "status", "year_start"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["title", "award", "kind", "budget"]
    list_filter = ["kind"]


@admin.register(Spend)
class SpendAdmin(ReadOnlyAdmin):
    list_display = ["line", "spent_on", "amount", "reference"]


@admin.register(Virement)
class VirementAdmin(ReadOnlyAdmin):
    list_display = ["from_line", "to_line", "amount", "status", "requested_by", "decided_by"]


class GrantReturnLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = GrantReturnLine
    extra = 0
    can_delete = False
    fields = ("title", "kind", "budget", "actual_to_date", "forecast", "variance_explanation")
    readonly_fields = ("title", "kind", "budget", "actual_to_date", "forecast", "variance_explanation")


@admin.register(GrantReturn)
class GrantReturnAdmin(ReadOnlyAdmin):
    list_display = ["award", "part", "revision", "status", "is_current", "submitted_at", "decided_at"]
    list_filter = ["status", "part", "is_current"]
    inlines = [GrantReturnLineInline]
