"""Reads. Every public page, the API and the PDF books get their products from here.

Each read runs a fixed number of queries whatever the number of products: lists come with their
relations joined or prefetched; the catalogue's filter counts and its list's order come from the facet
index (services.facet_index), so only the rows a page shows are read.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from municipalities.models import Municipality, Uptake
from services import facet_index, published, versioning
from services.filters import SORT_RELEVANCE, ProductFilterSet
from services.models import (
    Edition,
    GlossaryTerm,
    LegalBasis,
    LegalFramework,
    Membership,
    Organisation,
    Product,
    ProductQuerySet,
    ProductTier,
    Tier,
    Unit,
    public_q,
    valid_in,
)


@dataclass(frozen=True)
class ProductContact:
    """Whom to ask about a product: its own contact, or the general contact it falls back on."""

    text: str
    source: str  # "product", "eenheid" or "organisatie"
    name: str  # whose contact it is: the product's title, the unit's or the organisation's name

    @property
    def fallback(self) -> bool:
        return self.source != "product"


def product_contact(product: Product) -> ProductContact | None:
    """The product's own contact; without one, its unit's general contact; else its organisation's.

    None when none of them names one (the books often do not, and nothing is made up). Reads
    ``product.unit`` and ``product.organisation``: select them with the product (every list here does).
    """
    if product.contacts.strip():
        return ProductContact(product.contacts, "product", product.title)
    if product.unit.general_contact.strip():
        return ProductContact(product.unit.general_contact, "eenheid", product.unit.name)
    if product.organisation.general_contact.strip():
        return ProductContact(product.organisation.general_contact, "organisatie", product.organisation.name)
    return None


def current_year() -> int:
    return settings.CATALOGUE_CURRENT_YEAR


def product_list_queryset(queryset: ProductQuerySet | None = None) -> ProductQuerySet:
    """Products with everything a list shows, in a fixed number of queries."""
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.select_related("organisation", "unit", "edition", "umbrella").prefetch_related(
        Prefetch("product_tiers", queryset=ProductTier.objects.select_related("tier").order_by("tier__order")),
        Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("framework").order_by("order", "id")),
    )


def published_products() -> ProductQuerySet:
    return product_list_queryset(Product.objects.public())


def filter_products(data: Mapping[str, str] | None, *, queryset: QuerySet | None = None) -> ProductFilterSet:
    """Bind the catalogue's filters to ``data`` (a QueryDict) over the published products."""
    return ProductFilterSet(
        data if data is not None else {}, queryset=queryset if queryset is not None else published_products()
    )


# --- The catalogue page's filter options with result counts -------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    group: str = ""


@dataclass
class Facets:
    organisatie: list[FacetOption] = field(default_factory=list)
    eenheid: list[FacetOption] = field(default_factory=list)
    schil: list[FacetOption] = field(default_factory=list)
    wet: list[FacetOption] = field(default_factory=list)
    gemeente: list[FacetOption] = field(default_factory=list)
    jaar: list[FacetOption] = field(default_factory=list)

    def label(self, name: str, value: str) -> str | None:
        """The label of ``value`` among the options of ``name``; None when it is not an option."""
        for option in getattr(self, name, []):
            if option.value == value:
                return option.label
        return None


def catalogue_facets(filterset: ProductFilterSet) -> Facets:
    """Every option of the catalogue's choice filters with the number of products it would give.

    A count takes the other active filters of the bound ``filterset`` into account, so it says what
    choosing that option gives now. The counts come from the year's facet index (services.facet_index:
    bitsets built once per catalogue version), so they cost the same whatever the size of the catalogue;
    the option lists are a few small queries. Filters with an invalid value are left out, as in the list
    itself. Remembered per catalogue version and filter state: another page or sort order of the same
    selection reuses them.
    """
    filterset.is_valid()  # cleaned_data holds the valid fields, also when another one is invalid
    state = sorted(
        (name, _identity(value))
        for name, value in filterset.form.cleaned_data.items()
        if name != "sorteer" and value not in (None, "", [])
    )
    return versioning.cached("facets", repr(state), lambda: _catalogue_facets(filterset))


def listed_ids(filterset: ProductFilterSet) -> list[int] | None:
    """The primary keys of every product ``filterset.qs`` lists, in its order, from the facet index
    (no scan of the catalogue); None when the list is ranked by a search, which only the database does."""
    _ = filterset.qs  # settles the order (filterset.sort)
    if filterset.sort == SORT_RELEVANCE:
        return None
    return facet_index.index_for(filterset).ordered_ids(filterset, filterset.sort)


