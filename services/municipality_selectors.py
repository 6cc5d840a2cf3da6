"""Reads for the municipality pages: who takes what."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from municipalities.models import Municipality, Uptake
from services.models import Membership, Organisation, Product, Tier
from services.selectors import product_list_queryset


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


@dataclass
class OrganisationGroup:
    organisation: Organisation
    joint: list[TierGroup] = field(default_factory=list)
    individual: list[TierGroup] = field(default_factory=list)

    @property
    def joint_count(self) -> int:
        return sum(len(group.products) for group in self.joint)

    @property
    def individual_count(self) -> int:
        return sum(len(group.products) for group in self.individual)


def products_taken(municipality: Municipality, year: int) -> list[OrganisationGroup]:
    """What ``municipality`` takes in ``year``, by organisation, split into what it gets jointly with
    the other members and what it takes individually, each grouped by the product's (first) tier.

    "Takes", and how, is ``ProductQuerySet.taken_by``.
    """
    products = (
        product_list_queryset(Product.objects.public())
        .filter(edition__year=year)
        .taken_by(municipality.cbs_code)
        .in_book_order()
    )
    groups: dict[int, OrganisationGroup] = {}
    for product in products:
        group = groups.setdefault(product.organisation_id, OrganisationGroup(product.organisation))
        tiers = [pt.tier for pt in product.product_tiers.all()]
        tier = tiers[0] if tiers else None
        side = group.joint if product.taken_jointly else group.individual
        for tier_group in side:
            if tier_group.tier == tier:
                tier_group.products.append(product)
                break
        else:
            side.append(TierGroup(tier, [product]))
    for group in groups.values():
        for side in (group.joint, group.individual):
            side.sort(key=lambda g: (g.tier is None, g.tier.order if g.tier else 0))
    return list(groups.values())


def membership_summary(municipality: Municipality, year: int) -> QuerySet:
    """The organisations ``municipality`` is a member of in ``year``, with their regions."""
    return Organisation.objects.filter(
        Exists(Membership.objects.filter(organisation=OuterRef("pk"), municipality=municipality).valid_in(year))
    ).order_by("name")
