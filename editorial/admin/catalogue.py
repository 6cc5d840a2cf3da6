"""The staff's editing screen for the catalogue.

Every changelist runs a fixed number of queries whatever the catalogue size: related columns come
through ``list_select_related``, counts through annotations, the tiers column through one prefetch,
and the filters on units, tiers and editions load their choices in one query each.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, Prefetch, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html

from editorial.admin.access import (
    EditionAccessAdmin,
    OrganisationAccessAdmin,
    OrganisationRowAccessAdmin,
    ProductAccessAdmin,
    ProductRowInlineAccess,
    ReferenceDataAccessAdmin,
    RoleAccessAdmin,
)
from editorial.admin.helpers import EditionFilter, OrganisationScopedFilter, PublicPageLinkMixin
from editorial.models import Role
from editorial.operations import organisations
from municipalities.models import Uptake
from services.models import (
    PRODUCT_TEXT_FIELDS,
    Edition,
    GlossaryTerm,
    LegalBasis,
    LegalFramework,
    Membership,
    Organisation,
    Product,
    ProductTier,
    Status,
    Tier,
    Unit,
)

SECTION_TEXT_HELP = (
    "Alinea's scheidt u met een witregel. Een opsomming schrijft u als regels die beginnen met '- '; "
    "een regel die begint met twee spaties en '- ' is een subpunt."
)


# Organisations ---------------------------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("municipality", "start_year", "end_year")
    autocomplete_fields = ("municipality",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        # Each row shows str(membership), which names the municipality and the organisation.
        return super().get_queryset(request).select_related("municipality", "organisation")


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("order", "name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    show_change_link = True
    extra = 0


class TierInline(admin.TabularInline):
    model = Tier
    fields = ("order", "code", "name", "statutory", "commissioning")
    show_change_link = True
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(OrganisationAccessAdmin, PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ("short_name", "name", "kind", "region", "municipality_count")
    list_select_related = ("region",)
    list_filter = ("kind", "region")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("region",)
    prepopulated_fields = {"slug": ("short_name",)}
    ordering = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "region", "website", "introduction")}),
        (
            "Contact",
            {
                "description": "Wie een bezoeker kan vragen over producten die zelf geen contact noemen.",
                "fields": ("general_contact",),
            },
        ),
        (
            "Koppen in het productenboek",
            {
                "description": "Hoe deze organisatie de vaste onderdelen van een productbeschrijving noemt.",
                "fields": (
                    "heading_goal",
                    "heading_audience",
                    "heading_legal",
                    "heading_activities",
                    "heading_rationale",
                    "heading_result",
                    "heading_professionals",
                ),
            },
        ),
    )
    inlines = (MembershipInline, UnitInline, TierInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).annotate(municipality_count=Count("memberships"))

    def save_model(self, request: HttpRequest, obj: Organisation, form, change: bool) -> None:
        organisations.save_organisation(user=request.user, organisation=obj)

    @admin.display(description="deelnemende gemeenten", ordering="municipality_count")
    def municipality_count(self, obj: Organisation) -> int:
        return obj.municipality_count  # type: ignore[attr-defined]


# Units, tiers, laws, editions, glossary ----------------------------------------------------------------


@admin.register(Unit)
class UnitAdmin(OrganisationRowAccessAdmin, admin.ModelAdmin):
    list_display = ("name", "organisation", "order", "product_count")
    list_select_related = ("organisation",)
    list_filter = ("organisation",)
    search_fields = ("name", "organisation__short_name", "organisation__name")
    autocomplete_fields = ("organisation",)
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("organisation__short_name", "order", "name")

    fields = ("organisation", "name", "slug", "order", "introduction", "general_contact")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        return super().get_queryset(request).annotate(product_count=Count("products"))

    def save_model(self, request: HttpRequest, obj: Unit, form, change: bool) -> None:
        organisations.save_unit(user=request.user, unit=obj)

    @admin.display(description="producten", ordering="product_count")
    def product_count(self, obj: Unit) -> int:
        return obj.product_count  # type: ignore[attr-defined]


@admin.register(Tier)
class TierAdmin(OrganisationRowAccessAdmin, admin.ModelAdmin):
    list_display = ("name", "code", "organisation", "order", "statutory", "commissioning", "product_count")
    list_select_related = ("organisation",)
    list_filter = ("organisation", "statutory", "commissioning")
    search_fields = ("name", "code", "organisation__short_name", "organisation__name")
    autocomplete_fields = ("organisation",)
    ordering = ("organisation__short_name", "order", "code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tier]:
        return super().get_queryset(request).annotate(product_count=Count("product_tiers"))

    @admin.display(description="producten", ordering="product_count")
    def product_count(self, obj: Tier) -> int:
        return obj.product_count  # type: ignore[attr-defined]


@admin.register(LegalFramework)
class LegalFrameworkAdmin(ReferenceDataAccessAdmin, PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ("name", "abbreviation", "bwb_id", "official_link", "product_count")
    search_fields = ("name", "abbreviation", "bwb_id")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("official_link",)
    fields = ("name", "abbreviation", "slug", "bwb_id", "url", "official_link")
    ordering = ("name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[LegalFramework]:
        return super().get_queryset(request).annotate(product_count=Count("legal_bases__product", distinct=True))

    @admin.display(description="producten", ordering="product_count")
    def product_count(self, obj: LegalFramework) -> int:
        return obj.product_count  # type: ignore[attr-defined]

    @admin.display(description="officiële tekst")
    def official_link(self, obj: LegalFramework) -> str | None:
        if not obj.official_url:
            return None
        return format_html('<a href="{0}" target="_blank" rel="noopener">{0}</a>', obj.official_url)


@admin.register(Edition)
class EditionAdmin(EditionAccessAdmin, admin.ModelAdmin):
    list_display = ("title", "organisation", "year", "state", "published_at", "product_count")
    list_select_related = ("organisation",)
    list_filter = ("organisation", "state")
    search_fields = ("title", "organisation__short_name", "organisation__name", "year")
    autocomplete_fields = ("organisation", "based_on")
    ordering = ("organisation__short_name", "-year")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Edition]:
        # str(edition) names the organisation; the autocomplete on products lists editions by it.
        return super().get_queryset(request).select_related("organisation").annotate(product_count=Count("products"))

    @admin.display(description="producten", ordering="product_count")
    def product_count(self, obj: Edition) -> int:
        return obj.product_count  # type: ignore[attr-defined]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(OrganisationRowAccessAdmin, admin.ModelAdmin):
    list_display = ("term", "organisation", "definition")
    list_select_related = ("organisation",)
    list_filter = ("organisation",)
    search_fields = ("term", "definition")
    autocomplete_fields = ("organisation",)
    ordering = ("organisation__short_name", "term")


# Products ------------------------------------------------------------------------------------------


class ProductTierForm(forms.ModelForm):
    """A product's tier, chosen from its own organisation's tiers (all tiers, labelled, on a new product)."""

    class Meta:
        model = ProductTier
        fields = ("tier",)

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tiers = Tier.objects.select_related("organisation").order_by("organisation__short_name", "order", "code")
        if organisation_id:
            tiers = tiers.filter(organisation_id=organisation_id)
        field = self.fields["tier"]
        assert isinstance(field, forms.ModelChoiceField)  # the form field of a foreign key
        field.queryset = tiers
        # The label of this one field's choices, set on the instance rather than in a ModelChoiceField subclass.
        field.label_from_instance = lambda tier: f"{tier.organisation} · {tier}"  # type: ignore[method-assign,assignment]


class ProductTierFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "organisation_id": self.instance.organisation_id}


class ProductTierInline(ProductRowInlineAccess, admin.TabularInline):
    model = ProductTier
    form = ProductTierForm
    formset = ProductTierFormSet
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProductTier]:
        return super().get_queryset(request).select_related("product", "tier")


class LegalBasisInline(ProductRowInlineAccess, admin.TabularInline):
    model = LegalBasis
    fields = ("order", "framework", "article", "note")
    autocomplete_fields = ("framework",)
    ordering = ("order", "id")
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet[LegalBasis]:
        return super().get_queryset(request).select_related("framework")


class UptakeInline(ProductRowInlineAccess, admin.TabularInline):
    model = Uptake
    fields = ("municipality", "note")
    autocomplete_fields = ("municipality",)
    ordering = ("municipality__name",)
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet[Uptake]:
        return super().get_queryset(request).select_related("product", "municipality")


@admin.register(Product)
class ProductAdmin(ProductAccessAdmin, PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ("title", "organisation", "edition_year", "unit", "tier_names", "status", "order")
    list_select_related = ("organisation", "edition", "unit")
    # Only relation and choice filters: AllValuesFieldListFilter would run values_list() on get_queryset(),
    # whose tiers prefetch cannot apply to tuples.
    list_filter = (
        "organisation",
        ("edition", EditionFilter),
        ("unit", OrganisationScopedFilter),
        ("tiers", OrganisationScopedFilter),
        "status",
        "legal_bases__framework",
    )
    search_fields = ("title", *PRODUCT_TEXT_FIELDS)
    autocomplete_fields = ("organisation", "edition", "unit", "umbrella")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("updated_at",)
    ordering = ("organisation__short_name", "-edition__year", "order", "title")
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("organisation", "edition", "unit", "title", "slug", "summary")}),
        (
            "Beschrijving",
            {
                "description": SECTION_TEXT_HELP,
                "fields": ("goal", "audience", "activities", "rationale", "result", "professionals"),
            },
        ),
        (
            "Wettelijk kader",
            {
                "description": "De wetten en artikelen zelf legt u vast onder 'Wettelijke grondslagen' hieronder.",
                "fields": ("legal_text",),
            },
        ),
        ("Leeftijd en contact", {"fields": (("age_min_months", "age_max_months"), "contacts")}),
        (
            "Kosten en financiering",
            {
                "description": "Hoe gemeenten voor dit product betalen en, alleen als die vastgesteld is, de prijs "
                "met waarvoor die geldt en de bron. De kosten per gemeente volgen daaruit (bij een prijs per "
                "inwoner met het inwonertal); een onbekende prijs blijft leeg, er wordt niets geschat.",
                "fields": ("financing", ("price", "price_unit"), "price_source"),
            },
        ),
        (
            "Tabel en samenhang",
            {
                "description": "Een tabel uit het boek (kolommen, rijen, voetnoot) en het overkoepelende product.",
                "fields": ("table", "umbrella"),
            },
        ),
        ("Publicatie", {"fields": ("status", "order", "review_due", "updated_at")}),
        (
            "Redactie",
            {
                "description": "Wijzigt alleen via de knoppen bovenaan: bewerken, indienen, goedkeuren, afwijzen.",
                "fields": ("version", "last_edited_by", "submitted_by", "submitted_at", "review_note"),
            },
        ),
    )
    inlines = (ProductTierInline, LegalBasisInline, UptakeInline)

    def view_on_site(self, obj: Product) -> str | None:
        # The public site shows published products only; a link from a concept would end in "not found".
        if obj.status != Status.PUBLISHED:
            return None
        return super().view_on_site(obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        tiers = Tier.objects.order_by("order", "code")
        return super().get_queryset(request).prefetch_related(Prefetch("tiers", queryset=tiers))

    @admin.display(description="jaar", ordering="edition__year")
    def edition_year(self, obj: Product) -> int:
        return obj.edition.year

    @admin.display(description="schillen")
    def tier_names(self, obj: Product) -> str:
        return ", ".join(tier.name for tier in obj.tiers.all())


# Roles -----------------------------------------------------------------------------------------------


@admin.register(Role)
class RoleAdmin(RoleAccessAdmin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "unit_names")
    list_select_related = ("user", "organisation")
    list_filter = ("organisation", "role")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__short_name")
    filter_horizontal = ("units",)
    ordering = ("organisation__short_name", "user__username", "role")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        return super().get_queryset(request).prefetch_related("units")

    @admin.display(description="eenheden")
    def unit_names(self, obj: Role) -> str:
        return ", ".join(unit.name for unit in obj.units.all()) or "alle"
