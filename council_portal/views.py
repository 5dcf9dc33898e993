from django.http import HttpResponse
from django.shortcuts import render


def home(request):
    from accounts.roles import headed_school_ids
    from partnerships.contacts import contacts_for_schools
    from schools.models import School

    # A headteacher sees the council contacts of the school(s) they lead.
    headed = list(School.objects.filter(pk__in=headed_school_ids(request.user)).order_by("name"))
    found = contacts_for_schools(headed) if headed else {}
    your_contacts = [(school, found[school.pk]) for school in headed]
    return render(request, "home.html", {"your_contacts": your_contacts})


def accessibility(request):
    return render(request, "accessibility.html")


def robots_txt(request):
    # The portal holds no public content for search engines beyond the public page.
    return HttpResponse(
        "User-agent: *\nAllow: /working-with-schools/\nDisallow: /\n", content_type="text/plain"
    )
