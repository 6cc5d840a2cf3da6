import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from municipalities.models import Municipality
from tests.factories import EditionFactory, MunicipalityFactory, OrganisationFactory, ProductFactory, UnitFactory


def test_product_age_min_must_not_exceed_age_max(db):
    product = ProductFactory()
    product.age_min_months, product.age_max_months = 24, 12
    with pytest.raises(IntegrityError), transaction.atomic():
        product.save()


def test_one_municipality_per_cbs_code(db):
    MunicipalityFactory(cbs_code="GM8001", name="Een", slug="een")
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(cbs_code="GM8001", name="Twee", slug="twee")


def test_cbs_code_must_look_like_a_cbs_code(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(cbs_code="XX0001", name="Fout", slug="fout")


def test_deleting_an_organisation_with_products_is_refused(db):
    product = ProductFactory()
    with pytest.raises(ProtectedError):
        product.organisation.delete()
    assert product.__class__.objects.filter(pk=product.pk).exists()


def test_deleting_a_unit_with_products_is_refused(db):
    product = ProductFactory()
    with pytest.raises(ProtectedError):
        product.unit.delete()


def test_product_slug_is_unique_within_its_edition(db):
    organisation = OrganisationFactory()
    edition = EditionFactory(organisation=organisation)
    unit = UnitFactory(organisation=organisation)
    ProductFactory(organisation=organisation, edition=edition, unit=unit, slug="lijkschouw")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(organisation=organisation, edition=edition, unit=unit, slug="lijkschouw")
