from django.urls import path

from services import feeds
from services import municipality_views as views

app_name = "municipalities"

urlpatterns = [
    path("gemeenten/", views.MunicipalityListView.as_view(), name="municipality-list"),
    path("gemeenten/vergelijk/", views.MunicipalityCompareView.as_view(), name="municipality-compare"),
    path("gemeenten/<str:cbs_code>/", views.MunicipalityDetailView.as_view(), name="municipality-detail"),
    path("gemeenten/<str:cbs_code>/wijzigingen.atom", feeds.MunicipalityChangesFeed(), name="municipality-feed"),
]
