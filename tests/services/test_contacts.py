"""A product without a contact of its own shows its unit's, else its organisation's general contact."""

import pytest

from books.rendering import book_html
from books.selectors import organisation_book_spec
from editorial.operations.organisations import save_organisation, save_unit
from editorial.operations.products import NotAllowed
from services.models import Organisation, Product, Unit
from tests.factories import OrganisationFactory, ProductFactory, UnitFactory, UserFactory
from tests.workflow import ADMINISTRATOR, EDITOR, user_with

ORGANISATION_CONTACT = "- Telefoon: 088 - 11 22 333\n- Website: www.voorbeeld-ggd.nl"
UNIT_CONTACT = "- E-mail: jgz@voorbeeld-ggd.nl"


@pytest.fixture
def org(db):
    organisation = OrganisationFactory(slug="ggd-contact", short_name="GGD Contact", name="GGD Contact Midden")
    organisation.general_contact = ORGANISATION_CONTACT
    organisation.save()
    plain = UnitFactory(organisation=organisation, slug="toezicht", name="Toezicht")
    jgz = UnitFactory(organisation=organisation, slug="jgz", name="Jeugdgezondheidszorg", general_contact=UNIT_CONTACT)
    own = ProductFactory(organisation=organisation, unit=plain, slug="eigen", title="Met eigen contact")
    Product.objects.filter(pk=own.pk).update(contacts="- E-mail: eigen@voorbeeld-ggd.nl")
    ProductFactory(organisation=organisation, unit=jgz, edition=own.edition, slug="via-eenheid", title="Via eenheid")
    ProductFactory(organisation=organisation, unit=plain, edition=own.edition, slug="via-org", title="Via organisatie")
    return organisation


def test_product_page_shows_its_own_contact_else_the_units_else_the_organisations(client, org):
    own = client.get("/producten/ggd-contact/eigen/").text
    assert "eigen@voorbeeld-ggd.nl" in own and "noemt geen eigen contact" not in own

    via_unit = client.get("/producten/ggd-contact/via-eenheid/").text
    assert "Dit product noemt geen eigen contact" in via_unit
    assert "algemene contact van de eenheid Jeugdgezondheidszorg" in via_unit
    assert "jgz@voorbeeld-ggd.nl" in via_unit and "088 - 11 22 333" not in via_unit

    via_org = client.get("/producten/ggd-contact/via-org/").text
    assert "algemene contact van GGD Contact Midden" in via_org
    assert "088 - 11 22 333" in via_org


def test_product_page_without_any_contact_shows_no_contact_section(client, org):
    Organisation.objects.filter(pk=org.pk).update(general_contact="")
    html = client.get("/producten/ggd-contact/via-org/").text
    assert 'id="contact-titel"' not in html


def test_api_gives_the_contact_to_ask_with_where_it_comes_from(client, org):
    answers = {
        slug: client.get(f"/api/v1/producten/ggd-contact/{slug}").json()["contactVoorVragen"]
        for slug in ("eigen", "via-eenheid", "via-org")
    }
    assert answers["eigen"] == {
        "tekst": "- E-mail: eigen@voorbeeld-ggd.nl",
        "herkomst": "product",
        "naam": "Met eigen contact",
    }
    assert answers["via-eenheid"] == {"tekst": UNIT_CONTACT, "herkomst": "eenheid", "naam": "Jeugdgezondheidszorg"}
    assert answers["via-org"]["herkomst"] == "organisatie" and answers["via-org"]["tekst"] == ORGANISATION_CONTACT
    organisation = client.get("/api/v1/organisaties/ggd-contact").json()
    assert organisation["algemeenContact"] == ORGANISATION_CONTACT


def test_api_contact_is_null_when_nobody_names_one(client, org):
    Organisation.objects.filter(pk=org.pk).update(general_contact="")
    assert client.get("/api/v1/producten/ggd-contact/via-org").json()["contactVoorVragen"] is None


def test_book_shows_the_fallback_contact_with_whose_it_is(org):
    html, _ = book_html(organisation_book_spec("ggd-contact", 2026))
    assert "Algemeen contact van de eenheid Jeugdgezondheidszorg:" in html
    assert "Algemeen contact van GGD Contact Midden:" in html
    assert html.count("088 - 11 22 333") == 1  # only the product without a unit contact


def test_shipped_cjg_catalogue_has_the_general_contact_its_book_names(shipped_catalogue, db):
    cjg = Organisation.objects.get(slug="cjg-rijnmond")
    assert cjg.general_contact == "- Website: cjgrijnmond.nl\n- Telefoon: 088 - 20 10 000"
    # The Hecht book names no general contact: none is made up.
    assert Organisation.objects.get(slug="hecht").general_contact == ""


def test_shipped_cjg_product_without_contact_shows_the_organisations(shipped_catalogue, client, db):
    product = Product.objects.public().filter(organisation__slug="cjg-rijnmond", contacts="").first()
    html = client.get(product.get_absolute_url()).text
    assert "088 - 20 10 000" in html and "algemene contact van Centrum voor Jeugd en Gezin Rijnmond" in html


def test_operations_store_the_contact_validated_with_history(org):
    boss = UserFactory(is_staff=True, is_superuser=True)
    org.general_contact = "- E-mail: vragen@voorbeeld-ggd.nl"
    save_organisation(user=boss, organisation=org)
    org.refresh_from_db()
    assert org.general_contact == "- E-mail: vragen@voorbeeld-ggd.nl"
    assert org.history.latest().history_user == boss

    unit = Unit.objects.get(organisation=org, slug="toezicht")
    unit.general_contact = "- Telefoon: 088 - 99 88 777"
    save_unit(user=user_with(ADMINISTRATOR, org), unit=unit)
    assert Unit.objects.get(pk=unit.pk).general_contact == "- Telefoon: 088 - 99 88 777"

    unit.general_contact = "iets anders"
    with pytest.raises(NotAllowed):
        save_unit(user=user_with(EDITOR, org), unit=unit)
    assert Unit.objects.get(pk=unit.pk).general_contact == "- Telefoon: 088 - 99 88 777"


def test_admin_stores_a_units_general_contact(shipped_catalogue, client, org):
    client.force_login(user_with(ADMINISTRATOR, org))
    unit = Unit.objects.get(organisation=org, slug="toezicht")
    page = client.get(f"/beheer/services/unit/{unit.pk}/change/")
    assert "Algemeen contact van de eenheid" in page.text
    response = client.post(
        f"/beheer/services/unit/{unit.pk}/change/",
        {
            "organisation": org.pk, "name": "Toezicht", "slug": "toezicht", "order": 0, "introduction": "",
            "general_contact": "- E-mail: toezicht@voorbeeld-ggd.nl",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Unit.objects.get(pk=unit.pk).general_contact == "- E-mail: toezicht@voorbeeld-ggd.nl"
    html = client.get("/producten/ggd-contact/via-org/").text
    assert "toezicht@voorbeeld-ggd.nl" in html
