"""The admin as the staff's editing screen: every page opens, lists stay at a fixed number of queries,
filters and search find the right rows, and invalid input is refused with a Dutch message."""

from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Model
from django.test.client import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from books.models import BookRender
from municipalities.models import Municipality, Region, Uptake
from services.models import Edition, Product, ProductKeyword, Status, SynonymSet
from tests.factories import (
    EditionFactory,
    GlossaryTermFactory,
    LegalFrameworkFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PopulationFactory,
    ProductFactory,
    RegionFactory,
    RoleFactory,
    TierFactory,
    UnitFactory,
    UptakeFactory,
    UserFactory,
)

# Our own admins and Django's auth; third-party apps (the task queue's results) test their own screens.
REGISTERED_MODELS = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in {"services", "municipalities", "editorial", "books", "auth"}
    ),
    key=lambda model: model._meta.label,
)
CATALOGUE_MODELS = [
    model for model in REGISTERED_MODELS if model._meta.app_label in {"services", "municipalities", "editorial"}
]


def admin_url(model: type[Model] | Model, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def changelist(client: Client, model: type[Model], **params: Any) -> Any:
    response = client.get(admin_url(model, "changelist"), params)
    # An unknown filter parameter makes the admin redirect to ?e=1 instead of answering 200.
    assert response.status_code == 200, (model, params, response.get("Location"))
    return response.context["cl"]


def form_data(response: Any) -> dict[str, Any]:
    """The POST data of an admin change form as rendered: the main form and every inline formset."""
    data: dict[str, Any] = {}

    def add(form: Any) -> None:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


@pytest.fixture
def staff_client(client: Client, db) -> Client:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def build_catalogue(n: int) -> None:
    """``n`` products, each in its own organisation with a unit, edition, two tiers, a law, a glossary term,
    a membership and an uptake by a merged municipality in a region: every changelist grows by ``n`` rows."""
    for _ in range(n):
        organisation = OrganisationFactory()
        tiers = [TierFactory(organisation=organisation), TierFactory(organisation=organisation)]
        product = ProductFactory(organisation=organisation, tiers=tiers, laws=[LegalFrameworkFactory()])
        municipality = MunicipalityFactory(dissolved_year=2023, successor=MunicipalityFactory())
        municipality.regions.add(RegionFactory(parent=RegionFactory()))
        MembershipFactory(organisation=organisation, municipality=municipality)
        UptakeFactory(product=product, municipality=municipality)
        PopulationFactory(municipality=municipality)
        GlossaryTermFactory(organisation=organisation)
        RoleFactory(organisation=organisation)
        SynonymSet.objects.create(terms=f"term{product.pk}\nandere term{product.pk}")
        ProductKeyword.objects.create(product=product, keyword=f"trefwoord {product.pk}")
        BookRender.objects.create(
            key=f"product-{product.pk}",
            fingerprint="0" * 40,
            kind=BookRender.Kind.PRODUCT,
            year=product.edition.year,
            organisation=organisation,
            product=product,
            filename=f"{product.slug}.pdf",
        )


@pytest.fixture
def one_of_everything(db) -> None:
    build_catalogue(1)
    Group.objects.get_or_create(name="Redactie")
    # The lockout screens of django-axes (superusers unlock accounts there).
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **attempt, path_info="/beheer/login/", get_data="", post_data="", failures_since_start=1
    )
    AccessFailureLog.objects.create(**attempt, path_info="/beheer/login/")


# Every page opens --------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label)
def test_every_admin_changelist_add_and_change_page_opens(staff_client, one_of_everything, model):
    obj = model._default_manager.order_by("pk").last()
    assert obj is not None, f"build_catalogue() makes no {model._meta.label}; add one so its change page is tested"

    response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    # Read-only screens refuse the add page even to a superuser.
    add_status = 200 if response.context["has_add_permission"] else 403
    assert staff_client.get(admin_url(model, "add")).status_code == add_status
    assert staff_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_product_list_speaks_dutch(staff_client, db):
    build_catalogue(2)  # a filter shows once it has two choices

    content = staff_client.get(admin_url(Product, "changelist")).content.decode()

    assert "Selecteer product om te wijzigen" in content
    for heading in ("Titel", "Organisatie", "Jaar", "Eenheid (RVE)", "Schillen", "Status", "Volgorde"):
        assert f">{heading}</a>" in content or f"<span>{heading}</span>" in content, heading
    for title in ("organisatie", "editie", "eenheid (RVE)", "schillen", "status", "wettelijk kader"):
        assert f"Op {title}" in content, title


