"""URLs of the year-over-year overview; catalogue/urls.py includes them under the ``overview`` namespace."""

from django.urls import path

from services.overview_views import EditionChangesView

app_name = "overview"

urlpatterns = [
    path(
        "organisaties/<slug:organisation>/wijzigingen/<int:year>/",
        EditionChangesView.as_view(),
        name="edition-changes",
    ),
]
