"""A small catalogue with prices and populations of its own (the shipped catalogues carry no prices).

Organisation "Kostregio" with two published editions, 2025 and 2026 (copied from 2025), two member
municipalities, and one product per case of the cost rule (services.costs):

========================  ==========================  ==============  ===============
product (slug)            financing                   2025            2026
========================  ==========================  ==============  ===============
jgz (joint)               bijdrage per inwoner        € 2,00 p.i.     € 2,50 p.i.
toezicht (individual)     contract per gemeente       € 1.000 vast    € 1.200 vast     (Noord only)
inspecties (joint)        derden tegen kostprijs      € 85 per insp.  € 85 per insp.
onbekend (joint)          landelijke verdeelsleutel   no price        no price
regiofonds (joint)        bijdrage per inwoner        € 50.000 vast   € 50.000 vast    (not split)
========================  ==========================  ==============  ===============

Populations: Noord 10.000 (2025) and 10.100 (2026); Zuid only 2026: 5.000.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from services.models import Commissioning, Edition, Financing, PriceUnit, Product
from tests.factories import (
    EditionFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PopulationFactory,
    ProductFactory,
    TierFactory,
    UnitFactory,
    UptakeFactory,
)

PRICES = {
    # slug: (title, tier kind, financing, unit, price 2025, price 2026)
    "jgz": ("Jeugdgezondheidszorg", "joint", Financing.JOINT_CONTRIBUTION, PriceUnit.PER_INHABITANT, "2.00", "2.50"),
    "toezicht": ("Toezicht kinderopvang", "individual", Financing.CONTRACT, PriceUnit.FIXED, "1000.00", "1200.00"),
    "inspecties": ("Inspecties tatoeage", "joint", Financing.THIRD_PARTIES, PriceUnit.PER_INSPECTION, "85", "85"),
    "onbekend": ("Infectieziektebestrijding", "joint", Financing.NATIONAL_KEY, "", None, None),
    "regiofonds": ("Regionaal fonds", "joint", Financing.JOINT_CONTRIBUTION, PriceUnit.FIXED, "50000", "50000"),
}


@dataclass
class CostWorld:
    organisation: object
    old: Edition
    new: Edition
    noord: object
    zuid: object
    products: dict[int, dict[str, Product]]  # year -> slug -> product


def make_cost_world() -> CostWorld:
    organisation = OrganisationFactory(slug="kostregio", name="GGD Kostregio", short_name="Kostregio")
    unit = UnitFactory(organisation=organisation, slug="kost-jgz", name="Jeugd")
    joint = TierFactory(organisation=organisation, code="k-2a", name="Schil 2a")
    individual = TierFactory(
        organisation=organisation, code="k-3", name="Schil 3", commissioning=Commissioning.INDIVIDUAL
    )
    noord = MunicipalityFactory(cbs_code="GM5901", name="Noordstad", slug="noordstad")
    zuid = MunicipalityFactory(cbs_code="GM5902", name="Zuidwaard", slug="zuidwaard")
    for municipality in (noord, zuid):
        MembershipFactory(organisation=organisation, municipality=municipality)
    old = EditionFactory(organisation=organisation, year=2025, state=Edition.State.PUBLISHED)
    new = EditionFactory(organisation=organisation, year=2026, state=Edition.State.PUBLISHED, based_on=old)
    products: dict[int, dict[str, Product]] = {2025: {}, 2026: {}}
    for order, (slug, (title, kind, financing, unit_, price_old, price_new)) in enumerate(PRICES.items()):
        for edition, price in ((old, price_old), (new, price_new)):
            product = ProductFactory(
                organisation=organisation,
                edition=edition,
                unit=unit,
                slug=slug,
                title=title,
                order=order,
                tiers=[joint if kind == "joint" else individual],
                financing=financing,
                price=None if price is None else Decimal(price),
                price_unit=unit_,
                price_source="Begroting" if price else "",
            )
            if kind == "individual":
                UptakeFactory(product=product, municipality=noord)
            products[edition.year][slug] = product
    PopulationFactory(municipality=noord, year=2025, inhabitants=10_000)
    PopulationFactory(municipality=noord, year=2026, inhabitants=10_100, reference_date=datetime.date(2025, 1, 1))
    PopulationFactory(municipality=zuid, year=2026, inhabitants=5_000)
    return CostWorld(organisation, old, new, noord, zuid, products)
