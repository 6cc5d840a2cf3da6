"""Reads for the municipality pages: who takes what."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse

from municipalities.models import Municipality, Uptake
from services import facet_index, published
from services.models import Edition, LegalBasis, Membership, Organisation, Product, Tier

# Products listed per tier group on a municipality page; the rest are one link away, in the catalogue.
# The largest group of the shipped 2026 catalogues holds 17, so a real page lists every group whole.
PRODUCTS_PER_GROUP = 25
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


def products_taken(municipality: Municipality, year: int) -> list[OrganisationGroup]:
    """What ``municipality`` takes in ``year``, by organisation, split into what it gets jointly with
    the other members and what it takes individually, each grouped by the product's (first) tier.

    "Takes", and how, is ``ProductQuerySet.taken_by``, read from the year's facet index
    (services.facet_index: its pairs, in book order). The page stays the same size whatever the
    catalogue holds: each group lists its first PRODUCTS_PER_GROUP products with the columns a line
    shows (read by primary key) and counts the rest, without a scan of the catalogue.
    """
    index = facet_index.index_of(year)
    code = municipality.cbs_code
    jointly = index.jointly.get(code, 0)
    counted: dict[tuple[int, bool, int | None], int] = {}
    listed: dict[int, tuple[bool, int | None]] = {}
    for i in facet_index.positions(index.taken_by(code)):
        key = (index.organisation_ids[i], bool(jointly >> i & 1), index.first_tiers[i])
        counted[key] = counted.get(key, 0) + 1
        if counted[key] <= PRODUCTS_PER_GROUP:
            listed[index.ids[i]] = key[1:]
    shown = list(
        Product.objects.public()
        .filter(pk__in=listed)
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
        .in_book_order()
    )
    tiers = Tier.objects.in_bulk({tier for _, tier in listed.values() if tier is not None})
    # A published edition names its organisation, tiers and laws as published (services.published).
    editions = Edition.objects.filter(pk__in={product.edition_id for product in shown}).only("state", "reference")
    references = {edition.pk: published.reference_of(edition) for edition in editions}
    groups: dict[int, OrganisationGroup] = {}
    for product in shown:
        taken_jointly, first_tier = listed[product.pk]
        reference = references[product.edition_id]
        if reference is not None:
            published.apply_reference(reference, product)
        group = groups.setdefault(product.organisation_id, OrganisationGroup(product.organisation))
        tier = tiers.get(first_tier)
        if reference is not None and first_tier in reference.tiers:
            tier = reference.tiers[first_tier]
        side = group.joint if taken_jointly else group.individual
        for tier_group in side:
            if tier_group.tier == tier:
                tier_group.products.append(product)
                break
        else:
            total = counted[(product.organisation_id, taken_jointly, first_tier)]
            side.append(TierGroup(tier, [product], total, _more_url(municipality, product.organisation, tier, year)))
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
