from django.contrib import admin
from django.urls import include, path

from api.views import ApiRootAliasView, ApiRootView

admin.site.site_header = "Productencatalogus publieke gezondheid"
admin.site.site_title = "Productencatalogus"
admin.site.index_title = "Beheer"
admin.site.index_template = "admin/staff_index.html"  # the staff start page (editorial.staff_start)

handler403 = "editorial.admin.guidance.permission_denied_page"

urlpatterns = [
    path("beheer/", admin.site.urls),
    # Before the page URLs: "producten/selectie.pdf" must not be taken for a product page.
    path("", include("books.urls")),
    path("api/v1", ApiRootAliasView.as_view(), name="api-root"),
    path("api/v1/", ApiRootView.as_view(), name="api-root-documented"),
    path("api/v1/", include("api.urls")),
    path("", include("services.urls")),
    path("", include("services.municipality_urls")),
]
