"""The access rules (editorial.access) for users of two organisations and each role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from editorial import access
from editorial.operations import products as editing
from services.models import Edition
from services.selectors import filter_products, published_products
from tests.factories import UserFactory
from tests.workflow import ADMINISTRATOR, EDITOR, READ_ONLY, REVIEWER, make_catalogue, user_with


@pytest.fixture
def a(db):
    return make_catalogue("a")


@pytest.fixture
def b(db):
    return make_catalogue("b")


@pytest.mark.parametrize("role", [EDITOR, REVIEWER, ADMINISTRATOR, READ_ONLY])
def test_every_role_sees_its_own_organisations_drafts_and_nothing_of_another(a, b, role):
    user = user_with(role, a.organisation)
    visible = set(access.visible_products(user))
    assert {a.published, a.concept} <= visible
    assert not visible & {b.published, b.concept}
    assert access.may_view_product(user, a.concept)
    assert not access.may_view_product(user, b.concept)
    assert list(access.visible_organisations(user)) == [a.organisation]


def test_only_editors_may_edit_and_only_in_their_own_organisation(a, b):
    assert access.may_edit_product(user_with(EDITOR, a.organisation), a.concept)
    assert not access.may_edit_product(user_with(EDITOR, a.organisation), b.concept)
    for role in (REVIEWER, ADMINISTRATOR, READ_ONLY):
        assert not access.may_edit_product(user_with(role, a.organisation), a.concept)


def test_only_reviewers_may_review_and_only_in_their_own_organisation(a, b):
    assert access.may_review_product(user_with(REVIEWER, a.organisation), a.concept)
    assert not access.may_review_product(user_with(REVIEWER, a.organisation), b.concept)
    for role in (EDITOR, ADMINISTRATOR, READ_ONLY):
        assert not access.may_review_product(user_with(role, a.organisation), a.concept)


def test_a_role_narrowed_to_units_holds_only_for_those_units(a):
    editor = user_with(EDITOR, a.organisation, units=[a.other_unit])
    assert not access.may_edit_product(editor, a.concept)  # a.concept is in a.unit
    assert not access.may_view_product(editor, a.concept)
    assert access.may_create_product_in(editor, organisation=a.organisation, unit=a.other_unit)
    assert not access.may_create_product_in(editor, organisation=a.organisation, unit=a.unit)


def test_only_administrators_administer_their_organisation(a, b):
    administrator = user_with(ADMINISTRATOR, a.organisation)
    assert access.may_administer(administrator, a.organisation)
    assert not access.may_administer(administrator, b.organisation)
    assert list(access.administered_editions(administrator)) == [a.edition]
    assert set(access.administered_units(administrator)) == {a.unit, a.other_unit}
    for role in (EDITOR, REVIEWER, READ_ONLY):
        assert not access.may_administer(user_with(role, a.organisation), a.organisation)


def test_nobody_edits_a_published_edition(a):
    editor = user_with(EDITOR, a.organisation)
    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.PUBLISHED)
    assert not access.may_edit_product(editor, a.concept)
    assert access.may_view_product(editor, a.concept)


def test_superusers_may_do_everything_and_alone_manage_reference_data(a, b):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert access.may_edit_product(superuser, b.concept)
    assert access.may_administer(superuser, a.organisation)
    assert access.may_manage_reference_data(superuser)
    assert not access.may_manage_reference_data(user_with(ADMINISTRATOR, a.organisation))


def test_anonymous_inactive_and_roleless_users_see_nothing(a):
    inactive = user_with(EDITOR, a.organisation)
    inactive.is_active = False
    for user in (AnonymousUser(), inactive, UserFactory(is_staff=True), None):
        assert not access.visible_products(user).exists()
        assert not access.visible_organisations(user).exists()


def test_preview_returns_a_concept_only_to_staff_of_its_organisation(a, b):
    reader = user_with(READ_ONLY, a.organisation)
    assert access.preview_product(reader, a.concept.pk) == a.concept
    assert access.preview_product(reader, b.concept.pk) is None
    assert access.preview_product(AnonymousUser(), a.concept.pk) is None


def test_the_public_selector_and_filters_never_return_concepts_or_concept_copies(a, b):
    draft = editing.update_product(
        user=user_with(EDITOR, a.organisation), product=a.published, expected_version=1, changes={"goal": "Geheim."}
    )
    assert a.published not in set(published_products())  # its edition is still a concept
    Edition.objects.filter(pk__in=[a.edition.pk, b.edition.pk]).update(state=Edition.State.PUBLISHED)
    public = set(published_products())
    assert a.published in public
    assert not public & {a.concept, b.concept, draft}
    filtered = set(filter_products(QueryDict("jaar=2027")).qs)
    assert a.published in filtered and draft not in filtered
    assert not published_products().filter(goal="Geheim.").exists()
