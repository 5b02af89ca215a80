from django.contrib import admin

from .models import (
    Aim,
    CommunitySafetyPlan,
    MeasureValue,
    PerformanceMeasure,
    PlanRefresh,
    Priority,
    Recommendation,
    StrategicAssessment,
)


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ("order", "title", "kind", "risk_level", "lead_organisation")


@admin.register(CommunitySafetyPlan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "partnership", "version", "status", "adopted_on")
    list_filter = ("status", "partnership")
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "order", "kind")
    list_filter = ("plan__partnership",)


admin.site.register(Aim)
admin.site.register(PlanRefresh)


@admin.register(PerformanceMeasure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("name", "partnership", "priority", "polarity", "frequency", "target")
    list_filter = ("partnership", "polarity", "frequency")
    search_fields = ("name",)


@admin.register(MeasureValue)
class MeasureValueAdmin(admin.ModelAdmin):
    list_display = ("measure", "period", "value", "comparator_value")
    list_filter = ("measure__partnership",)
    list_select_related = ("measure",)


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ("order", "text", "priority", "status", "decline_reason")


@admin.register(StrategicAssessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("title", "partnership", "year", "part", "theme", "published_on")
    list_filter = ("partnership", "part")
    inlines = [RecommendationInline]
