"""The agency contributor's pages (outside any partnership: their account is not a membership)."""

from django.urls import path

from .views import returns

app_name = "returns"

urlpatterns = [
    path("", returns.ReturnListView.as_view(), name="list"),
    path("<int:pk>/", returns.ReturnView.as_view(), name="request"),
    path("<int:pk>/upload/", returns.ReturnUploadView.as_view(), name="upload"),
    path("<int:pk>/uploads/<int:version_pk>/", returns.ReturnDownloadView.as_view(),
         name="download"),
    path("<int:pk>/chronology/", returns.ReturnChronologyView.as_view(), name="chronology"),
    path("<int:pk>/chronology/confirm/", returns.ReturnChronologyConfirmView.as_view(),
         name="chronology_confirm"),
    path("<int:pk>/chronology/template/", returns.ReturnTemplateView.as_view(), name="template"),
]
