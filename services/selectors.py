"""Reads. Every public page, the API and the PDF books get their products from here."""

from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet

from services.filters import ProductFilterSet
from services.models import LegalBasis, Product, ProductTier


def product_list_queryset(queryset: QuerySet | None = None) -> QuerySet:
    """Products with everything a list shows, in a fixed number of queries."""
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.select_related("organisation", "unit", "edition").prefetch_related(
        Prefetch("product_tiers", queryset=ProductTier.objects.select_related("tier").order_by("tier__order")),
        Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("framework").order_by("order", "id")),
    )


def published_products() -> QuerySet:
    return product_list_queryset(Product.objects.published())


def filter_products(data: Mapping[str, str] | None, *, queryset: QuerySet | None = None) -> ProductFilterSet:
    """Bind the catalogue's filters to ``data`` (a QueryDict) over the published products."""
    return ProductFilterSet(
        data if data is not None else {}, queryset=queryset if queryset is not None else published_products()
    )
