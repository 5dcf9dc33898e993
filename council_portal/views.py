from django.http import HttpResponse
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


def accessibility(request):
    return render(request, "accessibility.html")


def robots_txt(request):
    # The portal holds no public content for search engines beyond the public page.
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
