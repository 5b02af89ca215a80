"""Schemathesis fuzzes every operation of the read API against its own OpenAPI schema: no
5xx, and every response (200, 400, 401, 404) conforms to the schema. A few examples per
operation keeps the run within a minute on a busy machine."""

from __future__ import annotations

import json
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services import api_token_create

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_every_operation_conforms_to_the_schema(api_world: dict[str, Any], settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    generated = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(generated, default=str)))
    schema.app = WSGIHandler()
    opcc = api_world["users"]["opcc@cambridgeshire-pcc.example"]
    headers = {"Authorization": f"Bearer {api_token_create(user=opcc, name='Fuzz').secret}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 20  # list and one object of ten resources
    calls: list[int] = []
    # As Django's test client does: the request signals must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        run(operations, headers, calls)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert len(calls) >= len(operations)
    assert all(status < 500 for status in calls)


def run(operations: list[Any], headers: dict[str, str], calls: list[int]) -> None:
    for operation in operations:

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                             suppress_health_check=list(hypothesis.HealthCheck),
                             phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])
        def fuzz(case: Any) -> None:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            calls.append(response.status_code)

        fuzz()
