"""Extension points: feature apps register what they add to the core pages.

`partnership/` never imports a feature app. Each feature app calls these from its
``AppConfig.ready()`` so the navigation, dashboard, "My work" page, board pack and reminders
grow without the core knowing the features.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Partnership


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # reversed with the partnership slug
    permission: str  # checked against the partnership
    order: int = 50


@dataclass(frozen=True)
class SiteNavItem:
    """A navigation item outside any partnership (e.g. the OPCC's pages across its force area),
    shown to the users ``shown_to`` accepts (called with the user; it must not query)."""

    label: str
    url_name: str  # reversed without arguments
    shown_to: Callable[[Any], bool]
    order: int = 50


@dataclass(frozen=True)
class Panel:
    """A block on the dashboard or "My work": a template and a function giving its context.

    ``context`` gets (request, partnership) and returns a dict, or None to hide the panel.
    It must run a constant number of queries.
    """

    key: str
    template: str
    context: Callable[[HttpRequest, Partnership], dict[str, Any] | None]
    order: int = 50


@dataclass(frozen=True)
class BoardPackSection:
    """A section of the board pack PDF: HTML rendered from ``template`` with ``context``."""

    key: str
    title: str
    template: str
    context: Callable[[Partnership], dict[str, Any]]
    order: int = 50


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    site_nav: list[SiteNavItem] = field(default_factory=list)
    # Functions (user) -> URL or None: where "home" sends a user whose work is not in one
    # partnership (the first that answers wins); else the partnership pages.
    landings: list[Callable[[Any], str | None]] = field(default_factory=list)
    dashboard: list[Panel] = field(default_factory=list)
    my_work: list[Panel] = field(default_factory=list)
    board_pack: list[BoardPackSection] = field(default_factory=list)
    daily_jobs: list[str] = field(default_factory=list)  # dotted task names run by beat daily
    demo_loaders: list[Callable[[Any, datetime.date], None]] = field(default_factory=list)  # load_demo
    # "app.Model" -> reverse accessors other apps add to it (e.g. a recommendation's actions).
    related_accessors: dict[str, list[str]] = field(default_factory=dict)

    def _add(self, bucket: list[Any], item: Any) -> None:
        key = getattr(item, "key", None) or getattr(item, "url_name", None) or item
        if not any((getattr(i, "key", None) or getattr(i, "url_name", None) or i) == key
                   for i in bucket):
            bucket.append(item)
            bucket.sort(key=lambda entry: getattr(entry, "order", 50))

    def add_nav(self, item: NavItem) -> None:
        self._add(self.nav, item)

    def add_site_nav(self, item: SiteNavItem) -> None:
        self._add(self.site_nav, item)

    def add_landing(self, landing: Callable[[Any], str | None]) -> None:
        self._add(self.landings, landing)

    def add_dashboard_panel(self, panel: Panel) -> None:
        self._add(self.dashboard, panel)

    def add_my_work_panel(self, panel: Panel) -> None:
        self._add(self.my_work, panel)

    def add_board_pack_section(self, section: BoardPackSection) -> None:
        self._add(self.board_pack, section)

    def add_daily_job(self, task_name: str) -> None:
        self._add(self.daily_jobs, task_name)

    def add_demo_loader(self, loader: Callable[[Any, datetime.date], None]) -> None:
        """``loader(stdout, today)`` runs after the core demo data, inside load_demo's transaction.

        It must be idempotent (get_or_create / update_or_create) and deterministic for a given
        ``today`` (``load_demo --today``): the present-day data is placed relative to it."""
        self._add(self.demo_loaders, loader)

    def add_related(self, model_label: str, accessor: str) -> None:
        """Say that your app relates its objects to ``model_label``'s under ``accessor`` (your
        ForeignKey's related_name), so that app can prefetch and list them without importing
        yours or reflecting on its model's fields."""
        self._add(self.related_accessors.setdefault(model_label, []), accessor)

    def related(self, model_label: str) -> list[str]:
        return list(self.related_accessors.get(model_label, []))


registry = Registry()
