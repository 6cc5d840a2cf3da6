"""Admin for what staff add to search: synonym sets and a product's trefwoorden (read at query time)."""

from django.contrib import admin

from editorial.admin.access import ProductRowInlineAccess
from services.models import ProductKeyword, SynonymSet


@admin.register(SynonymSet)
class SynonymSetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source")
    search_fields = ("terms", "source")
    fields = ("terms", "source")


class ProductKeywordInline(ProductRowInlineAccess, admin.TabularInline):
    model = ProductKeyword
    fields = ("keyword",)
    extra = 1
