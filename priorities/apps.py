from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities"

    def ready(self) -> None:
        from partnership.registry import BoardPackSection, NavItem, Panel, registry

        from . import rules  # noqa: F401 - registers the permissions
        from .demo import load_demo
        from .panels import performance_section, plan_status_panel

        registry.add_nav(NavItem("Priorities", "priorities:plan", "priorities.view_plan", 20))
        registry.add_dashboard_panel(Panel("priorities-plan-status",
                                           "priorities/panels/plan_status.html",
                                           plan_status_panel, order=20))
        registry.add_board_pack_section(BoardPackSection(
            "priorities-performance", "Performance", "priorities/board_pack/performance.html",
            performance_section, order=20))
        registry.add_demo_loader(load_demo)
        registry.add_daily_job("priorities.tasks.purge_stale_imports")
