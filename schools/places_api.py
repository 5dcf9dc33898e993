"""GET /api/v1/places/: school places figures by local authority, planning area and phase."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from . import places
from .api import CanViewRegister
from .categories import PHASES


class PlacesQuerySerializer(serializers.Serializer):
    la = serializers.CharField(required=False, allow_blank=True)
    area = serializers.CharField(required=False, allow_blank=True)
    phase = serializers.CharField(required=False, allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)


class PlacesRowSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="Date of the snapshot the figures come from.")
    la_code = serializers.CharField()
    la_name = serializers.CharField()
    area = serializers.CharField(
        help_text="Planning area; a local authority's default area bears its name."
    )
    phase = serializers.CharField(help_text="PhaseOfEducation (name) as GIAS publishes it.")
    provision = serializers.ChoiceField(
        choices=places.Provision.choices,
        help_text="mainstream, or specialist: special schools, pupil referral units and "
        "alternative provision, which are never added to mainstream figures.",
    )
    is_specialist = serializers.BooleanField()
    schools = serializers.IntegerField(help_text="Schools counted (both figures known).")
    excluded = serializers.IntegerField(
        help_text="Schools left out because their capacity or pupil number is missing."
    )
    capacity = serializers.IntegerField()
    pupils = serializers.IntegerField()
    surplus = serializers.IntegerField(help_text="capacity - pupils; negative when over.")
    surplus_pct = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, coerce_to_string=False,
        help_text="surplus / capacity x 100, one decimal place, rounded half up; "
        "null when capacity is 0.",
    )  # fmt: skip


@extend_schema_serializer(many=False)  # one object, though the action is "list"
class PlacesResponseSerializer(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True)
    count = serializers.IntegerField()
    results = PlacesRowSerializer(many=True)


class PlacesViewSet(viewsets.ViewSet):
    """School places figures: open state-funded schools' capacity against pupils on roll."""

    permission_classes = [CanViewRegister]

    @extend_schema(
        summary="School places by local authority, planning area and phase",
        description=(
            "Open (or open but proposed to close), state-funded schools' capacity and pupils "
            "on roll from the latest snapshot (or `date`), grouped by local authority, "
            "planning area, phase and provision. Special schools, pupil referral units and "
            "alternative provision come as rows of their own (`provision` = specialist). A "
            "school missing either figure is counted in `excluded`, never as zero. Unknown "
            "`la`, `area`, `phase` or `date` is a 400 with a message on that parameter."
        ),
        parameters=[
            OpenApiParameter("la", OpenApiTypes.STR, description="LA (code), e.g. 212"),
            OpenApiParameter("area", OpenApiTypes.STR, description="Planning area name"),
            OpenApiParameter("phase", OpenApiTypes.STR, enum=list(PHASES)),
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description="Snapshot date (default: the latest)"
            ),
        ],
        responses={200: PlacesResponseSerializer},
    )
    def list(self, request):
        query = PlacesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        choices = places.filter_choices()
        filters = {
            "la_code": data.get("la") or None, "area": data.get("area") or None,
            "phase": data.get("phase") or None, "as_of": data.get("date"),
        }  # fmt: skip
        errors = places.filter_errors(choices, **filters)
        if errors:
            raise ValidationError({name: [message] for name, message in errors.items()})
        filters["as_of"] = filters["as_of"] or choices.latest
        rows = places.places_figures(**filters) if filters["as_of"] else []
        return Response(
            PlacesResponseSerializer(
                {"as_of": filters["as_of"], "count": len(rows), "results": rows}
            ).data
        )
