"""Reads for the municipality pages: who takes what."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from municipalities.models import Municipality, Uptake
from services import published
from services.models import BOOK_ORDER, Edition, LegalBasis, Membership, Organisation, Product, ProductTier, Tier

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _TakenLine(TypedDict):
        """What products_taken annotates on each product: how it is taken (ProductQuerySet.taken_by), its first
        tier, and how many products its group (organisation, how taken, first tier) holds."""

        taken_jointly: bool
        first_tier: int | None
        group_total: int


# Products listed per tier group on a municipality page; the rest are one link away, in the catalogue.
PRODUCTS_PER_GROUP = 40
# What a line on the municipality page shows: title, link (organisation, slug, year) and its laws.
_LINE_FIELDS = ("pk", "title", "slug", "organisation__slug", "organisation__name", "edition__year", "order")


def municipality_list(year: int) -> QuerySet:
    """Municipalities that existed in ``year`` and are a member of an organisation or take a product,
    each with its organisations in ``municipality.member_of`` and its regions."""
    memberships = Membership.objects.valid_in(year).select_related("organisation").order_by("organisation__name")
    return (
        Municipality.objects.existing_in(year)
        .filter(
            Exists(Membership.objects.filter(municipality=OuterRef("pk")))
            | Exists(Uptake.objects.filter(municipality=OuterRef("pk")))
        )
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="member_of"), "regions")
        .order_by("name")
    )


def municipality_by_code(cbs_code: str) -> Municipality:
    """Raises Municipality.DoesNotExist for an unknown or malformed code."""
    return Municipality.objects.by_code(cbs_code).select_related("successor").get()


@dataclass
class TierGroup:
    tier: Tier | None
    products: list[Product] = field(default_factory=list)
    total: int = 0  # every product in the group; ``products`` holds the first PRODUCTS_PER_GROUP
    more_url: str = ""  # the catalogue filtered to this municipality, organisation and tier

    @property
    def hidden(self) -> int:
        return self.total - len(self.products)


@dataclass
class OrganisationGroup:
    organisation: Organisation
    joint: list[TierGroup] = field(default_factory=list)
    individual: list[TierGroup] = field(default_factory=list)

    @property
    def joint_count(self) -> int:
        return sum(group.total for group in self.joint)

    @property
    def individual_count(self) -> int:
        return sum(group.total for group in self.individual)


def _first_tier() -> Subquery:
    return Subquery(
        ProductTier.objects.filter(product=OuterRef("pk")).order_by("tier__order", "tier_id").values("tier_id")[:1]
    )


def products_taken(municipality: Municipality, year: int) -> list[OrganisationGroup]:
    """What ``municipality`` takes in ``year``, by organisation, split into what it gets jointly with
    the other members and what it takes individually, each grouped by the product's (first) tier.

    "Takes", and how, is ``ProductQuerySet.taken_by``. The page stays the same size whatever the
    catalogue holds: each group lists its first PRODUCTS_PER_GROUP products in book order (a window
    function in the database) with the columns a line shows, and counts each group in the same query.
    """
    taken = (
        Product.objects.public()
        .filter(edition__year=year)
        .taken_by(municipality.cbs_code)
        .annotate(first_tier=_first_tier())
    )
    partition = [F("organisation_id"), F("taken_jointly"), F("first_tier")]
    shown = list(
        taken.annotate(
            position=Window(RowNumber(), partition_by=partition, order_by=[F(name) for name in BOOK_ORDER]),
            group_total=Window(Count("pk"), partition_by=partition),
        )
        .filter(position__lte=PRODUCTS_PER_GROUP)
        .select_related("organisation", "edition")
        .only(*_LINE_FIELDS)
        .prefetch_related(
            Prefetch(
                "legal_bases",
                queryset=LegalBasis.objects.select_related("framework")
                .only("product_id", "order", "framework__name", "framework__abbreviation")
                .order_by("order", "id"),
            )
        )
        .order_by(*BOOK_ORDER)
    )
    lines = cast("list[WithAnnotations[Product, _TakenLine]]", shown)
    tiers = Tier.objects.in_bulk({product.first_tier for product in lines if product.first_tier is not None})
    # A published edition names its organisation, tiers and laws as published (services.published).
    editions = Edition.objects.filter(pk__in={product.edition_id for product in shown}).only("state", "reference")
    references = {edition.pk: published.reference_of(edition) for edition in editions}
    groups: dict[int, OrganisationGroup] = {}
    for product in lines:
        reference = references[product.edition_id]
        if reference is not None:
            published.apply_reference(reference, product)
        group = groups.setdefault(product.organisation_id, OrganisationGroup(product.organisation))
        tier = tiers.get(product.first_tier)
        if reference is not None and product.first_tier in reference.tiers:
            tier = reference.tiers[product.first_tier]
        side = group.joint if product.taken_jointly else group.individual
        for tier_group in side:
            if tier_group.tier == tier:
                tier_group.products.append(product)
                break
        else:
            side.append(
                TierGroup(
                    tier, [product], product.group_total, _more_url(municipality, product.organisation, tier, year)
                )
            )
    for group in groups.values():
        for side in (group.joint, group.individual):
            side.sort(key=lambda g: (g.tier is None, g.tier.order if g.tier else 0))
    return list(groups.values())


def _more_url(municipality: Municipality, organisation: Organisation, tier: Tier | None, year: int) -> str:
    query = {"gemeente": municipality.cbs_code, "organisatie": organisation.slug, "jaar": year}
    if tier is not None:
        query["schil"] = tier.code
    return reverse("services:product-list") + "?" + urlencode(query)


def membership_summary(municipality: Municipality, year: int) -> QuerySet:
    """The organisations ``municipality`` is a member of in ``year``, with their regions."""
    return Organisation.objects.filter(
        Exists(Membership.objects.filter(organisation=OuterRef("pk"), municipality=municipality).valid_in(year))
    ).order_by("name")
