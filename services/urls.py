from django.urls import path

from services import feeds, suggest_views, views

app_name = "services"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("producten/", views.ProductListView.as_view(), name="product-list"),
    path("producten/suggesties/", suggest_views.suggestions, name="product-suggestions"),
    path("producten/<slug:organisation>/<slug:slug>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("organisaties/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisaties/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisaties/<slug:slug>/wijzigingen.atom", feeds.OrganisationChangesFeed(), name="organisation-feed"),
    path(
        "organisaties/<slug:organisation>/wijzigingen/<int:year>/",
        views.EditionChangesView.as_view(),
        name="edition-changes",
    ),
    path("wetten/", views.LawListView.as_view(), name="law-list"),
    path("wetten/<slug:slug>/", views.LawDetailView.as_view(), name="law-detail"),
    path("wetten/<slug:slug>/wijzigingen.atom", feeds.LawChangesFeed(), name="law-feed"),
    path("begrippen/", views.GlossaryView.as_view(), name="glossary"),
]
