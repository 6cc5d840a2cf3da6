"""Optimistic locking that cannot be skipped, and workflow steps serialised by row locks (issue #11, item 1).

A content edit without the version it was made on is refused; the separate uptake screen edits the
product (version, history, back to concept, four eyes); two reviewers approving at once give one
publication and one clear refusal, never a 500.
"""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from editorial.history import product_versions
from editorial.operations import products as editing
from editorial.operations.products import WorkflowError
from municipalities.models import Uptake
from services.models import Product, Status
from tests.editorial.test_admin_access import change_data
from tests.factories import MunicipalityFactory
from tests.workflow import EDITOR, REVIEWER, make_catalogue, user_with

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="row locks (SELECT ... FOR UPDATE) and concurrent transactions need PostgreSQL; SQLite locks the file",
)


@pytest.fixture
def a(db):
    return make_catalogue("a")


@pytest.fixture
def editor(a):
    return user_with(EDITOR, a.organisation, username="eva")


@pytest.fixture
def both(a):
    """An editor who also reviews: only the four-eyes rule stops them approving their own work."""
    user = user_with(EDITOR, a.organisation, username="bram")
    from tests.factories import RoleFactory

    RoleFactory(user=user, organisation=a.organisation, role=REVIEWER)
    return user


def submitted(a, editor) -> Product:
    product = editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Eva."})
    return editing.submit_for_review(user=editor, product=product, expected_version=product.version)


# Operations


def test_an_edit_without_the_version_it_was_made_on_is_refused_and_nothing_is_saved(a, editor):
    goal = a.concept.goal
    with pytest.raises(WorkflowError) as refused:
        editing.update_product(user=editor, product=a.concept, expected_version=None, changes={"goal": "Ongezien."})
    assert "mist de versie" in refused.value.messages[0]
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.version) == (goal, 1)


def test_a_restore_without_a_version_is_refused(a, editor):
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Twee."})
    oldest = product_versions(a.concept).last()
    with pytest.raises(WorkflowError, match="mist de versie"):
        editing.restore_version(user=editor, product=a.concept, history_id=oldest.history_id, expected_version=None)
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.version) == ("Twee.", 2)


def test_an_uptake_row_added_to_a_submitted_product_is_an_edit_and_blocks_its_own_approval(a, editor, both):
    product = submitted(a, editor)
    newcomer = MunicipalityFactory(name="Nieuwkoop")
    changed = editing.change_uptake(
        user=both, product=product, expected_version=product.version, municipality=newcomer, note="vanaf juli"
    )
    assert changed.pk == product.pk
    assert (changed.status, changed.version, changed.last_edited_by) == (Status.CONCEPT, product.version + 1, both)
    assert set(Uptake.objects.filter(product=product).values_list("municipality__name", "note")) == {
        ("Nieuwkoop", "vanaf juli")
    }
    latest = product_versions(product).first()
    assert latest.history_change_reason == "Afname door Nieuwkoop toegevoegd"
    assert {row["name"] for row in latest.relations["uptake"]} == {"Nieuwkoop"}
    resubmitted = editing.submit_for_review(user=both, product=changed, expected_version=changed.version)
    with pytest.raises(WorkflowError, match="vier-ogenprincipe"):
        editing.approve(user=both, product=resubmitted, expected_version=resubmitted.version)


def test_an_uptake_change_on_a_published_product_goes_to_a_concept_copy(a, editor):
    newcomer = MunicipalityFactory(name="Gouda")
    draft = editing.change_uptake(user=editor, product=a.published, expected_version=1, municipality=newcomer)
    assert draft.draft_of == a.published and draft.status == Status.CONCEPT
    assert set(Uptake.objects.filter(product=draft).values_list("municipality__name", flat=True)) == {
        a.member.name,
        "Gouda",
    }
    assert list(Uptake.objects.filter(product=a.published).values_list("municipality__name", flat=True)) == [
        a.member.name
    ]


