"""The portal's URLs plus the benchmark floor (config/settings/bench.py only)."""

from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as portal_urls
from loadgen.views import FloorView

urlpatterns = [path("bench/floor/", FloorView.as_view(), name="bench_floor"), *portal_urls]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
