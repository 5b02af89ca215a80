from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding"

    def ready(self) -> None:
        from partnership.registry import BoardPackSection, NavItem, Panel, registry

        from . import demo, panels, reminders

        registry.add_nav(NavItem("Funding", "funding:awards", "funding.view_funding", 60))
        registry.add_dashboard_panel(Panel("funding", "funding/includes/dashboard_panel.html",
                                           panels.dashboard_panel, 60))
        registry.add_my_work_panel(Panel("funding", "funding/includes/my_work_panel.html",
                                         panels.my_work_panel, 60))
        registry.add_board_pack_section(BoardPackSection(
            "funding", "Funding", "funding/board_pack.html", panels.board_pack_context, 60))
        registry.add_demo_loader(demo.load)
        registry.add_daily_job("funding.tasks.queue_return_reminders")
        reminders.register_kinds()
