from django.urls import path

from books import views as book_views

app_name = "books"

urlpatterns = [
    path("boeken/<slug:organisation>/<int:year>.pdf", book_views.organisation_book, name="organisation"),
    path("boeken/<slug:organisation>/<int:year>/voorbeeld.pdf", book_views.preview_book, name="preview"),
    path("boeken/voorbeeld/product/<int:pk>.pdf", book_views.product_preview_book, name="product-preview"),
    path(
        "boeken/<slug:organisation>/<int:year>/gemeente/<str:cbs_code>.pdf",
        book_views.organisation_municipality_book,
        name="organisation-municipality",
    ),
    path("boeken/gemeente/<str:cbs_code>/<int:year>.pdf", book_views.municipality_book, name="municipality"),
    path("producten/selectie.pdf", book_views.selection_book, name="selection"),
    path("gemeenten/vergelijk.pdf", book_views.comparison_book, name="comparison"),
    path("producten/<slug:organisation>/<slug:slug>.pdf", book_views.product_book, name="product"),
]
