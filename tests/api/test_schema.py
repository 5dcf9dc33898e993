"""The served OpenAPI document is valid OpenAPI, and documents the API's conventions."""

import json

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_served_schema_is_valid_openapi(schema):
    validate(schema)


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            codes = set(operation["responses"])
            assert {"401", "405"} <= codes, (method, path, codes)
            if "{" in path or method == "get":
                assert "404" in codes or "{" not in path, (method, path, codes)
    shape = schema["components"]["schemas"]["BadRequestResponse"]
    assert set(shape["properties"]) == {"type", "errors"}


def test_detail_reads_document_if_none_match_and_304(schema):
    school = schema["paths"]["/api/v1/schools/{urn}/"]["get"]
    assert "If-None-Match" in {p["name"] for p in school["parameters"]}
    assert "304" in school["responses"]
    assert "ETag" in school["responses"]["200"]["headers"]


def test_big_lists_document_their_cursor(schema):
    for path in ("/api/v1/schools/", "/api/v1/meetings/", "/api/v1/agenda-items/"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"cursor", "page_size", "updated_since"} <= names, path
