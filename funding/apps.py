from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding"

    def ready(self) -> None:
        from partnership.registry import BoardPackSection, NavItem, Panel, SiteNavItem, registry

        from . import demo, panels, reminders

        registry.add_nav(NavItem("Funding", "funding:awards", "funding.view_funding", 60))
        # The OPCC officer's own pages, across the partnerships of their force area.
        registry.add_landing(panels.opcc_landing)
        for order, (label, url_name) in enumerate([
                ("Awaiting decision", "opcc:home"), ("Returns expected", "opcc:grid"),
                ("All returns", "opcc:returns")]):
            registry.add_site_nav(SiteNavItem(label, url_name, panels.is_opcc_officer, order))
        registry.add_dashboard_panel(Panel("funding", "funding/includes/dashboard_panel.html",
                                           panels.dashboard_panel, 60))
        registry.add_my_work_panel(Panel("funding", "funding/includes/my_work_panel.html",
                                         panels.my_work_panel, 60))
        registry.add_board_pack_section(BoardPackSection(
            "funding", "Funding", "funding/board_pack.html", panels.board_pack_context, 60))
        registry.add_demo_loader(demo.load)
        registry.add_daily_job("funding.tasks.queue_return_reminders")
        reminders.register_kinds()
