"""Product.clean: a product's edition, unit and umbrella belong to its own organisation and edition."""

import pytest
from django.core.exceptions import ValidationError

from services.models import Edition
from tests.factories import EditionFactory, OrganisationFactory, ProductFactory, UnitFactory


def concept_product(**kwargs):
    organisation = kwargs.pop("organisation", None) or OrganisationFactory()
    edition = EditionFactory(organisation=organisation, year=2027, state=Edition.State.CONCEPT)
    return ProductFactory(organisation=organisation, edition=edition, **kwargs)


def errors_of(product) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        product.full_clean()
    return raised.value.message_dict


@pytest.mark.django_db
def test_a_product_cannot_sit_in_another_organisations_edition():
    product = concept_product()
    product.edition = EditionFactory(year=2027, state=Edition.State.CONCEPT)

    assert errors_of(product)["edition"] == ["De editie hoort bij een andere organisatie."]


@pytest.mark.django_db
def test_a_product_cannot_sit_in_another_organisations_unit():
    product = concept_product()
    product.unit = UnitFactory()

    assert errors_of(product)["unit"] == ["De eenheid hoort bij een andere organisatie."]


@pytest.mark.django_db
def test_an_umbrella_is_another_product_of_the_same_edition_and_not_itself_a_part():
    product = concept_product()
    elsewhere = concept_product()
    product.umbrella = elsewhere
    assert errors_of(product)["umbrella"] == ["Het overkoepelende product is een ander product van dezelfde editie."]

    umbrella = ProductFactory(organisation=product.organisation, edition=product.edition, unit=product.unit)
    part_of_part = ProductFactory(organisation=product.organisation, edition=product.edition, unit=product.unit)
    umbrella.umbrella = part_of_part
    umbrella.save()
    product.umbrella = umbrella
    assert errors_of(product)["umbrella"] == [
        "Het overkoepelende product is zelf geen onderdeel van een ander product."
    ]


@pytest.mark.django_db
def test_a_product_of_a_published_edition_is_frozen_and_cannot_move_out_of_it():
    published = ProductFactory()  # the factory's edition is published
    published.title = "Nieuwe titel"
    assert "bevroren" in errors_of(published)["edition"][0]

    organisation = published.organisation
    published.refresh_from_db()
    published.edition = EditionFactory(organisation=organisation, year=2027, state=Edition.State.CONCEPT)
    assert "bevroren" in errors_of(published)["edition"][0]


@pytest.mark.django_db
def test_a_consistent_concept_product_is_valid():
    product = concept_product(age_min_months=0, age_max_months=24)
    product.full_clean()
