from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities"

    def ready(self) -> None:
        from partnership.registry import NavItem, Panel, registry

        from . import rules  # noqa: F401 - registers the permissions
        from .demo import load_demo
        from .panels import plan_status_panel

        registry.add_nav(NavItem("Priorities", "priorities:plan", "priorities.view_plan", 20))
        registry.add_dashboard_panel(Panel("priorities-plan-status",
                                           "priorities/panels/plan_status.html",
                                           plan_status_panel, order=20))
        registry.add_demo_loader(load_demo)
