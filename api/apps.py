from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read API for analysts (/api/v1/): read-only, token-authenticated, scoped by each
    app's ``visible_to(user)``. A top layer: it reads every feature app; none imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Read API"

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers the bearer scheme with drf-spectacular)