def in_order_of(pks: list[int]) -> list[Product]:
    """The published products with these primary keys, in their order, with what a list shows (one page
    of ``listed_ids``: the filters were applied by the index, so only the page's rows are read)."""
    found = {product.pk: product for product in published_products().filter(pk__in=pks).order_by()}
    return [found[pk] for pk in pks if pk in found]


def _identity(value):
    """A filter value as plain data for a cache key: model instances by primary key, lists in order."""
    if isinstance(value, list | tuple):
        return tuple(_identity(item) for item in value)
    if hasattr(value, "pk"):
        return (type(value).__name__, value.pk)
    return value


def _catalogue_facets(filterset: ProductFilterSet) -> Facets:
    year = int(filterset.form.cleaned_data.get("jaar") or current_year())
    facets = Facets()
    all_counts = facet_index.index_for(filterset).counts(filterset)
    counts = all_counts["organisatie"]
    facets.organisatie = [
        FacetOption(o.slug, o.short_name, counts.get(o.slug, 0)) for o in Organisation.objects.order_by("name")
    ]

    counts = all_counts["eenheid"]
    # A published edition of the year shows its units, tiers and laws by the names it was published with.
    references = {
        edition.organisation_id: reference
        for edition in Edition.objects.filter(year=year)
        if (reference := published.reference_of(edition)) is not None
    }
    facets.eenheid = [
        FacetOption(u.slug, u.name, counts.get(u.slug, 0), group=u.organisation.short_name)
        for u in _as_published(
            Unit.objects.select_related("organisation").order_by("organisation__name", "order", "name"),
            {pk: ref.units for pk, ref in references.items()},
        )
    ]

    counts = all_counts["schil"]
    tiers: dict[str, FacetOption] = {}
    for tier in _as_published(
        Tier.objects.select_related("organisation").order_by("organisation__name", "order", "code"),
        {pk: ref.tiers for pk, ref in references.items()},
    ):
        # Tier codes are per organisation; the filter matches a code across organisations.
        if tier.code in tiers:
            tiers[tier.code].label += f" / {tier.name}"
            continue
        tiers[tier.code] = FacetOption(
            tier.code, tier.name, counts.get(tier.code, 0), group=tier.organisation.short_name
        )
    facets.schil = list(tiers.values())

    counts = all_counts["wet"]
    law_names = {pk: law.name for ref in references.values() for pk, law in ref.laws.items()}
    cited = LegalBasis.objects.filter(framework=OuterRef("pk"))
    laws = list(LegalFramework.objects.filter(Exists(cited)).order_by("name"))
    facets.wet = [FacetOption(law.slug, law_names.get(law.pk, law.name), counts.get(law.slug, 0)) for law in laws]
    if any(law_names.get(law.pk, law.name) != law.name for law in laws):
        facets.wet.sort(key=lambda option: option.label.casefold())  # in the order of the published names

    counts = all_counts["gemeente"]
    municipalities = (
        Municipality.objects.existing_in(year)
        .filter(
            Exists(Membership.objects.filter(municipality=OuterRef("pk")))
            | Exists(Uptake.objects.filter(municipality=OuterRef("pk")))
        )
        .order_by("name")
    )
    facets.gemeente = [FacetOption(m.cbs_code, m.name, counts.get(m.cbs_code, 0)) for m in municipalities]

    facets.jaar = [FacetOption(str(y), str(y), 0) for y in published_years()]
    return facets


def _as_published(rows: Iterable, published_rows: Mapping[int, Mapping[int, Any]]) -> list:
    """Units or tiers as the year's published editions have them: renamed ones by their published name,
    ones added since left out (organisations without a published edition that year: the rows as they are)."""
    found = []
    for row in rows:
        if (snapshot := published_rows.get(row.organisation_id)) is None:
            found.append(row)
        elif (then := snapshot.get(row.pk)) is not None:
            then.organisation = row.organisation
            found.append(then)
    return found


def published_years() -> list[int]:
    """Years with public products, newest first, always with the current year (cached per catalogue version)."""
    return versioning.cached("published-years", "", _published_years)


def _published_years() -> list[int]:
    # Per published edition, whether one public product exists: stops at the first, whatever the edition's size.
    public = Product.objects.public().filter(edition=OuterRef("pk"))
    years = set(Edition.objects.published().filter(Exists(public)).order_by().values_list("year", flat=True))
    years.add(current_year())
    return sorted(years, reverse=True)


# --- Entry page ----------------------------------------------------------------------------------


