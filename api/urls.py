from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .pages import ApiDocsView

router = SimpleRouter()
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("measure-values", views.MeasureValueViewSet, basename="measure-value")
router.register("actions", views.ActionViewSet, basename="action")
router.register("action-updates", views.ActionUpdateViewSet, basename="action-update")
router.register("awards", views.AwardViewSet, basename="award")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("spend", views.SpendViewSet, basename="spend")
router.register("returns", views.ReturnViewSet, basename="return")
router.register("meetings", views.MeetingViewSet, basename="meeting")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("", include(router.urls)),
]
