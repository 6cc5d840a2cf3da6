"""Factories for test data. The shipped catalogues are used where realism matters."""

import datetime

import factory
from django.contrib.auth import get_user_model

from editorial.models import Role
from municipalities.models import Municipality, Population, Region, Uptake
from services.models import (
    Commissioning,
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


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    # Codes GM5000-GM9999 are not in use by the CBS; cycling keeps them four digits however many a session makes.
    cbs_code = factory.Sequence(lambda n: f"GM{5000 + n % 5000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"GGD Testregio {n}")
    short_name = factory.Sequence(lambda n: f"GGD {n}")
    slug = factory.Sequence(lambda n: f"ggd-{n}")
    kind = Organisation.Kind.GGD


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Eenheid {n}")
    slug = factory.Sequence(lambda n: f"eenheid-{n}")
    order = factory.Sequence(lambda n: n)


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tier

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"t{n}")
    name = factory.LazyAttribute(lambda o: f"Schil {o.code}")
    order = factory.Sequence(lambda n: n)
    commissioning = Commissioning.ALL_MEMBERS
    statutory = True


class LegalFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalFramework
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testwet {n}")
    slug = factory.Sequence(lambda n: f"testwet-{n}")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("organisation", "year")

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    title = factory.LazyAttribute(lambda o: f"Taken en diensten per januari {o.year}")
    state = Edition.State.PUBLISHED


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    edition = factory.SubFactory(EditionFactory, organisation=factory.SelfAttribute("..organisation"))
    unit = factory.SubFactory(UnitFactory, organisation=factory.SelfAttribute("..organisation"))
    title = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    summary = "Een product om mee te testen."
    goal = "Gezondere inwoners."
    status = Status.PUBLISHED
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def tiers(self, create, extracted, **kwargs):
        for tier in extracted or []:
            ProductTier.objects.create(product=self, tier=tier)

    @factory.post_generation
    def laws(self, create, extracted, **kwargs):
        for order, framework in enumerate(extracted or []):
            LegalBasis.objects.create(product=self, framework=framework, order=order)


class UptakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Uptake

    product = factory.SubFactory(ProductFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class PopulationFactory(factory.django.DjangoModelFactory):
    """A municipality's inhabitants in a year; figures are the test's own (the shipped data has none)."""

    class Meta:
        model = Population

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2026
    inhabitants = 10_000
    reference_date = factory.LazyAttribute(lambda o: datetime.date(o.year - 1, 1, 1))
    source = "CBS"


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    organisation = factory.SubFactory(OrganisationFactory)
    term = factory.Sequence(lambda n: f"Begrip {n}")
    definition = "Een omschrijving."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"medewerker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("een-lang-wachtwoord-123")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, is_staff=True)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.Kind.EDITOR

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if extracted:
            self.units.set(extracted)
