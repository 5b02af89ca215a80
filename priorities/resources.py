"""Measure values in and out of spreadsheets with django-import-export.

Columns ``measure,period,value,comparator_value``. Rows are matched to existing values by
(measure, period); measures are found by name within the partnership (and created when the
caller allows it). Lookups are cached up front, so an import runs a handful of queries per
batch of rows, not per row. Errors name the column; the service adds the row.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from import_export import fields, resources, widgets

from partnership.models import Partnership
from partnership.periods import Period, PeriodError

from .models import Frequency, MeasureValue, PerformanceMeasure

REQUIRED_COLUMNS = ("measure", "period", "value")
OPTIONAL_COLUMNS = ("comparator_value",)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


class FigureWidget(widgets.Widget):
    """A number such as 5433, 1,324 or 12.5; blank only where allowed."""

    def __init__(self, *, required: bool) -> None:
        super().__init__()
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        text = "" if value is None else str(value).strip().replace(",", "")
        if text == "":
            if self.required:
                raise ValueError("Enter a figure.")
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value}” is not a number.") from None
        if not number.is_finite():
            raise ValueError(f"“{value}” is not a number.")
        if abs(number) >= Decimal("1e12"):
            raise ValueError(f"“{value}” is too large.")
        return number.quantize(Decimal("0.01"))


class PeriodWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError("Enter a period, such as 2016/17 or 2016/17 Q3.")
        try:
            period = Period.parse(text)
        except PeriodError as error:
            raise ValueError(str(error)) from None
        if period.is_half:
            raise ValueError(f"“{text}”: give a financial year (2016/17) or a quarter "
                             "(2016/17 Q3), not a half year.")
        return period.key


class MeasureWidget(widgets.Widget):
    """A measure by name within the partnership (case and spacing ignored)."""

    def __init__(self, resource: MeasureValueResource) -> None:
        super().__init__()
        self.resource = resource

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> PerformanceMeasure:
        name = " ".join(("" if value is None else str(value)).split())
        if not name:
            raise ValueError("Enter the measure's name.")
        return self.resource.measure_named(name, period_text=(row or {}).get("period"))


class MeasureValueResource(resources.ModelResource):
    measure = fields.Field(attribute="measure", column_name="measure")
    period = fields.Field(attribute="period", column_name="period", widget=PeriodWidget())
    value = fields.Field(attribute="value", column_name="value",
                         widget=FigureWidget(required=True))
    comparator_value = fields.Field(attribute="comparator_value", column_name="comparator_value",
                                    widget=FigureWidget(required=False))

    class Meta:
        model = MeasureValue
        fields = COLUMNS
        import_id_fields = ("measure", "period")
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        clean_model_instances = False  # checked here without a query per row
        use_transactions = True

    def __init__(self, *, partnership: Partnership, create_measures: bool = False,
                 row_of: Callable[[int], int] | None = None) -> None:
        super().__init__()
        # A data row's index (from 0) → its row in the spreadsheet (the header is row 1).
        self.row_of = row_of or (lambda index: index + 2)
        self.partnership = partnership
        self.create_measures = create_measures
        self.fields["measure"].widget = MeasureWidget(self)
        self.measures = {m.name.casefold(): m
                         for m in PerformanceMeasure.objects.filter(partnership=partnership)}
        self.created_measures: list[PerformanceMeasure] = []
        self.existing: dict[tuple[int, str], MeasureValue] = {
            (v.measure_id, v.period): v
            for v in MeasureValue.objects.filter(measure__partnership=partnership)
        }
        self.seen: dict[tuple[int, str], int] = {}
        self.changes: list[dict[str, Any]] = []

    # Lookups -------------------------------------------------------------------------------

    def measure_named(self, name: str, *, period_text: Any = None) -> PerformanceMeasure:
        measure = self.measures.get(name.casefold())
        if measure is not None:
            return measure
        if not self.create_measures:
            raise ValueError(f"There is no measure called “{name}” in this partnership. "
                             "Check the spelling, or allow new measures to be created.")
        if len(name) > PerformanceMeasure._meta.get_field("name").max_length:  # type: ignore[operator]
            raise ValueError("A measure's name must be 200 characters or fewer.")
        quarterly = "q" in str(period_text or "").lower()
        measure = PerformanceMeasure(
            partnership=self.partnership, name=name,
            frequency=Frequency.QUARTERLY if quarterly else Frequency.ANNUAL,
            order=len(self.measures) + 1)
        measure.full_clean()
        measure.save()
        self.measures[name.casefold()] = measure
        self.created_measures.append(measure)
        return measure

    def get_instance(self, instance_loader: Any, row: Any) -> MeasureValue | None:
        try:
            measure = self.fields["measure"].clean(row)
            period = self.fields["period"].clean(row)
        except ValueError:
            return None  # reported by import_instance with its column
        return self.existing.get((measure.pk, period))

    # Hooks ------------------------------------------------------------------------------------

    def after_init_instance(self, instance: MeasureValue, new: bool, row: Any,
                            **kwargs: Any) -> None:
        instance._before = None if new else (instance.value, instance.comparator_value)  # type: ignore[attr-defined]
        # The spreadsheet's row (import-export counts the data rows from 1).
        instance._row = self.row_of((kwargs.get("row_number") or 1) - 1)  # type: ignore[attr-defined]

    def skip_row(self, instance: MeasureValue, original: Any, row: Any,
                 import_validation_errors: Any = None) -> bool:
        """Refuse a second figure for the same measure and period; skip unchanged rows."""
        from django.core.exceptions import ValidationError

        if import_validation_errors:
            return False
        key = (instance.measure_id, instance.period)
        first = self.seen.get(key)
        if first is not None:
            raise ValidationError({"period": (
                f"“{instance.measure.name}” already has a {Period.parse(instance.period).label} "
                f"figure in row {first}.")})
        self.seen[key] = instance._row  # type: ignore[attr-defined]
        before = getattr(instance, "_before", None)
        return before is not None and before == (instance.value, instance.comparator_value)

    def validate_instance(self, instance: MeasureValue, import_validation_errors: Any = None,
                          validate_unique: bool = True) -> None:
        super().validate_instance(instance, import_validation_errors, validate_unique)
        instance.period_start = Period.parse(instance.period).starts_on

    def save_instance(self, instance: MeasureValue, is_create: bool, row: Any,
                      **kwargs: Any) -> None:
        before = getattr(instance, "_before", None)
        self.changes.append({
            "row": instance._row,  # type: ignore[attr-defined]
             "measure": instance.measure.name,
            "period": Period.parse(instance.period).label, "new": is_create,
            "old_value": before[0] if before else None, "value": instance.value,
            "old_comparator": before[1] if before else None,
            "comparator_value": instance.comparator_value,
        })
        super().save_instance(instance, is_create, row, **kwargs)

    def get_bulk_update_fields(self) -> list[str]:
        return ["value", "comparator_value"]

    def bulk_update(self, using_transactions: bool, dry_run: bool, raise_errors: bool,
                    batch_size: int | None = None, result: Any = None) -> None:
        """One UPDATE … FROM (VALUES …) per batch (the shared partnership.bulk helper): Django's
        CASE-based bulk_update is slow for thousands of rows. Audit triggers still fire."""
        if not self.update_instances:
            return
        from partnership.bulk import bulk_update_values

        try:
            bulk_update_values(MeasureValue, self.update_instances, ["value", "comparator_value"],
                               batch=batch_size or 2000)
        except Exception as error:  # noqa: BLE001 - reported like import-export's own
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.update_instances.clear()
