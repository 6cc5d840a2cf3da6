"""Staff screens for regions, municipalities and which products each municipality takes."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from editorial import access
from editorial.admin.access import ProductRowAccessAdmin, ReferenceDataAccessAdmin, RoleScopedAdmin
from editorial.admin.helpers import EditionFilter, PublicPageLinkMixin
from editorial.operations import costs
from municipalities.models import Municipality, Population, Region, Uptake


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


@admin.register(Population)
class PopulationAdmin(RoleScopedAdmin, admin.ModelAdmin):
    """Inhabitant counts per municipality and year, the basis of every cost per inhabitant (services.costs)."""

    list_display = ("municipality", "year", "inhabitants", "reference_date", "source")
    list_select_related = ("municipality",)
    list_filter = ("year", ("municipality", admin.RelatedOnlyFieldListFilter))
    search_fields = ("municipality__name", "municipality__cbs_code")
    autocomplete_fields = ("municipality",)
    fields = ("municipality", "year", "inhabitants", "reference_date", "source")
    ordering = ("municipality__name", "-year")

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        user = request.user
        return queryset if access.is_superuser(user) or access.roles(user) else queryset.none()

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(access.population_scope(request.user)).distinct()

    def may_add(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user) or access.administered_organisations(request.user).exists()

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "municipality" and not access.is_superuser(request.user):
            kwargs["queryset"] = Municipality.objects.filter(
                memberships__organisation__in=access.administered_organisations(request.user)
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Population, form, change: bool) -> None:
        saved = costs.set_population(
            user=request.user,
            municipality=obj.municipality,
            year=obj.year,
            inhabitants=obj.inhabitants,
            reference_date=obj.reference_date,
            source=obj.source,
            population=obj if change else None,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Population) -> None:
        costs.delete_population(user=request.user, population=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Population]) -> None:
        for population in queryset.select_related("municipality"):
            costs.delete_population(user=request.user, population=population)
