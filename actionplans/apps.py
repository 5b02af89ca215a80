from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from partnership.registry import BoardPackSection, NavItem, Panel, registry

        from . import panels, reminders
        from .demo import load_demo

        registry.add_nav(NavItem("Action plans", "actionplans:plans", "actionplans.view_actions", 30))
        registry.add_dashboard_panel(Panel("actionplans", "actionplans/includes/dashboard_panel.html",
                                           panels.dashboard_context, 30))
        registry.add_my_work_panel(Panel("actionplans-due", "actionplans/includes/my_work_panel.html",
                                         panels.my_work_context, 20))
        registry.add_board_pack_section(BoardPackSection(
            "actionplans-highlight", "Action plans: highlight report",
            "actionplans/board_pack_highlight.html", panels.board_pack_context, 30))
        registry.add_daily_job("actionplans.tasks.refresh_rag")
        registry.add_daily_job("actionplans.tasks.queue_update_reminders")
        registry.add_daily_job("actionplans.tasks.purge_stale_imports")
        registry.add_demo_loader(load_demo)
        # Action.recommendation (related_name "actions"): priorities lists them on its pages.
        registry.add_related("priorities.Recommendation", "actions")
        # ActionPlan.group (related_name "action_plans"): a group's page lists its plans.
        registry.add_related("partnership.SubGroup", "action_plans")
        reminders.register_kinds()
