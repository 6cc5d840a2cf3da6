"""Test helpers for roles and the editorial workflow: two organisations side by side."""

from dataclasses import dataclass

from editorial.models import Role
from municipalities.models import Municipality
from services.models import Commissioning, Edition, Organisation, Product, Status, Tier, Unit
from tests.factories import (
    EditionFactory,
    LegalFrameworkFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProductFactory,
    RoleFactory,
    TierFactory,
    UnitFactory,
    UptakeFactory,
    UserFactory,
)


@dataclass
class Catalogue:
    organisation: Organisation
    edition: Edition  # open (concept) edition
    unit: Unit
    other_unit: Unit
    joint: Tier
    individual: Tier
    member: Municipality
    published: Product  # published product in `unit`, with a tier, a law and uptake
    concept: Product  # a new product, never published, in `unit`


def make_catalogue(name: str, *, year: int = 2027, state: str = Edition.State.CONCEPT) -> Catalogue:
    organisation = OrganisationFactory(slug=f"org-{name}", name=f"Organisatie {name}", short_name=name)
    edition = EditionFactory(organisation=organisation, year=year, state=state)
    unit = UnitFactory(organisation=organisation, slug=f"{name}-jeugd", name=f"Jeugd {name}")
    other_unit = UnitFactory(organisation=organisation, slug=f"{name}-toezicht", name=f"Toezicht {name}")
    joint = TierFactory(organisation=organisation, code=f"{name}-2a", name="Schil 2a")
    individual = TierFactory(
        organisation=organisation, code=f"{name}-3", name="Schil 3", commissioning=Commissioning.INDIVIDUAL
    )
    member = MunicipalityFactory(name=f"Gemeente {name}")
    MembershipFactory(organisation=organisation, municipality=member)
    law = LegalFrameworkFactory(slug=f"wet-{name}", name=f"Wet {name}")
    published = ProductFactory(
        organisation=organisation,
        edition=edition,
        unit=unit,
        title=f"Gepubliceerd {name}",
        slug=f"gepubliceerd-{name}",
        goal="Gezonde kinderen in de hele regio.",
        status=Status.PUBLISHED,
        tiers=[individual],
        laws=[law],
    )
    UptakeFactory(product=published, municipality=member)
    concept = ProductFactory(
        organisation=organisation,
        edition=edition,
        unit=unit,
        title=f"Nieuw {name}",
        slug=f"nieuw-{name}",
        status=Status.CONCEPT,
        tiers=[joint],
    )
    # Like the shipped catalogues (loaded from fixtures): no history yet.
    for product in (published, concept):
        product.history.all().delete()
    return Catalogue(organisation, edition, unit, other_unit, joint, individual, member, published, concept)


def user_with(role: str, organisation: Organisation, *, units: list[Unit] = (), username: str | None = None):
    user = UserFactory(is_staff=True, **({"username": username} if username else {}))
    RoleFactory(user=user, organisation=organisation, role=role, units=list(units))
    return user


EDITOR, REVIEWER, ADMINISTRATOR, READ_ONLY = (
    Role.Kind.EDITOR,
    Role.Kind.REVIEWER,
    Role.Kind.ADMINISTRATOR,
    Role.Kind.READ_ONLY,
)
