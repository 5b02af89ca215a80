from django.contrib import admin

from .models import Action, ActionChange, ActionPlan, ActionUpdate, ReportingPeriod, UpdateStep


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["partnership", "period", "deadline", "meeting"]
    list_filter = ["partnership"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "year", "owner_kind", "status"]
    list_filter = ["partnership", "year", "status"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["reference", "plan", "lead_officer", "due_on", "status", "rag"]
    list_filter = ["status", "rag", "plan__partnership"]
    search_fields = ["reference", "description"]
    raw_id_fields = ["plan", "lead_officer", "lead_organisation", "recommendation"]


class UpdateStepInline(admin.TabularInline):
    model = UpdateStep
    extra = 0
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):
    """Read-only: updates change only through the review workflow."""

    list_display = ["action", "period", "state", "submitted_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in ActionUpdate._meta.fields]
    inlines = [UpdateStepInline]


@admin.register(ActionChange)
class ActionChangeAdmin(admin.ModelAdmin):
    list_display = ["action", "field", "old_value", "new_value", "by", "at"]
    readonly_fields = [f.name for f in ActionChange._meta.fields]
