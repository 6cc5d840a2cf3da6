from django.contrib import admin
from django.urls import include, path

from catalogue.api import ApiRootView

admin.site.site_header = "Productencatalogus publieke gezondheid"
admin.site.site_title = "Productencatalogus"
admin.site.index_title = "Beheer"
admin.site.index_template = "admin/staff_index.html"  # the staff start page (services.staff_start)

handler403 = "services.admin_guidance.permission_denied_page"

urlpatterns = [
    path("beheer/", admin.site.urls),
    # Before the page URLs: "producten/selectie.pdf" must not be taken for a product page.
    path("", include("services.book_urls")),
    path("api/v1", ApiRootView.as_view(), name="api-root"),
    path("api/v1/", include("catalogue.api_urls")),
    path("", include("services.urls")),
    path("", include("services.overview_urls")),
    path("", include("municipalities.urls")),
]
