"""Templates ask an object's workflow (partnership/workflow.py) instead of naming states:
``{% if update|in_group:"sent_back" %}`` and ``{% workflow_tag update %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from partnership.workflow import workflow_of

register = template.Library()


@register.filter
def in_group(obj: Any, group: str) -> bool:
    """Whether the object's state is in the named group of its workflow (False for None)."""
    found = workflow_of(obj)
    return found is not None and found[0].is_in(found[1], group)


@register.simple_tag
def workflow_tag(obj: Any, empty: str = "Not started") -> str:
    """A GOV.UK tag with the state's label, coloured by its group; ``empty`` for no object."""
    found = workflow_of(obj)
    if found is None:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', empty)
    workflow, state = found
    return format_html('<strong class="govuk-tag {}">{}</strong>', workflow.tag_class(state),
                       workflow.label(state))
