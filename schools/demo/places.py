"""The demo borough's planning areas and an earlier places snapshot, so the trend shows."""

from datetime import timedelta

from django.db import transaction

from schools.models import PlacesSnapshot, PlanningArea, PlanningAreaSchool, School, SchoolPlaces

# Planning area -> postcode districts of the demo borough (the rest stay in the LA's
# default area, "Wandsworth").
DEMO_AREAS = {
    "Battersea": ("SW8", "SW11"),
    "Putney and Roehampton": ("SW15",),
    "Tooting and Balham": ("SW12", "SW17"),
}


@transaction.atomic
def seed_demo_places(*, la_code: str = "212") -> None:
    """Planning areas by postcode district, and a snapshot a year before the latest one
    with figures changed deterministically (pupils a little different, some schools
    before an expansion). Safe to rerun: adds nothing once an earlier snapshot exists."""
    schools = list(School.objects.filter(local_authority__code=la_code).order_by("urn"))
    if not schools:
        return
    la = schools[0].local_authority
    linked = set(PlanningAreaSchool.objects.values_list("school_id", flat=True))
    for name, districts in DEMO_AREAS.items():
        area, _ = PlanningArea.objects.get_or_create(local_authority=la, name=name)
        PlanningAreaSchool.objects.bulk_create(
            [
                PlanningAreaSchool(area=area, school=school)
                for school in schools
                if school.postcode.split(" ")[0] in districts and school.id not in linked
            ]
        )

    latest = PlacesSnapshot.objects.order_by("-as_of").first()
    if latest is None or PlacesSnapshot.objects.filter(as_of__lt=latest.as_of).exists():
        return
    earlier = PlacesSnapshot.objects.create(
        as_of=latest.as_of - timedelta(days=365),
        date_source=PlacesSnapshot.DateSource.IMPORT_DATE,
        file_name="(demo) figures a year earlier",
    )
    rows = []
    for row in SchoolPlaces.objects.filter(snapshot=latest, local_authority=la).order_by("id"):
        capacity, pupils = row.capacity, row.pupils
        if capacity is not None and row.school_id % 7 == 0:
            capacity = max(capacity - 30, 0)  # before a bulge class was added
        if pupils is not None:
            pupils = max(pupils + (row.school_id * 37) % 25 - 8, 0)
        rows.append(
            SchoolPlaces(
                snapshot=earlier,
                school_id=row.school_id,
                local_authority=la,
                phase=row.phase,
                provision=row.provision,
                capacity=capacity,
                pupils=pupils,
            )  # fmt: skip
        )
    SchoolPlaces.objects.bulk_create(rows)
