"""Editions: start next year's from this year's (deep copy), publish and freeze, compare years."""

import pytest
from django.core.exceptions import ValidationError

from books.rendering import book_html
from books.selectors import organisation_book_spec
from editorial.operations import products as editing
from editorial.operations.editions import publish_edition, start_edition
from editorial.operations.products import NotAllowed, WorkflowError
from municipalities.models import Uptake
from services.comparison import compare_editions
from services.models import Edition, LegalBasis, Product, ProductTier, Status
from services.published import reference_of
from tests.factories import MembershipFactory, MunicipalityFactory, ProductFactory
from tests.workflow import ADMINISTRATOR, EDITOR, REVIEWER, make_catalogue, user_with


@pytest.fixture
def a(db):
    return make_catalogue("a", year=2026)


@pytest.fixture
def admin_a(a):
    return user_with(ADMINISTRATOR, a.organisation)


def finish_concepts(catalogue) -> None:
    Product.objects.filter(pk=catalogue.concept.pk).delete()


def test_start_edition_copies_the_catalogue_into_a_concept_edition(a, admin_a):
    editing.start_edit(user=user_with(EDITOR, a.organisation), product=a.published)  # a draft: not copied
    new = start_edition(user=admin_a, source=a.edition)

    assert (new.year, new.state, new.based_on) == (2027, Edition.State.CONCEPT, a.edition)
    assert new.title == "Taken en diensten per januari 2027"
    copies = {p.slug: p for p in Product.objects.filter(edition=new)}
    assert set(copies) == {a.published.slug, a.concept.slug}
    copy = copies[a.published.slug]
    assert (copy.status, copy.goal, copy.draft_of) == (Status.PUBLISHED, a.published.goal, None)
    assert copies[a.concept.slug].status == Status.CONCEPT
    assert list(ProductTier.objects.filter(product=copy).values_list("tier", flat=True)) == [a.individual.pk]
    assert LegalBasis.objects.filter(product=copy).count() == 1
    assert list(Uptake.objects.filter(product=copy).values_list("municipality", flat=True)) == [a.member.pk]
    # The source is untouched and the copy has a first version with its relations.
    assert Product.objects.filter(edition=a.edition, draft_of__isnull=True).count() == 2
    assert copy.history.get().relations["tiers"][0]["id"] == a.individual.pk


def test_uptake_of_a_merged_municipality_passes_to_its_successor(a, admin_a):
    successor = MunicipalityFactory(name="Voorne-test")
    a.member.dissolved_year, a.member.successor = 2027, successor
    a.member.save()
    new = start_edition(user=admin_a, source=a.edition)
    copy = Product.objects.get(edition=new, slug=a.published.slug)
    assert list(copy.uptakes.values_list("municipality", flat=True)) == [successor.pk]


@pytest.mark.parametrize("role", [EDITOR, REVIEWER])
def test_only_administrators_of_the_organisation_start_and_publish_editions(a, role):
    with pytest.raises(NotAllowed):
        start_edition(user=user_with(role, a.organisation), source=a.edition)
    b = make_catalogue("b")
    with pytest.raises(NotAllowed):
        start_edition(user=user_with(ADMINISTRATOR, b.organisation), source=a.edition)
    with pytest.raises(NotAllowed):
        publish_edition(user=user_with(ADMINISTRATOR, b.organisation), edition=a.edition)


def test_an_edition_year_exists_once(a, admin_a):
    start_edition(user=admin_a, source=a.edition)
    with pytest.raises(WorkflowError, match="al een editie 2027"):
        start_edition(user=admin_a, source=a.edition)


def test_publishing_is_refused_while_products_are_in_concept_or_review(a, admin_a):
    with pytest.raises(WorkflowError, match="1 producten in concept"):
        publish_edition(user=admin_a, edition=a.edition)
    a.edition.refresh_from_db()
    assert a.edition.state == Edition.State.CONCEPT


def test_a_published_edition_is_frozen_for_operations_and_for_admin_forms(a, admin_a):
    finish_concepts(a)
    edition = publish_edition(user=admin_a, edition=a.edition)
    assert edition.state == Edition.State.PUBLISHED and edition.published_at

    editor = user_with(EDITOR, a.organisation)
    with pytest.raises(WorkflowError, match="bevroren"):
        editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "X"})
    with pytest.raises(WorkflowError, match="bevroren"):
        editing.create_product(user=editor, edition=edition, unit=a.unit, title="Te laat", slug="te-laat")
    # What an admin form runs: full_clean() on the product and on each inline row.
    product = Product.objects.get(pk=a.published.pk)
    product.goal = "Via het beheer"
    with pytest.raises(ValidationError, match="bevroren"):
        product.full_clean()
    for row in (
        ProductTier(product=product, tier=a.joint),
        LegalBasis(product=product, framework=product.legal_bases.get().framework, article="artikel 9"),
        Uptake(product=product, municipality=MunicipalityFactory()),
    ):
        with pytest.raises(ValidationError, match="bevroren"):
            row.full_clean()
    edition.title = "Andere titel"
    with pytest.raises(ValidationError, match="bevroren"):
        edition.full_clean()
    edition.state = Edition.State.CONCEPT
    with pytest.raises(ValidationError, match="bevroren"):
        edition.full_clean()
    with pytest.raises(WorkflowError, match="al gepubliceerd"):
        publish_edition(user=admin_a, edition=edition)


