"""A page that loads a relation row by row (tests/test_n_plus_one.py only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from partnership.models import Membership


def memberships_one_by_one(request: HttpRequest) -> HttpResponse:
    names = [m.user.email for m in Membership.objects.all()]  # N+1: no select_related
    return HttpResponse("\n".join(names))


def memberships_joined(request: HttpRequest) -> HttpResponse:
    names = [m.user.email for m in Membership.objects.select_related("user")]
    return HttpResponse("\n".join(names))


urlpatterns = [path("one-by-one/", memberships_one_by_one), path("joined/", memberships_joined)]
