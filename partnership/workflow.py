"""One workflow machinery for every "send it, check it, accept it or send it back" object.

Action plan updates and grant returns share one life::

    draft → submitted → accepted
               ↘ returned → resubmitted → accepted (or returned again)

An app declares its states (a ``TextChoices``), then one :class:`Workflow`: the allowed moves,
and named *groups* of states that the rest of the code asks about ("editable",
"awaiting_review", "sent_back", "final", "sent"). Selectors, views and templates never name a
state in a string literal; they ask the workflow:

- Python: ``WORKFLOW.check(current, target)`` (ValidationError naming both states),
  ``WORKFLOW.can(current, target)``, ``WORKFLOW.is_in(state, "editable")``;
- QuerySets: subclass :class:`WorkflowQuerySet`: ``.in_group("awaiting_review")``,
  ``.not_in_group("editable")``;
- templates: ``{% load workflow_tags %}`` then ``{% if update|in_group:"sent_back" %}`` and
  ``{% workflow_tag update %}`` (a GOV.UK tag coloured by the state's group).

The model names its workflow with a class attribute ``workflow`` (and ``state_field`` when
the field is not ``state``), which is how the template filter finds it.

Reviews (DHR stages) reuse this as it is. A review has a longer machine (notification →
decision to hold → terms of reference → panel → draft overview report → Home Office quality
assurance → published), so:

1. declare ``class DhrStage(models.TextChoices)`` and
   ``DHR_WORKFLOW = Workflow(states=DhrStage, noun="A review", transitions={...},
   groups={"final": {DhrStage.PUBLISHED}, "awaiting_review": {DhrStage.HOME_OFFICE_QA}, ...},
   tags={...})``;
2. keep who/when/why per move in a step model, as ``actionplans.UpdateStep`` and
   ``funding.ReturnEvent`` do (from_state, to_state, by, at, reason), written by the one
   service that moves the review: ``DHR_WORKFLOW.check(review.stage, target)``, then save the
   new stage and the step in the same transaction (row locked with ``access_review(...,
   lock=True)``);
3. the review's QuerySet subclasses :class:`WorkflowQuerySet`, its templates use the same
   filter and tag. Nothing here needs to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models

from .querysets import PartnershipScopedQuerySet


@dataclass(frozen=True)
class Workflow:
    states: type[models.TextChoices]
    noun: str  # how refusals start: "An update", "A return"
    transitions: Mapping[str, Iterable[str]]
    groups: Mapping[str, Iterable[str]] = field(default_factory=dict)
    # GOV.UK tag class per group, the first group (in this order) a state is in wins.
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = set(self.states.values)
        moves = {str(s): frozenset(str(t) for t in targets)
                 for s, targets in self.transitions.items()}
        groups = {name: frozenset(str(s) for s in members) for name, members in self.groups.items()}
        unknown = (set(moves) | {t for ts in moves.values() for t in ts}
                   | {s for ms in groups.values() for s in ms}) - known
        if unknown or set(moves) != known:
            raise ValueError(f"Workflow of {self.states.__name__}: every state needs its moves, "
                             f"and only known states may appear (unknown: {sorted(unknown)}).")
        unknown_tags = set(self.tags) - set(groups)
        if unknown_tags:
            raise ValueError(f"Tags for groups that do not exist: {sorted(unknown_tags)}.")
        object.__setattr__(self, "transitions", moves)
        object.__setattr__(self, "groups", groups)

    def label(self, state: str) -> str:
        return str(self.states(state).label)

    def can(self, current: str, target: str) -> bool:
        return target in self.transitions[current]  # type: ignore[operator]

    def check(self, current: str, target: str) -> None:
        """Refuse a move the workflow does not allow, naming both states."""
        if not self.can(current, target):
            raise ValidationError(f"{self.noun} that is {self.label(current).lower()} cannot be "
                                  f"{self.label(target).lower()}.")

    def group(self, name: str) -> frozenset[str]:
        try:
            return self.groups[name]  # type: ignore[return-value]
        except KeyError:
            raise ValueError(f"{self.states.__name__} has no group {name!r}.") from None

    def is_in(self, state: str, group: str) -> bool:
        return state in self.group(group)

    def tag_class(self, state: str) -> str:
        for group, css in self.tags.items():
            if state in self.group(group):
                return css
        return ""


class WorkflowQuerySet(PartnershipScopedQuerySet):
    """Chainable filters by workflow group, for a model that declares ``workflow`` (and
    ``state_field`` when its state field is not called "state")."""

    def _field_and_states(self, name: str) -> tuple[str, list[str]]:
        workflow: Workflow = self.model.workflow  # type: ignore[attr-defined]
        return (f"{getattr(self.model, 'state_field', 'state')}__in",
                sorted(workflow.group(name)))

    def in_group(self, name: str) -> Self:
        lookup, states = self._field_and_states(name)
        return self.filter(**{lookup: states})

    def not_in_group(self, name: str) -> Self:
        lookup, states = self._field_and_states(name)
        return self.exclude(**{lookup: states})


def workflow_of(obj: Any) -> tuple[Workflow, str] | None:
    """The workflow and the current state of a model instance that declares one."""
    workflow = getattr(obj, "workflow", None)
    if not isinstance(workflow, Workflow):
        return None
    return workflow, str(getattr(obj, getattr(obj, "state_field", "state")))
