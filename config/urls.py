from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnership.forms import LoginForm
from partnership.views.core import AccessibilityView, HomeView, SwitchPartnershipView
from partnership.views.health import HealthView

admin.site.site_header = "CSP portal administration"
admin.site.site_title = "CSP portal admin"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("switch/", SwitchPartnershipView.as_view(), name="switch_partnership"),
    path("health/", HealthView.as_view(), name="health"),
    path("accessibility/", AccessibilityView.as_view(), name="accessibility"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("p/<slug:slug>/", include("partnership.urls")),
    path("p/<slug:slug>/priorities/", include("priorities.urls")),
    path("p/<slug:slug>/action-plans/", include("actionplans.urls")),
    path("p/<slug:slug>/funding/", include("funding.urls")),
    path("p/<slug:slug>/reviews/", include("reviews.urls")),
    path("opcc/", include("funding.opcc_urls")),
]

handler403 = "partnership.views.errors.permission_denied"
handler404 = "partnership.views.errors.page_not_found"
handler500 = "partnership.views.errors.server_error"