def test_an_uptake_change_on_an_older_version_is_a_conflict(a, editor):
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Nieuw."})
    with pytest.raises(editing.EditConflict):
        editing.change_uptake(user=editor, product=a.concept, expected_version=1, municipality=a.member)
    assert not Uptake.objects.filter(product=a.concept).exists()


def test_approving_a_concept_copy_that_a_colleague_just_approved_says_so(a, editor):
    draft = editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "Kopie."})
    draft = editing.submit_for_review(user=editor, product=draft, expected_version=draft.version)
    first, second = (user_with(REVIEWER, a.organisation, username=name) for name in ("ruben", "rosa"))
    stale = Product.objects.get(pk=draft.pk)
    editing.approve(user=first, product=draft, expected_version=draft.version)
    with pytest.raises(WorkflowError, match="een collega heeft het intussen goedgekeurd"):
        editing.approve(user=second, product=stale, expected_version=stale.version)
    a.published.refresh_from_db()
    assert a.published.goal == "Kopie."


# The admin


def uptake_url(name: str, *args) -> str:
    return reverse(f"admin:municipalities_uptake_{name}", args=args)


def test_the_uptake_screen_asks_to_confirm_then_saves_through_the_product(client, a, editor, both):
    product = submitted(a, editor)
    client.force_login(both)
    newcomer = MunicipalityFactory(name="Lisse")
    data = {"product": product.pk, "municipality": newcomer.pk, "note": ""}
    first = client.post(uptake_url("add"), data)
    assert first.status_code == 200
    assert f"(nu versie {product.version})" in first.content.decode()
    assert not Uptake.objects.filter(product=product).exists()
    assert first.context["adminform"].form["expected_version"].value() == str(product.version)

    second = client.post(uptake_url("add"), {**data, "expected_version": product.version})
    assert second.status_code == 302
    product.refresh_from_db()
    assert (product.status, product.version, product.last_edited_by) == (Status.CONCEPT, 4, both)
    assert Uptake.objects.filter(product=product, municipality=newcomer).exists()


def test_the_uptake_screen_refuses_a_stale_version_and_keeps_the_row(client, a, editor):
    row = Uptake.objects.create(product=a.concept, municipality=a.member, note="oud")
    client.force_login(editor)
    page = client.get(uptake_url("change", row.pk)).content.decode()
    assert 'name="expected_version" value="1"' in page
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Intussen."})
    response = client.post(
        uptake_url("change", row.pk),
        {"product": a.concept.pk, "municipality": a.member.pk, "note": "nieuw", "expected_version": 1},
    )
    assert response.status_code == 200
    assert "Dit product is gewijzigd nadat u het opende" in response.content.decode()
    row.refresh_from_db()
    assert row.note == "oud"


def test_the_product_form_without_its_version_is_refused(client, a, editor):
    client.force_login(editor)
    goal = a.concept.goal
    data = change_data(a.concept, goal="Zonder versie.")
    del data["expected_version"]
    response = client.post(reverse("admin:services_product_change", args=[a.concept.pk]), data)
    assert response.status_code == 200
    assert "mist de versie" in response.content.decode()
    a.concept.refresh_from_db()
    assert a.concept.goal == goal


def test_a_restore_posted_without_its_version_is_refused_with_a_message(client, a, editor):
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Twee."})
    oldest = product_versions(a.concept).last()
    client.force_login(editor)
    response = client.post(
        reverse("admin:services_product_restore", args=[a.concept.pk, oldest.history_id]), follow=True
    )
    assert response.status_code == 200
    assert "mist de versie" in response.content.decode()
    a.concept.refresh_from_db()
    assert a.concept.goal == "Twee."


def test_a_second_approval_of_an_approved_concept_copy_in_the_admin_is_a_message_not_a_404(client, a, editor):
    draft = editing.update_product(user=editor, product=a.published, expected_version=1, changes={"goal": "K."})
    draft = editing.submit_for_review(user=editor, product=draft, expected_version=draft.version)
    editing.approve(user=user_with(REVIEWER, a.organisation, username="ruben"), product=draft)
    client.force_login(user_with(REVIEWER, a.organisation, username="rosa"))
    response = client.post(
        reverse("admin:services_product_approve", args=[draft.pk]), {"expected_version": draft.version}, follow=True
    )
    assert response.status_code == 200
    assert "een collega heeft het intussen goedgekeurd" in response.content.decode()


