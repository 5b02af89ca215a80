"""The OPCC's cross-partnership pages, included at /opcc/ in config/urls.py."""

from django.urls import path

from .views import opcc

app_name = "opcc"

urlpatterns = [
    path("returns/", opcc.OpccReturnsView.as_view(), name="returns"),
    path("returns/export/", opcc.OpccExportView.as_view(), name="export"),
]
