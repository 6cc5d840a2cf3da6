"""The editorial workflow: concept → review → published, drafts of published products, four eyes,
history with diff and restore, and the edit conflict."""

import pytest
from django.db import IntegrityError, transaction

from editorial.history import compare, product_versions
from editorial.operations import products as editing
from editorial.operations.products import Basis, EditConflict, NotAllowed, Take, WorkflowError
from municipalities.models import Uptake
from services.models import Edition, LegalBasis, Product, ProductTier, Status
from services.selectors import published_products
from tests.factories import LegalFrameworkFactory, MunicipalityFactory, ProductFactory
from tests.workflow import EDITOR, READ_ONLY, REVIEWER, make_catalogue, user_with


@pytest.fixture
def a(db):
    return make_catalogue("a")


@pytest.fixture
def editor(a):
    return user_with(EDITOR, a.organisation, username="eva")


@pytest.fixture
def reviewer(a):
    return user_with(REVIEWER, a.organisation, username="ruben")


def test_editing_a_published_product_makes_a_concept_and_the_public_keeps_the_published_text(a, editor):
    draft = editing.update_product(
        user=editor, product=a.published, expected_version=1, changes={"goal": "Nieuwe doelstelling."}
    )
    assert draft.pk != a.published.pk
    assert draft.draft_of == a.published
    assert draft.status == Status.CONCEPT
    assert draft.slug == a.published.slug
    a.published.refresh_from_db()
    assert a.published.goal == "Gezonde kinderen in de hele regio."
    # The published row stays, once; and in a concept edition nothing is public yet.
    assert list(Product.objects.filter(slug=a.published.slug, status=Status.PUBLISHED)) == [a.published]
    assert not published_products().filter(slug=a.published.slug).exists()
    # The copy carries the tiers, laws and uptake of the product.
    assert [row.tier for row in draft.product_tiers.all()] == [a.individual]
    assert draft.legal_bases.count() == 1
    assert draft.uptakes.get().municipality == a.member


def test_full_workflow_publishes_the_concept_onto_the_product_with_its_tiers_laws_and_uptake(a, editor, reviewer):
    law = LegalFrameworkFactory(slug="wet-nieuw", name="Nieuwe wet")
    town = MunicipalityFactory(name="Nieuwdorp")
    draft = editing.update_product(
        user=editor,
        product=a.published,
        expected_version=1,
        changes={"goal": "Nieuwe doelstelling.", "title": "Nieuwe titel"},
        tiers=[a.joint],
        legal_bases=[Basis(law, "artikel 1")],
        uptake=[Take(town, "vanaf juli")],
    )
    draft = editing.submit_for_review(user=editor, product=draft, expected_version=draft.version)
    assert draft.status == Status.IN_REVIEW
    published = editing.approve(user=reviewer, product=draft, expected_version=draft.version)

    assert published.pk == a.published.pk
    published.refresh_from_db()
    assert (published.title, published.goal, published.status) == (
        "Nieuwe titel",
        "Nieuwe doelstelling.",
        "gepubliceerd",
    )
    assert list(ProductTier.objects.filter(product=published).values_list("tier", flat=True)) == [a.joint.pk]
    assert list(LegalBasis.objects.filter(product=published).values_list("framework", "article")) == [
        (law.pk, "artikel 1")
    ]
    assert list(Uptake.objects.filter(product=published).values_list("municipality", "note")) == [
        (town.pk, "vanaf juli")
    ]
    assert not Product.objects.filter(pk=draft.pk).exists()
    assert not Product.objects.filter(draft_of=published).exists()


def test_a_new_product_goes_from_concept_to_review_to_published(a, editor, reviewer):
    product = editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Doel."})
    assert product.pk == a.concept.pk
    assert product not in published_products()
    editing.submit_for_review(user=editor, product=product)
    editing.approve(user=reviewer, product=product)
    product.refresh_from_db()
    assert product.status == Status.PUBLISHED
    # Public once its edition is published too.
    assert not published_products().filter(pk=product.pk).exists()
    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.PUBLISHED)
    assert published_products().filter(pk=product.pk).exists()


