from django.apps import AppConfig


class LoadgenConfig(AppConfig):
    """The benchmark dataset (``manage.py generate_load``) and the benchmark floor view.

    It sits beside the feature apps (it makes rows for all of them), and nothing imports it."""

    name = "loadgen"
    verbose_name = "Load generation (benchmarks)"
