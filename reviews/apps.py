from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from django.conf import settings

        from partnership.registry import NavItem, registry

        from . import demo

        registry.add_nav(NavItem(f"{settings.DHR_LABEL}s", "reviews:list", "reviews.add_review", 70))
        registry.add_demo_loader(demo.load)