# A fixed number of queries per changelist -----------------------------------------------------------


def changelist_query_counts(client: Client) -> dict[str, int]:
    counts = {}
    for model in CATALOGUE_MODELS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(admin_url(model, "changelist"))
        assert response.status_code == 200
        counts[model._meta.label] = len(queries)
    # "Aantallen tonen" costs more (Django rebuilds the filters for each filter's counts), but not per row.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(Product, "changelist"), {"_facets": "True"}).status_code == 200
    counts["services.Product with facets"] = len(queries)
    return counts


def test_changelist_query_counts_do_not_grow_with_the_catalogue(staff_client):
    build_catalogue(5)
    changelist_query_counts(staff_client)  # warm up per-process caches (content types, session)
    rows_with_5 = {model._meta.label: model._default_manager.count() for model in CATALOGUE_MODELS}
    queries_with_5 = changelist_query_counts(staff_client)

    build_catalogue(45)
    for model in CATALOGUE_MODELS:
        grown = model._default_manager.count() - rows_with_5[model._meta.label]
        assert grown >= 45, f"build_catalogue() must add rows to the {model._meta.label} list"
    queries_with_50 = changelist_query_counts(staff_client)

    assert queries_with_50 == queries_with_5


# Product list: columns, search, filters -----------------------------------------------------------------


@pytest.fixture
def two_products(db) -> tuple[Product, Product]:
    """Two products that differ in every filtered property."""
    first_organisation, second_organisation = OrganisationFactory(), OrganisationFactory()
    first = ProductFactory(
        organisation=first_organisation,
        tiers=[TierFactory(organisation=first_organisation, name="Schil 2b")],
        laws=[LegalFrameworkFactory()],
        status=Status.PUBLISHED,
        activities="- Huisbezoek bij zwangeren in de kraakheldere wijk",
    )
    second = ProductFactory(
        organisation=second_organisation,
        tiers=[TierFactory(organisation=second_organisation, name="Schil 3")],
        laws=[LegalFrameworkFactory()],
        status=Status.CONCEPT,
    )
    return first, second


def test_product_list_shows_organisation_year_unit_and_tiers(staff_client, two_products):
    first, _ = two_products
    first.tiers.add(TierFactory(organisation=first.organisation, name="Schil 4"))

    response = staff_client.get(admin_url(Product, "changelist"), {"organisation__id__exact": first.organisation_id})

    assert list(response.context["cl"].queryset) == [first]
    content = response.content.decode()
    for column in ("organisation", "edition_year", "unit", "tier_names", "status", "order"):
        assert f'<td class="field-{column}' in content, column
    for text in (
        first.title,
        first.organisation.short_name,
        "2026",
        first.unit.name,
        "Schil 2b, Schil 4",
        "Gepubliceerd",
    ):
        assert text in content, text


def test_product_search_looks_inside_the_section_texts(staff_client, two_products):
    first, second = two_products

    found = set(changelist(staff_client, Product, q="kraakheldere").queryset)

    assert first in found
    assert second not in found


def test_product_search_finds_titles_and_summaries(staff_client, two_products):
    first, second = two_products
    Product.objects.filter(pk=second.pk).update(summary="Advies over schimmelvrije ventilatie")

    assert set(changelist(staff_client, Product, q=first.title).queryset) == {first}
    assert second in set(changelist(staff_client, Product, q="schimmelvrije").queryset)


