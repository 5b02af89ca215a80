"""Action plan pages: thin views over selectors (reads) and services (writes).

One module per room: plans (and actions), updates, review, bulk, imports; shared mixins.
"""

from .bulk import BulkChangeView
from .extensions import ExtensionDecisionView, ExtensionRequestView
from .imports import ExportView, ImportConfirmView, ImportView
from .plans import (
    ActionCreateView,
    ActionDetailView,
    ActionEditView,
    HighlightReportView,
    MyActionsView,
    PlanCreateView,
    PlanOverviewView,
    RecommendationActionView,
    ReportingPeriodsView,
)
from .review import ReviewQueueView, ReviewUpdateView
from .updates import EvidenceDownloadView, RagOverrideView, UpdateFormView

__all__ = [
    "ActionCreateView",
    "ActionDetailView",
    "ActionEditView",
    "BulkChangeView",
    "EvidenceDownloadView",
    "ExportView",
    "ExtensionDecisionView",
    "ExtensionRequestView",
    "HighlightReportView",
    "ImportConfirmView",
    "ImportView",
    "MyActionsView",
    "PlanCreateView",
    "PlanOverviewView",
    "RagOverrideView",
    "RecommendationActionView",
    "ReportingPeriodsView",
    "ReviewQueueView",
    "ReviewUpdateView",
    "UpdateFormView",
]