def test_the_last_editor_may_not_approve_even_as_reviewer(a):
    both = user_with(EDITOR, a.organisation)
    user_with(REVIEWER, a.organisation, username="dubbel").delete()
    from tests.factories import RoleFactory

    RoleFactory(user=both, organisation=a.organisation, role=REVIEWER)
    draft = editing.update_product(user=both, product=a.published, expected_version=1, changes={"goal": "Zelf."})
    editing.submit_for_review(user=both, product=draft)
    with pytest.raises(WorkflowError, match="vier-ogenprincipe"):
        editing.approve(user=both, product=draft)
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    a.published.refresh_from_db()
    assert a.published.goal == "Gezonde kinderen in de hele regio."


def test_superusers_are_bound_by_four_eyes_too(a):
    from tests.factories import UserFactory

    boss = UserFactory(is_staff=True, is_superuser=True)
    draft = editing.update_product(user=boss, product=a.published, expected_version=1, changes={"goal": "Baas."})
    editing.submit_for_review(user=boss, product=draft)
    with pytest.raises(WorkflowError, match="vier-ogenprincipe"):
        editing.approve(user=boss, product=draft)


def test_reject_sends_the_concept_back_with_the_reason(a, editor, reviewer):
    draft = editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "Iets."})
    editing.submit_for_review(user=editor, product=draft)
    with pytest.raises(WorkflowError, match="waarom"):
        editing.reject(user=reviewer, product=draft, note=" ")
    rejected = editing.reject(user=reviewer, product=draft, note="Doel is te vaag.")
    assert (rejected.status, rejected.review_note) == (Status.CONCEPT, "Doel is te vaag.")


def test_editing_after_submission_returns_the_product_to_concept(a, editor, reviewer):
    draft = editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "Een."})
    draft = editing.submit_for_review(user=editor, product=draft)
    draft = editing.update_product(
        user=editor, product=draft, expected_version=draft.version, changes={"goal": "Twee."}
    )
    assert draft.status == Status.CONCEPT
    with pytest.raises(WorkflowError, match="ter beoordeling"):
        editing.approve(user=reviewer, product=draft)


@pytest.mark.parametrize("role", [REVIEWER, READ_ONLY])
def test_non_editors_may_not_edit_or_submit(a, role):
    user = user_with(role, a.organisation)
    with pytest.raises(NotAllowed):
        editing.update_product(user=user, product=a.concept, expected_version=1, changes={"goal": "X"})
    with pytest.raises(NotAllowed):
        editing.submit_for_review(user=user, product=a.concept)


def test_editors_and_reviewers_of_another_organisation_are_refused(a, editor):
    b = make_catalogue("b")
    outsider_editor = user_with(EDITOR, b.organisation)
    outsider_reviewer = user_with(REVIEWER, b.organisation)
    with pytest.raises(NotAllowed, match="geen toegang"):
        editing.update_product(user=outsider_editor, product=a.concept, expected_version=1, changes={"goal": "X"})
    editing.submit_for_review(user=editor, product=a.concept)
    with pytest.raises(NotAllowed, match="geen toegang"):
        editing.approve(user=outsider_reviewer, product=a.concept)


def test_an_editor_narrowed_to_another_unit_is_refused(a):
    narrowed = user_with(EDITOR, a.organisation, units=[a.other_unit])
    with pytest.raises(NotAllowed):
        editing.update_product(user=narrowed, product=a.concept, expected_version=1, changes={"goal": "X"})


def test_a_product_in_a_published_edition_cannot_be_edited(a, editor):
    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.PUBLISHED)
    with pytest.raises(WorkflowError, match="bevroren"):
        editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "X"})
    assert not Product.objects.filter(draft_of=a.published).exists()


def test_a_concept_copy_can_never_be_a_published_row(a, editor):
    draft = editing.start_edit(user=editor, product=a.published)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)


def test_the_slug_stays_unique_among_products_but_is_shared_with_the_concept_copy(a, editor):
    editing.start_edit(user=editor, product=a.published)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(organisation=a.organisation, edition=a.edition, unit=a.unit, slug=a.published.slug)


def test_a_second_editor_saving_an_old_version_gets_a_conflict_naming_the_changed_sections(a, editor):
    other = user_with(EDITOR, a.organisation, username="otto")
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Eva's doel."})
    with pytest.raises(EditConflict) as conflict:
        editing.update_product(
            user=other, product=a.concept, expected_version=1, changes={"audience": "Otto's doelgroep"}
        )
    assert "eva" in str(conflict.value.message)
    assert "doel" in str(conflict.value.message)
    assert conflict.value.changed_labels == ["Doelstelling"]
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.audience) == ("Eva's doel.", "")


