"""The benchmark floor: the cheapest page a signed-in person can get through the same
middleware (session, authentication, two-factor, CSP, audit context, …) as every real page.
Routed only by ``loadgen.bench_urls`` (the benchmark settings' ROOT_URLCONF)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.views import View


class FloorView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("<!doctype html><title>Floor</title><p>Floor.</p>")
