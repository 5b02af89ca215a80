"""Reviews on the dashboard and in the board pack: the anonymised list only (reference, stage,
the deadline it works to). Never a pseudonym, a name or a detail of a case."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from partnership.models import Partnership

from .rules import allowed
from .selectors import open_review_rows, open_stage_counts


def dashboard_panel(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    if not allowed(request.user, "reviews.view_list", partnership):
        return None  # the OPCC: nothing says reviews exist
    rows = open_review_rows(partnership=partnership, today=timezone.localdate(), limit=5)
    stages = open_stage_counts(partnership=partnership)
    return {"partnership": partnership, "rows": rows, "label": settings.DHR_LABEL,
            "stages": stages, "open": sum(n for _, _, n in stages)}


def board_pack_context(partnership: Partnership) -> dict[str, Any]:
    return {"partnership": partnership, "label": settings.DHR_LABEL,
            "rows": open_review_rows(partnership=partnership, today=timezone.localdate())}
