from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header (no inline scripts or styles anywhere).

    The Django admin gets its own policy (ADMIN_CONTENT_SECURITY_POLICY): the same, except that
    its templates' inline `style` attributes are allowed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = (settings.ADMIN_CONTENT_SECURITY_POLICY if request.path.startswith("/admin/")
                  else settings.CONTENT_SECURITY_POLICY)
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class PrivatePagesMiddleware:
    """Signed-in HTML pages are never stored by a browser or a shared cache.

    `Cache-Control: private, no-store` on every HTML response to a signed-in user (unless the
    view set its own Cache-Control), so the back button on a shared computer after sign-out, or
    a proxy, cannot show partnership business to someone else. Must come after
    AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and response.get("Content-Type", "").startswith("text/html")
                and "Cache-Control" not in response):
            response["Cache-Control"] = "private, no-store"
        return response


class RealErrorPagesMiddleware:
    """With DEBUG on (``make run``), a 404 shows the service's own 404 page, not Django's debug
    page listing every URL pattern. Nothing changes with DEBUG off: Django already uses
    handler404 then. Last in MIDDLEWARE, so the page has the signed-in user and messages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (settings.DEBUG and response.status_code == 404
                and not getattr(response, "portal_error_page", False)
                and response.get("Content-Type", "").startswith("text/html")):
            from partnership.views.errors import page_not_found

            return page_not_found(request)
        return response
