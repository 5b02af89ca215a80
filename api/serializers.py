"""What the read API shows of each object: plain fields, no files, no personal data beyond the
names the pages show; money as strings of pounds and pence (Decimal, never float)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from actionplans.models import Action, ActionUpdate
from funding.models import BudgetLine, GrantAward, GrantReturn, Spend
from partnership.models import Meeting, Partnership
from priorities.models import MeasureValue, PerformanceMeasure


class PartnershipSerializer(serializers.ModelSerializer[Partnership]):
    class Meta:
        model = Partnership
        fields = ["id", "slug", "name", "area", "police_force_area"]


class MeasureSerializer(serializers.ModelSerializer[PerformanceMeasure]):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PerformanceMeasure
        fields = ["id", "partnership", "priority", "name", "unit", "polarity", "frequency",
                  "data_source", "baseline", "baseline_period", "target", "tolerance_pct",
                  "comparator_area"]


class MeasureValueSerializer(serializers.ModelSerializer[MeasureValue]):
    partnership = serializers.SlugRelatedField(source="measure.partnership", slug_field="slug",
                                               read_only=True)

    class Meta:
        model = MeasureValue
        fields = ["id", "partnership", "measure", "period", "period_start", "value",
                  "comparator_value", "recorded_at"]


class ActionSerializer(serializers.ModelSerializer[Action]):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    year = serializers.IntegerField(source="plan.year", read_only=True,
                                    help_text="The financial year's first calendar year.")
    lead_officer = serializers.CharField(source="lead_officer.full_name", read_only=True,
                                         allow_null=True, default=None)
    lead_organisation = serializers.CharField(source="lead_organisation.name", read_only=True,
                                              allow_null=True, default=None)
    rag = serializers.SerializerMethodField(help_text="RAG as every page shows it today.")

    class Meta:
        model = Action
        fields = ["id", "partnership", "plan", "year", "reference", "description",
                  "lead_officer", "lead_organisation", "start_on", "due_on", "status",
                  "percent_complete", "rag"]

    def get_rag(self, action: Any) -> str:
        return str(getattr(action, "live_rag", action.rag))


class ActionUpdateSerializer(serializers.ModelSerializer[ActionUpdate]):
    partnership = serializers.SlugRelatedField(source="action.partnership", slug_field="slug",
                                               read_only=True)
    period = serializers.CharField(source="period.period", read_only=True)
    status = serializers.CharField(source="state", read_only=True)

    class Meta:
        model = ActionUpdate
        fields = ["id", "partnership", "action", "period", "status", "progress",
                  "percent_complete", "proposed_rag", "proposed_status", "submitted_at",
                  "reviewed_at"]


class AwardSerializer(serializers.ModelSerializer[GrantAward]):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stream = serializers.CharField(source="stream.name", read_only=True)

    class Meta:
        model = GrantAward
        fields = ["id", "partnership", "stream", "year_start", "revenue_amount",
                  "capital_amount", "amount", "variance_threshold_percent", "status"]


class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    partnership = serializers.SlugRelatedField(source="award.partnership", slug_field="slug",
                                               read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "partnership", "award", "title", "kind", "budget", "profile_h1",
                  "profile_h2"]


class SpendSerializer(serializers.ModelSerializer[Spend]):
    partnership = serializers.SlugRelatedField(source="line.award.partnership",
                                               slug_field="slug", read_only=True)

    class Meta:
        model = Spend
        fields = ["id", "partnership", "line", "spent_on", "amount", "description", "reference"]


class ReturnSerializer(serializers.ModelSerializer[GrantReturn]):
    partnership = serializers.SlugRelatedField(source="award.partnership", slug_field="slug",
                                               read_only=True)

    class Meta:
        model = GrantReturn
        fields = ["id", "partnership", "award", "part", "revision", "is_current", "status",
                  "summary", "submitted_at", "decided_at"]


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True,
                                  default=None)

    class Meta:
        model = Meeting
        fields = ["id", "partnership", "group", "title", "starts_at", "location",
                  "minutes_approved"]


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
