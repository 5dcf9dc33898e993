"""The public page "How we work with schools", /working-with-schools/: no sign-in.

Every figure comes from partnerships.picture, which asks the modules that own them;
no personal data appears beyond the officers the council chose to publish.
"""

from django.shortcuts import render
from django.utils.cache import patch_cache_control

from .picture import working_with_schools

# Visitors' browsers may keep the page a few minutes; it is built afresh from the data
# on every request that reaches the server.
MAX_AGE = 300


def page(request):
    response = render(
        request,
        "partnerships/public/working_with_schools.html",
        {"picture": working_with_schools()},
    )
    if not request.user.is_authenticated:
        # Signed-in people see their own navigation: never kept.
        patch_cache_control(response, max_age=MAX_AGE)
    return response
