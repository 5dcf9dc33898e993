"""Helpers for reading the API's answers in tests."""


def field_errors(response) -> dict[str, list[str]]:
    """A 400's errors by field, from the API's one error shape:
    {"type": "validation_error", "errors": [{"code", "detail", "attr"}, ...]}."""
    body = response.json()
    assert body["type"] == "validation_error", body
    errors: dict[str, list[str]] = {}
    for error in body["errors"]:
        errors.setdefault(error["attr"], []).append(error["detail"])
    return errors
