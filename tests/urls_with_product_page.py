"""Root URLs with the admin and a stand-in for the public product page (services:product-detail)."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def product_detail(request: HttpRequest, organisation: str, slug: str) -> HttpResponse:
    return HttpResponse(f"{organisation}/{slug}")


public = ([path("producten/<slug:organisation>/<slug:slug>/", product_detail, name="product-detail")], "services")

urlpatterns = [path("beheer/", admin.site.urls), path("", include(public))]