# Two reviewers at once (PostgreSQL)


def _race(step, count: int = 2) -> list:
    """Run ``step(index)`` in ``count`` threads that start together; each thread has its own connection."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = step(index)
        except Exception as error:  # the outcome is what the test asserts
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("copy", [False, True], ids=["new product", "concept copy of a published product"])
def test_two_reviewers_approving_at_once_publish_once_and_the_other_is_told(copy):
    assert connection.vendor == "postgresql"
    a = make_catalogue("a")
    editor = user_with(EDITOR, a.organisation, username="eva")
    reviewers = [user_with(REVIEWER, a.organisation, username=name) for name in ("ruben", "rosa")]
    product = editing.update_product(
        user=editor, product=a.published if copy else a.concept, expected_version=1, changes={"goal": "Samen."}
    )
    product = editing.submit_for_review(user=editor, product=product, expected_version=product.version)
    version = product.version

    outcomes = _race(
        lambda index: editing.approve(
            user=reviewers[index], product=Product.objects.get(pk=product.pk), expected_version=version
        )
    )

    published = [outcome for outcome in outcomes if isinstance(outcome, Product)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, WorkflowError)]
    assert (len(published), len(refused)) == (1, 1), outcomes
    assert refused[0].messages[0].startswith(("Dit product", "Alleen een product"))
    owner = a.published if copy else a.concept
    owner.refresh_from_db()
    assert (owner.status, owner.goal) == (Status.PUBLISHED, "Samen.")
    approvals = [v for v in product_versions(owner) if (v.history_change_reason or "").startswith("Goedgekeurd")]
    assert len(approvals) == (2 if copy else 1)  # a copy: the copy's own record and the published product's


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_reject_at_once_leave_one_outcome():
    a = make_catalogue("a")
    editor = user_with(EDITOR, a.organisation, username="eva")
    reviewers = [user_with(REVIEWER, a.organisation, username=name) for name in ("ruben", "rosa")]
    product = editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "X."})
    product = editing.submit_for_review(user=editor, product=product, expected_version=product.version)

    def step(index: int):
        fresh = Product.objects.get(pk=product.pk)
        if index == 0:
            return editing.approve(user=reviewers[0], product=fresh, expected_version=product.version)
        return editing.reject(user=reviewers[1], product=fresh, note="Nee.", expected_version=product.version)

    outcomes = _race(step)
    assert sorted(type(outcome).__name__ for outcome in outcomes) in (
        ["EditConflict", "Product"],
        ["Product", "WorkflowError"],
    ), outcomes
    a.concept.refresh_from_db()
    assert a.concept.version == product.version + 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_restore_and_a_save_at_once_on_one_version_keep_one_and_refuse_the_other():
    a = make_catalogue("a")
    editors = [user_with(EDITOR, a.organisation, username=name) for name in ("eva", "otto")]
    product = editing.update_product(user=editors[0], product=a.concept, expected_version=1, changes={"goal": "Twee."})
    oldest = product_versions(a.concept).last()
    version = product.version

    def step(index: int):
        fresh = Product.objects.get(pk=product.pk)
        if index == 0:
            return editing.restore_version(
                user=editors[0], product=fresh, history_id=oldest.history_id, expected_version=version
            )
        return editing.update_product(
            user=editors[1], product=fresh, expected_version=version, changes={"goal": "Otto."}
        )

    outcomes = _race(step)
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["EditConflict", "Product"], outcomes
    a.concept.refresh_from_db()
    assert a.concept.version == version + 1
    saved = next(outcome for outcome in outcomes if isinstance(outcome, Product))
    assert a.concept.goal == saved.goal
