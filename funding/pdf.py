"""Returns as PDF (WeasyPrint): the layout an OPCC expects, from an HTML template."""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .models import GrantReturn
from .selectors import return_blocks, return_lines


def return_pdf(grant_return: GrantReturn, *, whole: bool) -> bytes:
    """Header (partnership, award, period), a table per capital/revenue with totals, the
    progress narrative (whole return only) and a signatures block."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # not its progress steps
    lines = return_lines(grant_return)
    context: dict[str, Any] = {
        "r": grant_return, "award": grant_return.award,
        "partnership": grant_return.award.partnership,
        "blocks": return_blocks(grant_return, lines), "lines": lines, "whole": whole,
        "generated_at": timezone.localtime(),
        "title": "Grant return" if whole else "Financial monitoring form",
    }
    html = render_to_string("funding/pdf/return.html", context)
    return bytes(HTML(string=html, base_url=None).write_pdf())