@pytest.mark.parametrize(
    ("parameter", "value_of"),
    [
        ("organisation__id__exact", lambda product: product.organisation_id),
        ("edition__id__exact", lambda product: product.edition_id),
        ("unit__id__exact", lambda product: product.unit_id),
        ("tiers__id__exact", lambda product: product.tiers.get().pk),
        ("status__exact", lambda product: product.status),
        ("legal_bases__framework__id__exact", lambda product: product.legal_bases.get().framework_id),
    ],
)
def test_each_product_filter_keeps_the_matching_products(staff_client, two_products, parameter, value_of):
    first, second = two_products

    for wanted, other in ((first, second), (second, first)):
        found = set(changelist(staff_client, Product, **{parameter: value_of(wanted)}).queryset)
        assert wanted in found
        assert other not in found


def filter_choices(cl: Any, field_path: str) -> list[tuple[int, str]]:
    spec = next(spec for spec in cl.filter_specs if getattr(spec, "field_path", None) == field_path)
    return spec.lookup_choices


def test_unit_and_tier_filters_name_their_organisation_and_narrow_to_the_chosen_one(staff_client, two_products):
    first, _ = two_products
    # Two of each for the first organisation, so its filters still show once narrowed to it.
    other_unit = UnitFactory(organisation=first.organisation)
    other_tier = TierFactory(organisation=first.organisation)
    other_edition = EditionFactory(organisation=first.organisation, year=2025)

    cl = changelist(staff_client, Product)
    assert (first.unit_id, f"{first.organisation.short_name} · {first.unit.name}") in filter_choices(cl, "unit")
    first_tier = first.tiers.get()
    assert (first_tier.pk, f"{first.organisation.short_name} · {first_tier.name}") in filter_choices(cl, "tiers")
    assert (first.edition_id, f"{first.organisation.short_name} 2026") in filter_choices(cl, "edition")

    cl = changelist(staff_client, Product, organisation__id__exact=first.organisation_id)
    assert {pk for pk, _ in filter_choices(cl, "unit")} == {first.unit_id, other_unit.pk}
    assert {pk for pk, _ in filter_choices(cl, "tiers")} == {first_tier.pk, other_tier.pk}
    assert {pk for pk, _ in filter_choices(cl, "edition")} == {first.edition_id, other_edition.pk}


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label)
def test_every_filter_choice_of_every_changelist_opens(staff_client, one_of_everything, model):
    cl = changelist(staff_client, model)
    url = admin_url(model, "changelist")
    for spec in cl.filter_specs:
        choices = list(spec.choices(cl))
        # The first few and the last choice of each filter: enough to catch a broken lookup, fast on real data.
        for choice in choices[:4] + choices[-1:]:
            response = staff_client.get(url + choice["query_string"])
            assert response.status_code == 200, (spec.title, choice["display"], response.get("Location"))


# Uptake and municipalities -----------------------------------------------------------------------------


def test_uptake_filters_keep_the_matching_rows(staff_client, two_products):
    first, second = two_products
    gouda_like = MunicipalityFactory(name="Testgouda")
    first_uptake = UptakeFactory(product=first, municipality=gouda_like)
    second_uptake = UptakeFactory(product=second)

    for parameter, value in (
        ("product__organisation__id__exact", first.organisation_id),
        ("product__edition__id__exact", first.edition_id),
        ("municipality__id__exact", gouda_like.pk),
    ):
        found = set(changelist(staff_client, Uptake, **{parameter: value}).queryset)
        assert first_uptake in found, parameter
        assert second_uptake not in found, parameter

    assert set(changelist(staff_client, Uptake, q="Testgouda").queryset) == {first_uptake}


def test_municipality_filters_and_search(staff_client, db):
    region = RegionFactory(name="Testregio Noord")
    successor = MunicipalityFactory(name="Samengevoegd", cbs_code="GM8900")
    merged = MunicipalityFactory(name="Opgeheven Dorp", cbs_code="GM8901", dissolved_year=2023, successor=successor)
    merged.regions.add(region)

    assert set(changelist(staff_client, Municipality, regions__id__exact=region.pk).queryset) == {merged}
    assert merged in set(changelist(staff_client, Municipality, opgeheven="ja").queryset)
    assert merged not in set(changelist(staff_client, Municipality, opgeheven="nee").queryset)
    assert successor in set(changelist(staff_client, Municipality, opgeheven="nee").queryset)
    assert set(changelist(staff_client, Municipality, q="GM8901").queryset) == {merged}

    content = staff_client.get(admin_url(Municipality, "changelist"), {"q": "GM8901"}).content.decode()
    assert "Testregio Noord" in content
    assert "Samengevoegd" in content


