from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    response = render(request, "404.html", status=404)
    response.portal_error_page = True  # type: ignore[attr-defined]  # see RealErrorPagesMiddleware
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
