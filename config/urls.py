from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from api.pages import ApiTokenRevokeView, ApiTokensView
from partnership.forms import LoginForm, NewPasswordForm, PasswordResetRequestForm
from partnership.views.core import AccessibilityView, HomeView, SwitchPartnershipView
from partnership.views.health import HealthView
from partnership.views.password_reset import PasswordResetRequestView
from partnership.views.two_factor import RecoveryCodesView, TwoFactorSetupView, TwoFactorVerifyView

# The admin requires two-factor sign-in (django-otp's admin site: password and code).
admin.site.__class__ = OTPAdminSite
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
    path("accounts/password-reset/", PasswordResetRequestView.as_view(
        form_class=PasswordResetRequestForm, extra_email_context={"site_name": settings.SERVICE_NAME},
        extra_context={"page_title": "Reset your password"}), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=NewPasswordForm), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("accounts/two-factor/", TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("accounts/two-factor/verify/", TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("accounts/two-factor/recovery-codes/", RecoveryCodesView.as_view(),
         name="two_factor_recovery_codes"),
    path("accounts/api-tokens/", ApiTokensView.as_view(), name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", ApiTokenRevokeView.as_view(),
         name="api_token_revoke"),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("p/<slug:slug>/", include("partnership.urls")),
    path("p/<slug:slug>/priorities/", include("priorities.urls")),
    path("p/<slug:slug>/action-plans/", include("actionplans.urls")),
    path("p/<slug:slug>/funding/", include("funding.urls")),
    path("p/<slug:slug>/reviews/", include("reviews.urls")),
    path("opcc/", include("funding.opcc_urls")),
    # An agency contributor's own information requests (reviews/views/returns.py).
    path("returns/", include("reviews.return_urls")),
]

handler403 = "partnership.views.errors.permission_denied"
handler404 = "partnership.views.errors.page_not_found"
handler500 = "partnership.views.errors.server_error"
