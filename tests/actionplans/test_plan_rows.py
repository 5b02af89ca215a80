"""The action plan page's rows (built in Python by ``plan_action_rows``): each cell as the
template gave it, the bulk-change checkbox only for those who manage, long text clipped."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test.html import parse_html
from django.urls import reverse

from actionplans.models import Action
from actionplans.templatetags.actionplans_tags import clip
from tests.actionplans.factories import make_actions, plan_world

pytestmark = pytest.mark.django_db


def _page(client_for: Any, user: Any, world: Any) -> str:
    response = client_for(user).get(reverse("actionplans:plans", args=[world.partnership.slug]))
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_coordinators_row_cell_by_cell(client_for: Any) -> None:
    world = plan_world()
    [action] = make_actions(world, 1, status="in_progress")
    Action.objects.update(due_on=datetime.date(2030, 9, 5), rag="red", rag_override="red",
                          rag_override_reason="Funding withdrawn")
    html = _page(client_for, world.coordinator, world)
    expected = (
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell"><div class="govuk-checkboxes govuk-checkboxes--small">'
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
        f'type="checkbox" name="actions" value="{action.pk}" id="select-{action.pk}">'
        f'<label class="govuk-label govuk-checkboxes__label" for="select-{action.pk}">'
        '<span class="govuk-visually-hidden">Select P1.1</span></label></div></div></td>'
        f'<td class="govuk-table__cell"><a class="govuk-link" href="/p/{world.partnership.slug}'
        f'/action-plans/actions/{action.pk}/">P1.1</a></td>'
        '<td class="govuk-table__cell">Action 1</td>'
        '<td class="govuk-table__cell">Liam Lead<br><span class="govuk-body-s">District Council'
        '</span></td>'
        '<td class="govuk-table__cell">5 Sep 2030</td>'
        '<td class="govuk-table__cell">In progress</td>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Red</strong>'
        '<br><span class="govuk-body-s">overridden</span></td>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">No update'
        '</strong></td></tr>')
    assert parse_html(html).count(parse_html(expected)) == 1


def test_a_viewer_sees_no_checkbox_and_a_dash_for_no_lead_or_date(client_for: Any) -> None:
    world = plan_world()
    make_actions(world, 1)
    Action.objects.update(description="<b>Fix</b> & mend", lead_officer=None,
                          lead_organisation=None, due_on=None)
    html = _page(client_for, world.viewer, world)
    assert 'name="actions"' not in html
    assert '<td class="govuk-table__cell">&lt;b&gt;Fix&lt;/b&gt; &amp; mend</td>' in html
    assert html.count('<td class="govuk-table__cell">–</td>') == 2  # lead officer, due date


def test_a_long_description_is_clipped_to_120_characters(client_for: Any) -> None:
    world = plan_world()
    make_actions(world, 1)
    Action.objects.update(description="x" * 119 + "yz")
    html = _page(client_for, world.coordinator, world)
    assert f'<td class="govuk-table__cell">{"x" * 119}…</td>' in html
    assert "xyz" not in html


def test_clip_is_truncatechars() -> None:
    assert clip("short", 120) == "short"
    assert clip("a" * 120, 120) == "a" * 120
    assert clip("abcdef", 5) == "abcd…"
    # Combining marks count as no width (Django's Truncator): "e" + U+0301 is one character.
    assert clip("e\u0301" * 6, 5) == "é" * 4 + "…"
