"""Staff screens for regions, municipalities and which products each municipality takes."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from editorial.admin.access import ProductRowAccessAdmin, ReferenceDataAccessAdmin
from editorial.admin.helpers import EditionFilter, PublicPageLinkMixin
from municipalities.models import Municipality, Region, Uptake


@admin.register(Region)
class RegionAdmin(ReferenceDataAccessAdmin, admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "municipality_count")
    list_select_related = ("parent",)
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        return super().get_queryset(request).annotate(municipality_count=Count("municipalities"))

    @admin.display(description="gemeenten", ordering="municipality_count")
    def municipality_count(self, obj: Region) -> int:
        return obj.municipality_count  # type: ignore[attr-defined]


class DissolvedFilter(admin.SimpleListFilter):
    title = "opgeheven"
    parameter_name = "opgeheven"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("nee", "Bestaande gemeenten"), ("ja", "Opgeheven gemeenten")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Municipality]) -> QuerySet[Municipality]:
        if self.value() == "nee":
            return queryset.filter(dissolved_year__isnull=True)
        if self.value() == "ja":
            return queryset.filter(dissolved_year__isnull=False)
        return queryset


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAccessAdmin, PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ("name", "cbs_code", "region_names", "dissolved_year", "successor")
    list_select_related = ("successor",)
    list_filter = ("regions", DissolvedFilter)
    search_fields = ("name", "cbs_code")
    autocomplete_fields = ("regions", "successor")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "cbs_code", "slug", "regions", "dissolved_year", "successor")
    ordering = ("name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Municipality]:
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description="regio's")
    def region_names(self, obj: Municipality) -> str:
        return ", ".join(region.name for region in obj.regions.all())


@admin.register(Uptake)
class UptakeAdmin(ProductRowAccessAdmin, admin.ModelAdmin):
    list_display = ("municipality", "product", "organisation", "edition_year", "note")
    list_select_related = ("municipality", "product__organisation", "product__edition")
    list_filter = (
        "product__organisation",
        ("product__edition", EditionFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("municipality__name", "municipality__cbs_code", "product__title")
    autocomplete_fields = ("product", "municipality")
    ordering = ("municipality__name", "-product__edition__year", "product__order")

    @admin.display(description="organisatie", ordering="product__organisation__short_name")
    def organisation(self, obj: Uptake) -> str:
        return str(obj.product.organisation)

    @admin.display(description="jaar", ordering="product__edition__year")
    def edition_year(self, obj: Uptake) -> int:
        return obj.product.edition.year
