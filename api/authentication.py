"""``Authorization: Bearer csp_…``: a person's API token (see tokens.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from . import tokens
from .models import ApiToken
from .services import api_token_touch


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        if scheme != self.keyword:
            return None
        prefix = tokens.split(value.strip())
        if prefix is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = (ApiToken.objects.active().select_related("user")
                 .filter(prefix=prefix).first())
        if token is None or not tokens.matches(value.strip(), token.key_hash):
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid token.")
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
