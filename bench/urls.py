"""The site's URLs plus ``/bench/bare/``: the cheapest Django response, measured under the same server."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("catalogue.urls")),
]
