from django.urls import include, path

from tests.admin_site import site

urlpatterns = [
    path("beheer/", site.urls),
    path("", include("services.overview_urls")),
]
