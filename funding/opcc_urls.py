"""The OPCC's cross-partnership pages, included at /opcc/ in config/urls.py."""

from django.urls import path

from .views import opcc

app_name = "opcc"

urlpatterns = [
    path("", opcc.OpccHomeView.as_view(), name="home"),
    path("grid/", opcc.OpccGridView.as_view(), name="grid"),
    path("grid/export/", opcc.OpccGridExportView.as_view(), name="grid_export"),
    path("returns/", opcc.OpccReturnsView.as_view(), name="returns"),
    path("returns/export/", opcc.OpccExportView.as_view(), name="export"),
]
