from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("", views.PlanOverviewView.as_view(), name="plans"),
    path("mine/", views.MyActionsView.as_view(), name="my_actions"),
    path("plans/add/", views.PlanCreateView.as_view(), name="plan_add"),
    path("plans/<int:pk>/export/", views.ExportView.as_view(), name="export"),
    path("plans/<int:pk>/import/", views.ImportView.as_view(), name="import"),
    path("plans/<int:pk>/import/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("plans/<int:pk>/actions/add/", views.ActionCreateView.as_view(), name="action_add"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action"),
    path("actions/<int:pk>/edit/", views.ActionEditView.as_view(), name="action_edit"),
    path("actions/<int:pk>/update/", views.UpdateFormView.as_view(), name="update"),
    path("actions/<int:pk>/rag/", views.RagOverrideView.as_view(), name="rag_override"),
    path("actions/<int:pk>/extension/", views.ExtensionRequestView.as_view(),
         name="extension_request"),
    path("extensions/<int:pk>/", views.ExtensionDecisionView.as_view(), name="extension"),
    path("actions/change/", views.BulkChangeView.as_view(), name="bulk_change"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("updates/<int:pk>/review/", views.ReviewUpdateView.as_view(), name="review_update"),
    path("updates/<int:pk>/evidence/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("highlight-report/", views.HighlightReportView.as_view(), name="highlight"),
    path("reporting-periods/", views.ReportingPeriodsView.as_view(), name="periods"),
    path("recommendations/<int:pk>/action/", views.RecommendationActionView.as_view(),
         name="action_from_recommendation"),
]