def test_editing_a_published_product_whose_concept_exists_is_a_conflict(a, editor):
    other = user_with(EDITOR, a.organisation, username="otto")
    editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "Eva."})
    with pytest.raises(EditConflict, match="al een concept"):
        editing.update_product(user=other, product=a.published, expected_version=1, changes={"goal": "Otto."})
    assert Product.objects.get(draft_of=a.published).goal == "Eva."


def test_every_change_is_recorded_with_who_when_and_why(a, editor, reviewer):
    draft = editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "Nieuw."})
    editing.submit_for_review(user=editor, product=draft)
    editing.approve(user=reviewer, product=draft)
    versions = list(product_versions(a.published))
    reasons = [(v.history_user.username if v.history_user else None, v.history_change_reason) for v in versions]
    assert reasons[0] == ("ruben", "Goedgekeurd en gepubliceerd (concept versie 3)")
    assert ("eva", "Ingediend ter beoordeling") in reasons
    assert ("eva", "Bewerkt") in reasons
    assert (None, "Uitgangssituatie") in reasons
    assert all(v.history_date for v in versions)


def test_the_diff_shows_changed_texts_word_by_word_and_changed_tiers_laws_uptake(a, editor, reviewer):
    draft = editing.update_product(
        user=editor,
        product=a.published,
        expected_version=1,
        changes={"goal": "Gezonde jongeren in de hele regio."},
        tiers=[a.joint],
        uptake=[],
    )
    editing.submit_for_review(user=editor, product=draft)
    editing.approve(user=reviewer, product=draft)
    versions = list(product_versions(a.published).filter(id=a.published.pk))
    changes = {c.name: c for c in compare(versions[-1], versions[0], headings=a.organisation.section_headings())}
    assert set(changes) == {"goal", "tiers", "uptake"}
    assert ("delete", "kinderen") in changes["goal"].segments
    assert ("insert", "jongeren") in changes["goal"].segments
    assert changes["tiers"].added == ["Schil 2a"] and changes["tiers"].removed == ["Schil 3"]
    assert changes["uptake"].removed == [a.member.name]


def test_restoring_an_earlier_version_brings_back_texts_and_relations_as_a_recorded_change(a, editor, reviewer):
    draft = editing.update_product(
        user=editor, product=a.published, expected_version=1, changes={"goal": "Slechter."}, tiers=[a.joint]
    )
    editing.submit_for_review(user=editor, product=draft)
    editing.approve(user=reviewer, product=draft)
    a.published.refresh_from_db()
    original = product_versions(a.published).filter(history_change_reason="Uitgangssituatie").get()

    restored = editing.restore_version(
        user=editor, product=a.published, history_id=original.history_id, expected_version=a.published.version
    )
    # Restoring a published product is an edit like any other: a concept that needs approval.
    assert restored.draft_of == a.published
    assert restored.goal == "Gezonde kinderen in de hele regio."
    assert [row.tier for row in restored.product_tiers.all()] == [a.individual]
    assert restored.history.first().history_change_reason.startswith("Hersteld naar de versie van")
    editing.submit_for_review(user=editor, product=restored)
    editing.approve(user=reviewer, product=restored)
    a.published.refresh_from_db()
    assert a.published.goal == "Gezonde kinderen in de hele regio."


def test_a_version_of_another_product_cannot_be_restored(a, editor):
    other = editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "X"})
    with pytest.raises(WorkflowError, match="hoort niet"):
        editing.restore_version(
            user=editor, product=a.published, history_id=other.history.first().history_id, expected_version=1
        )


def test_discarding_a_concept_copy_leaves_the_published_product_and_keeps_the_history(a, editor):
    draft = editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "Weg."})
    editing.discard_draft(user=editor, product=draft)
    assert not Product.objects.filter(pk=draft.pk).exists()
    assert product_versions(a.published).filter(id=draft.pk, history_type="-").exists()


def test_saving_without_changes_records_no_version(a, editor):
    product = editing.update_product(
        user=editor, product=a.concept, expected_version=1, changes={"goal": a.concept.goal}
    )
    assert product.version == 1
    assert not a.concept.history.filter(history_change_reason="Bewerkt").exists()


def test_create_product_makes_a_concept_with_relations(a, editor):
    product = editing.create_product(
        user=editor, edition=a.edition, unit=a.unit, title="Nieuw product", slug="nieuw-product", tiers=[a.joint]
    )
    assert product.status == Status.CONCEPT
    assert product.history.first().relations["tiers"][0]["code"] == a.joint.code
