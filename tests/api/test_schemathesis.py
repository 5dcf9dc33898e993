"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis,
in-process through the WSGI app): with a read key and with a write key, every
operation answers without a server error, with a status code, content type, headers
and body the schema documents. A few examples per operation keep it to seconds."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from council_portal.wsgi import application
from tests.api import world
from tests.partnerships import api_key

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _served_schema():
    """The schema /api/schema/ serves, generated without a request or the database."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    # Fuzzing only: the coverage phase's hundreds of cases per operation would take minutes.
    config = schemathesis.Config.from_dict(
        {"phases": {name: {"enabled": False} for name in ("examples", "coverage", "stateful")}}
    )
    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(generated, cls=JSONEncoder)), config=config
    )
    loaded.app = application
    return loaded


schema = _served_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request; the test's
    transaction lives on it, so keep it open (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["read", "write"])
def key(request, db):
    world.build()
    return api_key(request.param)


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_the_schema(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
