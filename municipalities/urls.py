from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("gemeenten/", views.MunicipalityListView.as_view(), name="municipality-list"),
    path("gemeenten/<str:cbs_code>/", views.MunicipalityDetailView.as_view(), name="municipality-detail"),
]