def test_region_list_counts_its_municipalities(staff_client, db):
    region = RegionFactory(name="Telregio")
    for _ in range(3):
        MunicipalityFactory().regions.add(region)

    cl = changelist(staff_client, Region, q="Telregio")

    assert [(r.name, r.municipality_count) for r in cl.result_list] == [("Telregio", 3)]


# Editing products ---------------------------------------------------------------------------------------


def test_saving_a_product_in_the_admin_stores_the_change(staff_client):
    organisation = OrganisationFactory()
    # Only a concept in an open edition is edited in place (a published product through its concept).
    product = ProductFactory(
        organisation=organisation,
        edition=EditionFactory(organisation=organisation, state=Edition.State.CONCEPT),
        status=Status.CONCEPT,
        title="Oude titel",
        tiers=[TierFactory(organisation=organisation)],
        laws=[LegalFrameworkFactory()],
    )
    url = admin_url(product, "change", product.pk)
    data = form_data(staff_client.get(url))
    data["title"] = "Nieuwe titel"

    response = staff_client.post(url, data)

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.title == "Nieuwe titel"
    assert product.tiers.count() == 1
    assert product.legal_bases.count() == 1


def test_saving_a_product_with_age_min_above_age_max_shows_a_dutch_error_and_changes_nothing(staff_client):
    organisation = OrganisationFactory()
    product = ProductFactory(
        organisation=organisation,
        edition=EditionFactory(organisation=organisation, state=Edition.State.CONCEPT),
        status=Status.CONCEPT,
        title="Oude titel",
        age_min_months=0,
        age_max_months=48,
    )
    url = admin_url(product, "change", product.pk)
    data = form_data(staff_client.get(url))
    data.update(title="Nieuwe titel", age_min_months="216", age_max_months="12")

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "De hoogste leeftijd moet gelijk aan of hoger zijn dan de laagste leeftijd." in response.content.decode()
    product.refresh_from_db()
    assert (product.title, product.age_min_months, product.age_max_months) == ("Oude titel", 0, 48)


def test_tier_choices_on_a_product_are_its_own_organisations_tiers(staff_client, two_products):
    first, second = two_products

    response = staff_client.get(admin_url(first, "change", first.pk))

    tier_inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.model.__name__ == "ProductTier"
    )
    offered = set(tier_inline.formset.empty_form.fields["tier"].queryset)
    assert offered == set(first.organisation.tiers.all())
    assert second.tiers.get() not in offered


def test_legal_framework_list_links_to_the_official_text(staff_client, db):
    LegalFrameworkFactory(name="Testwet met BWB", bwb_id="BWBV9999999")

    content = staff_client.get(admin_url(LegalFrameworkFactory._meta.model, "changelist"), {"q": "BWBV9999999"})

    assert 'href="https://wetten.overheid.nl/BWBV9999999/"' in content.content.decode()


# Link to the public page --------------------------------------------------------------------------------


def test_concept_product_has_no_site_link_because_the_public_site_shows_published_products(staff_client):
    product = ProductFactory(status=Status.CONCEPT)

    response = staff_client.get(admin_url(product, "change", product.pk))

    assert response.status_code == 200
    assert response.context["has_absolute_url"] is False


def test_product_change_page_links_to_the_public_page(staff_client):
    product = ProductFactory()

    response = staff_client.get(admin_url(product, "change", product.pk))

    public_url = product.get_absolute_url()
    assert response.status_code == 200
    assert f'href="{public_url}"' in response.content.decode()
    assert staff_client.get(public_url).status_code == 200
