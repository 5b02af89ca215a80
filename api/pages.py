"""The HTML pages of the API: a person's tokens (create, shown once; revoke) and the docs
page, rendered on the server from the OpenAPI schema (no scripts: the site's CSP holds)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from drf_spectacular.generators import SchemaGenerator

from partnership.access import access_object
from partnership.viewmixins import add_service_errors

from . import services
from .forms import ApiTokenForm
from .models import ApiToken


def _tokens_page(request: HttpRequest, form: ApiTokenForm, new: Any = None,
                 status: int = 200) -> HttpResponse:
    tokens = ApiToken.objects.of(request.user)
    return render(request, "api/tokens.html",
                  {"form": form, "tokens": tokens, "new": new, "page_title": "API tokens"},
                  status=status)


NEW_TOKEN_KEY = "api_new_token"  # noqa: S105 (a session key, not a secret)


class ApiTokensView(LoginRequiredMixin, View):
    """Your own API tokens. A new token is shown once: the POST parks it in the session, the
    page after the redirect takes it out again and shows it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        new = request.session.pop(NEW_TOKEN_KEY, None)
        response = _tokens_page(request, ApiTokenForm(), new=new)
        if new:
            response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                new = services.api_token_create(user=request.user,  # type: ignore[arg-type]
                                                name=form.cleaned_data["name"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[NEW_TOKEN_KEY] = {"name": new.token.name, "secret": new.secret}
                return redirect("api_tokens")
        return _tokens_page(request, form)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """POST only: revoke one of your own tokens (another person's is a 404)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = access_object(ApiToken.objects.of(request.user), pk=pk)
        services.api_token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
        messages.success(request, f"The token “{token.name}” has been revoked.")
        return redirect("api_tokens")


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method != "get":
                continue
            rows.append({
                "path": path, "summary": (operation.get("description") or "").strip(),
                "parameters": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "description": p.get("description", ""),
                     "enum": p.get("schema", {}).get("enum")}
                    for p in operation.get("parameters", [])],
            })
    return rows


class ApiDocsView(LoginRequiredMixin, View):
    """The API's reference, from the same OpenAPI schema the API serves."""

    def get(self, request: HttpRequest) -> HttpResponse:
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return render(request, "api/docs.html", {
            "page_title": "Read API for analysts", "info": schema.get("info", {}),
            "operations": _operations(schema)})