def test_a_published_edition_still_seeds_the_next_one(a, admin_a):
    finish_concepts(a)
    publish_edition(user=admin_a, edition=a.edition)
    new = start_edition(user=admin_a, source=a.edition)
    copy = Product.objects.get(edition=new, slug=a.published.slug)
    draft = editing.update_product(
        user=user_with(EDITOR, a.organisation), product=copy, expected_version=1, changes={"goal": "2027."}
    )
    assert draft.draft_of == copy
    assert Product.objects.get(pk=a.published.pk).goal == "Gezonde kinderen in de hele regio."


def test_the_year_over_year_comparison_names_added_removed_changed_tier_and_uptake_changes(a, admin_a):
    finish_concepts(a)
    gone = ProductFactory(
        organisation=a.organisation, edition=a.edition, unit=a.unit, slug="verdwijnt", title="Verdwijnt"
    )
    same = ProductFactory(organisation=a.organisation, edition=a.edition, unit=a.unit, slug="blijft", title="Blijft")
    ProductFactory(
        organisation=a.organisation, edition=a.edition, unit=a.unit, slug="samen", title="Samen", tiers=[a.joint]
    )
    newcomer = MunicipalityFactory(name="Nieuwkomer")
    MembershipFactory(organisation=a.organisation, municipality=newcomer, start_year=2027)
    new = start_edition(user=admin_a, source=a.edition)

    Product.objects.filter(edition=new, slug=gone.slug).delete()
    ProductFactory(organisation=a.organisation, edition=new, unit=a.unit, slug="erbij", title="Erbij")
    copy = Product.objects.get(edition=new, slug=a.published.slug)
    Product.objects.filter(pk=copy.pk).update(goal="Anders.", title="Gepubliceerd a, vernieuwd")
    ProductTier.objects.filter(product=copy).update(tier=a.joint)
    Uptake.objects.filter(product=copy).delete()

    comparison = compare_editions(a.edition, new)
    assert [ref.slug for ref in comparison.added] == ["erbij"]
    assert [ref.slug for ref in comparison.removed] == ["verdwijnt"]
    assert [(c.slug, c.sections) for c in comparison.changed] == [
        (a.published.slug, ["Titel", "Doelstelling", "Schillen", "Afname door gemeenten"])
    ]
    assert comparison.unchanged_count == 2  # "blijft" and "samen"
    assert [(t.old, t.new) for t in comparison.tier_changes] == [(["Schil 3"], ["Schil 2a"])]
    uptake = {change.municipality.name: (change.added, change.removed) for change in comparison.uptake_changes}
    # The newcomer (member from 2027) takes the jointly commissioned products. The member took the
    # changed product individually and now jointly: it still takes it, so it is not listed.
    assert uptake["Nieuwkomer"] == (["Gepubliceerd a, vernieuwd", "Samen"], [])
    assert a.member.name not in uptake
    assert same.slug not in {c.slug for c in comparison.changed}


def test_a_published_books_shared_names_stay_as_published_when_renamed_later(a, admin_a):
    finish_concepts(a)
    edition = publish_edition(user=admin_a, edition=a.edition)
    a.individual.name = "Schil 3 (nieuw)"
    a.individual.save()
    a.unit.name = "Jeugd hernoemd"
    a.unit.save()

    a.organisation.name = "Organisatie hernoemd"
    a.organisation.save()
    law = a.published.legal_bases.get().framework
    published_law_name = law.name
    law.name = "Wet hernoemd"
    law.save()

    html, _ = book_html(organisation_book_spec(a.organisation.slug, edition.year))
    text = " ".join(html.split())
    assert "Schil 3" in text and "Jeugd a" in text and published_law_name in text
    assert "Schil 3 (nieuw)" not in text and "Jeugd hernoemd" not in text
    assert "Organisatie hernoemd" not in text and "Wet hernoemd" not in text
    # The shared rows themselves were renamed: next year's pages and books use the new names.
    edition.refresh_from_db()
    then = reference_of(edition)
    assert then.tiers[a.individual.pk].name == "Schil 3"
    assert set(then.laws) == {law.pk}


def test_starting_2027_from_the_shipped_hecht_catalogue_copies_every_product(shipped_catalogue, db):
    from services.models import Organisation

    hecht = Organisation.objects.get(slug="hecht")
    source = Edition.objects.get(organisation=hecht, year=2026)
    products = Product.objects.filter(edition=source).exclude(status=Status.ARCHIVED).count()
    new = start_edition(user=user_with(ADMINISTRATOR, hecht), source=source)
    assert Product.objects.filter(edition=new).count() == products > 60
    assert (
        ProductTier.objects.filter(product__edition=new).count()
        == ProductTier.objects.filter(product__edition=source).count()
    )
    comparison = compare_editions(source, new)
    assert (comparison.added, comparison.removed, comparison.changed) == ([], [], [])


def test_next_years_edition_keeps_umbrella_products_within_that_edition(shipped_catalogue, db):
    from services.models import Organisation

    cjg = Organisation.objects.get(slug="cjg-rijnmond")
    source = Edition.objects.get(organisation=cjg, year=2026)
    assert Product.objects.filter(edition=source, umbrella__isnull=False).exists()

    new = start_edition(user=user_with(ADMINISTRATOR, cjg), source=source)

    parts = Product.objects.filter(edition=new, umbrella__isnull=False).select_related("umbrella")
    assert parts and all(part.umbrella.edition_id == new.pk for part in parts)
    for part in parts:
        part.full_clean()
