"""Admin for what staff add to search: synonym sets and products' trefwoorden (read at query time)."""

from django.contrib import admin

from editorial.admin.access import ProductRowAccessAdmin
from services.models import ProductKeyword, SynonymSet


@admin.register(SynonymSet)
class SynonymSetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source")
    search_fields = ("terms", "source")
    fields = ("terms", "source")


@admin.register(ProductKeyword)
class ProductKeywordAdmin(ProductRowAccessAdmin, admin.ModelAdmin):
    """Trefwoorden in a list of their own: the product's change form saves through the product's operations,
    which do not carry keywords yet."""

    list_display = ("keyword", "product")
    list_select_related = ("product__organisation", "product__edition")
    search_fields = ("keyword", "product__title")
    autocomplete_fields = ("product",)
    fields = ("product", "keyword")
