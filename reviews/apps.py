from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from django.conf import settings

        from partnership.registry import BoardPackSection, NavItem, Panel, registry

        from . import demo, panels, reminders

        registry.add_nav(NavItem(f"{settings.DHR_LABEL}s", "reviews:list", "reviews.add_review", 70))
        registry.add_dashboard_panel(Panel("reviews", "reviews/includes/dashboard_panel.html",
                                           panels.dashboard_panel, 70))
        registry.add_board_pack_section(BoardPackSection(
            "reviews", f"{settings.DHR_LABEL}s", "reviews/board_pack.html",
            panels.board_pack_context, 70))
        registry.add_demo_loader(demo.load)
        registry.add_daily_job("reviews.tasks.queue_review_reminders")
        registry.add_daily_job("reviews.tasks.purge_stale_chronology_imports")
        reminders.register_kinds()
