from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from . import panels
        from .registry import NavItem, Panel, registry

        registry.add_dashboard_panel(Panel(
            "unconfirmed-digests", "partnership/includes/unconfirmed_digests_panel.html",
            panels.unconfirmed_digests_context, 0))

        registry.add_nav(NavItem("Home", "partnership:dashboard", "partnership.view_partnership", 0))
        registry.add_nav(NavItem("My work", "partnership:my_work", "partnership.view_partnership", 5))
        registry.add_nav(NavItem("Meetings", "partnership:meetings", "partnership.view_meeting", 80))
        registry.add_nav(NavItem("Groups", "partnership:groups", "partnership.view_groups", 85))
        registry.add_nav(NavItem("People", "partnership:people", "partnership.view_people", 90))
