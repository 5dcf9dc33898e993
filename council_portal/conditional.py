"""Conditional reads for the API's detail views: `ETag` and `If-None-Match` (304).

The ETag is a digest of the representation the caller would receive, so any change
that shows in it changes the tag: the row, its nested rows (a school's governors, a
meeting's agenda), and what this caller may see (a key allowed contact details gets
its own tag). It is weak (`W/`): the same data rendered differently is the same.
`Last-Modified` is sent where the row keeps an `updated_at`; nested rows may change
without it, so only the ETag decides a 304.
"""

import hashlib
import json

from django.utils.http import http_date, parse_etags
from rest_framework import status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder


def representation_etag(data) -> str:
    raw = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return f'W/"{hashlib.sha256(raw.encode()).hexdigest()[:40]}"'


def _weak_match(if_none_match: str, etag: str) -> bool:
    """RFC 9110's weak comparison, as If-None-Match uses."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == opaque for tag in parse_etags(if_none_match))


class ConditionalRetrieveMixin:
    """For a viewset: `retrieve` answers with an ETag (and Last-Modified where the row
    has `updated_at`), and with 304 Not Modified when If-None-Match holds the tag."""

    conditional_retrieve = True

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        etag = representation_etag(data)
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        updated_at = getattr(instance, "updated_at", None)
        if updated_at is not None:
            headers["Last-Modified"] = http_date(updated_at.timestamp())
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match and _weak_match(if_none_match, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        return Response(data, headers=headers)
