"""Template helpers: RAG tags and an error summary whose links reach radio buttons too."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

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
