"""What each event carries: the resource as the REST API's detail view shows it.

Each event names the rows it is about with a queryset that loads what its serializer
reads, so building the data for a thousand schools is a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from rest_framework import serializers

from meetings.api import MeetingSerializer
from meetings.models import BriefingPack, Meeting
from meetings.selectors import meeting_list
from schools.api import SchoolDetailSerializer
from schools.models import School
from schools.selectors import school_with_people

from .models import Event


class PackSerializer(serializers.ModelSerializer):
    """A published briefing pack and its meeting. The file itself is not sent: invitees
    open it on the portal's packs page, which checks access."""

    meeting = MeetingSerializer(read_only=True)

    class Meta:
        model = BriefingPack
        fields = ["version", "published_at", "page_count", "sha256", "meeting"]
        read_only_fields = fields


@dataclass(frozen=True)
class Payload:
    rows: Callable[[], QuerySet]
    serializer: type[serializers.Serializer]


def _meetings() -> QuerySet[Meeting]:
    return meeting_list()


def _packs() -> QuerySet[BriefingPack]:
    return BriefingPack.objects.select_related("meeting__body", "meeting__term__year")


def _schools() -> QuerySet[School]:
    return school_with_people(School.objects.all())


PAYLOADS: dict[str, Payload] = {
    Event.MEETING_CREATED: Payload(_meetings, MeetingSerializer),
    Event.MEETING_UPDATED: Payload(_meetings, MeetingSerializer),
    Event.MEETING_CANCELLED: Payload(_meetings, MeetingSerializer),
    Event.PACK_PUBLISHED: Payload(_packs, PackSerializer),
    Event.SCHOOL_UPDATED: Payload(_schools, SchoolDetailSerializer),
}


def data_by_pk(event: str, pks: list[int]) -> dict[int, dict]:
    """The serialized resources of `event` for these primary keys."""
    payload = PAYLOADS[event]
    rows = payload.rows().filter(pk__in=pks).order_by()
    return {row.pk: payload.serializer(row).data for row in rows}
