from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import panels
        from .audit import install_attach_context
        from .registry import NavItem, Panel, registry

        registry.add_dashboard_panel(Panel(
            "unconfirmed-digests", "partnership/includes/unconfirmed_digests_panel.html",
            panels.unconfirmed_digests_context, 0))
        # After pghistory's migrations (this app comes later in INSTALLED_APPS).
        post_migrate.connect(install_attach_context, sender=self,
                             dispatch_uid="partnership.install_attach_context")

        registry.add_nav(NavItem("Home", "partnership:dashboard", "partnership.view_partnership", 0))
        registry.add_nav(NavItem("My work", "partnership:my_work", "partnership.view_partnership", 5))
        registry.add_nav(NavItem("Meetings", "partnership:meetings", "partnership.view_meeting", 80))
        registry.add_nav(NavItem("Groups", "partnership:groups", "partnership.view_groups", 85))
        registry.add_nav(NavItem("People", "partnership:people", "partnership.view_people", 90))
