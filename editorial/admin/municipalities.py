"""Staff screens for regions, municipalities and which products each municipality takes."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponseRedirect

from editorial import access
from editorial.admin.access import ProductRowAccessAdmin, ReferenceDataAccessAdmin, RoleScopedAdmin
from editorial.admin.helpers import EditionFilter, PublicPageLinkMixin
from editorial.operations import costs
from editorial.operations import products as editing
from municipalities.models import Municipality, Population, Region, Uptake
from services.models import Product, Status


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


class UptakeForm(forms.ModelForm):
    """An uptake row with the version of its product the editor saw, like the product's own form."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Uptake
        fields = ("product", "municipality", "note", "expected_version")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["expected_version"].initial = self.instance.product.version

    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # a ModelForm's clean() returns its cleaned_data
        product: Product | None = cleaned.get("product")
        if product is None:
            return cleaned
        current = Product.objects.select_related("organisation", "last_edited_by").get(pk=product.pk)
        if cleaned.get("expected_version") is None:
            # A new row names its product only now: show which version it is on, save on the next click.
            data = self.data.copy()  # type: ignore[attr-defined]  # a bound form's data is the POST's QueryDict
            data["expected_version"] = str(current.version)
            self.data = data
            raise ValidationError(
                f"Een afname wijzigt het product '{current.title}' (nu versie {current.version}): het komt daarmee "
                "weer in concept en een ander moet het goedkeuren. Klik nogmaals op Opslaan om dat te bevestigen.",
                code="version_missing",
            )
        try:
            editing.check_version(current, cleaned["expected_version"])
        except editing.EditConflict as conflict:
            raise ValidationError(conflict.messages) from None
        return cleaned


@admin.register(Uptake)
class UptakeAdmin(ProductRowAccessAdmin, admin.ModelAdmin):
    """Which municipality takes which product. Every save is an edit of the product
    (``editorial.operations.products.change_uptake``): versioned, in its history, back to concept."""

    form = UptakeForm
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

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # A published product's row too: the change goes to its concept copy, through the workflow.
        editable = access.editable_products(request.user).filter(
            status__in=[Status.CONCEPT, Status.IN_REVIEW, Status.PUBLISHED]
        )
        return queryset.filter(product__in=editable)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "product":
            kwargs["queryset"] = access.editable_products(request.user).filter(
                status__in=[Status.CONCEPT, Status.IN_REVIEW, Status.PUBLISHED]
            )
        return super(ProductRowAccessAdmin, self).formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Removing a municipality is done in the product's form, whose inline carries the product's version.
        return False

    def save_model(self, request: HttpRequest, obj: Uptake, form, change: bool) -> None:
        before = Uptake.objects.select_related("municipality").get(pk=obj.pk).municipality if change else None
        saved = editing.change_uptake(
            user=request.user,
            product=obj.product,
            expected_version=form.cleaned_data.get("expected_version"),
            municipality=obj.municipality,
            note=obj.note,
            replaces=before,
        )
        # The row the operation wrote (on the concept copy when the product was published).
        row = Uptake.objects.get(product=saved, municipality=obj.municipality)
        obj.pk, obj.product = row.pk, saved

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (editing.WorkflowError, editing.NotAllowed) as error:
            self.message_user(
                request, f"Niet opgeslagen: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())


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
