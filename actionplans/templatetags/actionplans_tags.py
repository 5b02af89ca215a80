"""Template helpers: RAG tags and an error summary whose links reach radio buttons too."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from partnership.templatetags.workflow_tags import workflow_tag

register = template.Library()

RAG_CLASSES = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green",
               "none": "govuk-tag--grey"}
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "Not rated"}


@register.simple_tag
def rag_tag(rag: str) -> str:
    return format_html('<strong class="govuk-tag {}">{}</strong>', RAG_CLASSES.get(rag, ""),
                       RAG_LABELS.get(rag, rag))


@register.filter
def rag_label(rag: str) -> str:
    return RAG_LABELS.get(rag, rag)


@register.simple_tag
def state_tag(update: Any) -> str:
    return workflow_tag(update, empty="No update")


def clip(text: str, length: int) -> str:
    """``truncatechars`` for a table cell: at most ``length`` characters, the last an ellipsis.

    Django's filter asks the translations for the ellipsis on every call (a tenth of the action
    plan page's time for 50 rows); it also counts combining marks as no width, so text that
    has them is left to it."""
    if len(text) <= length:
        return text
    if any(unicodedata.combining(char) for char in text[:length + 1]):
        return Truncator(text).chars(length)
    return text[:length - 1] + "…"


_CELL = '<td class="govuk-table__cell">{}</td>'
_SELECT = ('<td class="govuk-table__cell"><div class="govuk-checkboxes govuk-checkboxes--small">'
           '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
           'type="checkbox" name="actions" value="{}" id="select-{}"{}><label class="govuk-label '
           'govuk-checkboxes__label" for="select-{}"><span class="govuk-visually-hidden">Select {}'
           '</span></label></div></div></td>')
_NOTE = '<br><span class="govuk-body-s">{}</span>'


@register.simple_tag
def plan_action_rows(actions: Any, *, url_prefix: str, can_manage: bool, with_update: bool,
                     selected: Any = None) -> SafeString:
    """The action plan page's table rows (50 a page), built in Python: the same markup the
    template loop gave, without a template variable lookup, filter and tag call per cell.
    ``selected``: the pks (strings) to show ticked again after a refused bulk change."""
    rows = []
    for action in actions:
        pk = str(action.pk)
        cells = []
        if can_manage:
            cells.append(format_html(_SELECT, pk, pk, " checked" if selected and pk
                                     in selected else "", pk, action.reference))
        cells.append(format_html('<td class="govuk-table__cell"><a class="govuk-link" '
                                 'href="{}{}/">{}</a></td>', url_prefix, pk, action.reference))
        cells.append(format_html(_CELL, clip(action.description, 120)))
        organisation = action.lead_organisation
        cells.append(format_html('<td class="govuk-table__cell">{}{}</td>',
                                 action.lead_officer or "–",
                                 format_html(_NOTE, organisation) if organisation else ""))
        cells.append(format_html(_CELL, format_date(action.due_on, "j M Y")
                                 if action.due_on else "–"))
        cells.append(format_html(_CELL, action.get_status_display()))
        cells.append(format_html('<td class="govuk-table__cell">{}{}</td>',
                                 rag_tag(action.live_rag),
                                 format_html(_NOTE, "overridden") if action.rag_override else ""))
        if with_update:
            updates = action.period_updates
            cells.append(format_html(_CELL, state_tag(updates[0] if updates else None)))
        rows.append(cells)
    return format_html_join("\n", '<tr class="govuk-table__row">{}</tr>',
                            ((format_html_join("", "{}", ((cell,) for cell in cells)),)
                             for cells in rows))