def organisations_with_counts(year: int) -> QuerySet:
    """Organisations with ``product_count`` (published products in ``year``) and their tiers."""
    return (
        Organisation.objects.annotate(
            product_count=Count(
                "products",
                filter=public_q("products__") & Q(products__edition__year=year),
                distinct=True,
            ),
            member_count=Count(
                "memberships",
                filter=valid_in(year, prefix="memberships__"),
                distinct=True,
            ),
        )
        .prefetch_related(Prefetch("tiers", queryset=Tier.objects.order_by("order", "code")))
        .order_by("name")
    )


def laws_with_counts(year: int) -> QuerySet:
    """Laws that published products of ``year`` rest on, with ``product_count``."""
    return (
        LegalFramework.objects.annotate(
            product_count=Count(
                "legal_bases__product",
                filter=public_q("legal_bases__product__") & Q(legal_bases__product__edition__year=year),
                distinct=True,
            )
        )
        .filter(product_count__gt=0)
        .order_by("name")
    )


# --- Detail pages ----------------------------------------------------------------------------------


def published_parts(product: Product) -> QuerySet:
    """The published sub-products of an umbrella product, in book order."""
    return Product.objects.published().filter(umbrella=product).order_by("order", "title")


def published_product(organisation_slug: str, slug: str, year: int) -> Product:
    """One published product with everything its page shows; raises Product.DoesNotExist."""
    return (
        Product.objects.public()
        .select_related("organisation", "unit", "edition", "umbrella")
        .prefetch_related(
            Prefetch("product_tiers", queryset=ProductTier.objects.select_related("tier").order_by("tier__order")),
            Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("framework").order_by("order", "id")),
        )
        .with_joint_flag()
        .get(organisation__slug=organisation_slug, slug=slug, edition__year=year)
    )


def members_in(organisation: Organisation, year: int) -> QuerySet:
    """Municipalities that are members of ``organisation`` during ``year``."""
    return (
        Municipality.objects.filter(
            Exists(Membership.objects.filter(organisation=organisation, municipality=OuterRef("pk")).valid_in(year))
        )
        .existing_in(year)
        .order_by("name")
    )


def product_takers(product: Product) -> QuerySet:
    """The municipalities that take ``product`` (``ProductQuerySet.taken_by``): every member for a jointly
    commissioned product, the others by their uptake rows."""
    takers = {municipality for municipality, _ in Product.objects.filter(pk=product.pk).takings()}
    return Municipality.objects.filter(pk__in=takers).order_by("name")


def product_uptakes(product: Product) -> QuerySet:
    return Uptake.objects.filter(product=product).select_related("municipality").order_by("municipality__name")


def sibling_products(product: Product, limit: int = 12) -> list[Product]:
    """Up to ``limit`` other published products of the same unit in the same edition."""
    return list(
        Product.objects.public()
        .filter(unit=product.unit_id, edition=product.edition_id)
        .exclude(pk=product.pk)
        .select_related("organisation", "edition")
        .order_by("order", "title")[:limit]
    )


def organisation_units(organisation: Organisation, year: int) -> QuerySet:
    """The organisation's units, each with its published products of ``year`` in ``unit.published``."""
    products = product_list_queryset(Product.objects.public().filter(edition__year=year)).order_by("order", "title")
    return (
        Unit.objects.filter(organisation=organisation)
        .prefetch_related(Prefetch("products", queryset=products, to_attr="published"))
        .order_by("order", "name")
    )


def organisation_tiers(organisation: Organisation, year: int) -> QuerySet:
    return (
        Tier.objects.filter(organisation=organisation)
        .annotate(
            product_count=Count(
                "products",
                filter=public_q("products__") & Q(products__edition__year=year),
                distinct=True,
            )
        )
        .order_by("order", "code")
    )


def organisation_edition(organisation: Organisation, year: int) -> Edition | None:
    return Edition.objects.filter(organisation=organisation, year=year).first()


def law_bases(framework: LegalFramework, year: int) -> QuerySet:
    """The legal bases citing ``framework`` in published products of ``year``, by organisation and book order."""
    return (
        LegalBasis.objects.filter(public_q("product__"), framework=framework, product__edition__year=year)
        .select_related("product", "product__organisation", "product__unit", "product__edition")
        .order_by("product__organisation__name", "product__unit__order", "product__order", "product__title", "order")
    )


def glossary() -> QuerySet:
    """Organisations that have a glossary, each with its terms in ``organisation.terms``."""
    return (
        Organisation.objects.filter(glossary_terms__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("glossary_terms", queryset=GlossaryTerm.objects.order_by("term"), to_attr="terms"))
        .order_by("name")
    )
