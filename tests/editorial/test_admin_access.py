"""Every admin path for users of two organisations and each role: allowed and refused.

The admin gets its rules from the mixins in editorial.admin.access.
"""

import datetime

import pytest
from django.urls import reverse

from editorial.models import Role
from editorial.operations import products as editing
from municipalities.models import Uptake
from services.models import Edition, Product, Status
from tests.factories import UserFactory
from tests.workflow import ADMINISTRATOR, EDITOR, READ_ONLY, REVIEWER, make_catalogue, user_with


def product_url(name: str, *args) -> str:
    return reverse(f"admin:services_product_{name}", args=args)


@pytest.fixture
def a(db):
    return make_catalogue("a")


@pytest.fixture
def b(db):
    return make_catalogue("b")


def action_names(response) -> list[str]:
    form = response.context["action_form"]
    return [] if form is None else [name for name, _ in form.fields["action"].choices if name]


def logged_in(client, role: str, catalogue, **kwargs):
    user = user_with(role, catalogue.organisation, **kwargs)
    client.force_login(user)
    return user


def change_data(product: Product, **changes) -> dict:
    data = {
        "unit": product.unit_id,
        "title": product.title,
        "slug": product.slug,
        "summary": product.summary,
        "goal": product.goal,
        "audience": product.audience,
        "legal_text": product.legal_text,
        "activities": product.activities,
        "rationale": product.rationale,
        "result": product.result,
        "professionals": product.professionals,
        "contacts": product.contacts,
        "age_min_months": "",
        "age_max_months": "",
        "order": product.order,
        "review_due": "",
        "expected_version": product.version,
    }
    for prefix, rows in (
        ("product_tiers", product.product_tiers.all()),
        ("legal_bases", product.legal_bases.all()),
        ("uptakes", product.uptakes.all()),
    ):
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-product"] = product.pk
            for name in ("tier", "framework", "municipality"):
                if hasattr(row, f"{name}_id"):
                    data[f"{prefix}-{index}-{name}"] = getattr(row, f"{name}_id")
            for name in ("article", "note", "order"):
                if hasattr(row, name):
                    data[f"{prefix}-{index}-{name}"] = getattr(row, name)
    data.update(changes)
    return data


# Changelists, change forms, autocompletes


@pytest.mark.parametrize("role", [EDITOR, REVIEWER, ADMINISTRATOR, READ_ONLY])
def test_changelist_lists_own_products_drafts_included_and_nothing_of_another_organisation(client, a, b, role):
    logged_in(client, role, a)
    html = client.get(product_url("changelist")).content.decode()
    assert a.published.title in html and a.concept.title in html
    assert b.published.title not in html and b.concept.title not in html


@pytest.mark.parametrize("role", [EDITOR, REVIEWER, ADMINISTRATOR, READ_ONLY])
def test_another_organisations_product_pages_are_closed(client, a, b, role):
    logged_in(client, role, a)
    for url in (
        product_url("change", b.concept.pk),
        product_url("history", b.concept.pk),
        product_url("versions", b.concept.pk),
        product_url("delete", b.concept.pk),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b.concept.goal not in response.content.decode()
    response = client.post(product_url("change", b.concept.pk), change_data(b.concept, goal="Overgenomen"))
    assert response.status_code in (302, 403, 404)
    b.concept.refresh_from_db()
    assert b.concept.goal != "Overgenomen"


def test_an_editor_saves_a_concept_through_the_change_form_and_it_is_recorded(client, a):
    editor = logged_in(client, EDITOR, a)
    response = client.post(product_url("change", a.concept.pk), change_data(a.concept, goal="Via het beheer."))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.version, a.concept.last_edited_by) == ("Via het beheer.", 2, editor)
    latest = a.concept.history.first()
    assert latest.history_user == editor
    assert latest.relations["tiers"][0]["id"] == a.joint.pk


@pytest.mark.parametrize("role", [REVIEWER, ADMINISTRATOR, READ_ONLY])
def test_non_editors_see_the_change_form_read_only_and_cannot_post(client, a, role):
    logged_in(client, role, a)
    assert client.get(product_url("change", a.concept.pk)).status_code == 200
    response = client.post(product_url("change", a.concept.pk), change_data(a.concept, goal="Nee."))
    assert response.status_code == 403
    assert client.get(product_url("add")).status_code == 403


def test_a_published_product_is_read_only_and_its_edit_button_makes_a_concept(client, a):
    logged_in(client, EDITOR, a)
    page = client.get(product_url("change", a.published.pk)).content.decode()
    assert "Bewerken (maakt een concept)" in page
    assert client.post(product_url("change", a.published.pk), change_data(a.published)).status_code == 403
    response = client.post(product_url("start_edit", a.published.pk))
    draft = Product.objects.get(draft_of=a.published)
    assert response.url == product_url("change", draft.pk)
    assert "het publiek ziet de gepubliceerde tekst" in client.get(response.url).content.decode()


def test_the_second_editor_gets_a_conflict_listing_what_changed_and_nothing_is_saved(client, a):
    other = user_with(EDITOR, a.organisation, username="otto")
    logged_in(client, EDITOR, a)
    stale = change_data(a.concept, audience="Mijn doelgroep")
    editing.update_product(user=other, product=a.concept, expected_version=1, changes={"goal": "Otto's doel."})
    response = client.post(product_url("change", a.concept.pk), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "gewijzigd nadat u het opende (door otto): doelstelling" in page
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.audience) == ("Otto's doel.", "")


def test_an_editor_narrowed_to_one_unit_cannot_move_a_product_elsewhere(client, a):
    logged_in(client, EDITOR, a, units=[a.unit])
    response = client.post(product_url("change", a.concept.pk), change_data(a.concept, unit=a.other_unit.pk))
    assert response.status_code == 200
    a.concept.refresh_from_db()
    assert a.concept.unit == a.unit


def test_autocomplete_offers_only_the_users_own_units_and_open_editions(client, a, b):
    logged_in(client, EDITOR, a)
    for field, own, other in (("unit", a.unit, b.unit), ("edition", a.edition, b.edition)):
        response = client.get(
            "/beheer/autocomplete/", {"app_label": "services", "model_name": "product", "field_name": field, "term": ""}
        )
        ids = {int(item["id"]) for item in response.json()["results"]}
        assert own.pk in ids and other.pk not in ids


# Workflow buttons and actions


def test_submit_and_approve_buttons_follow_the_four_eyes_rule(client, a):
    editor = logged_in(client, EDITOR, a)
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Eva's doel."})
    client.post(product_url("submit", a.concept.pk))
    a.concept.refresh_from_db()
    assert a.concept.status == Status.IN_REVIEW
    Role.objects.create(user=editor, organisation=a.organisation, role=REVIEWER)
    page = client.get(product_url("change", a.concept.pk)).content.decode()
    assert "vier-ogenprincipe" in page
    client.post(product_url("approve", a.concept.pk))
    a.concept.refresh_from_db()
    assert a.concept.status == Status.IN_REVIEW

    logged_in(client, REVIEWER, a)
    response = client.post(product_url("approve", a.concept.pk))
    assert response.status_code == 302
    a.concept.refresh_from_db()
    assert a.concept.status == Status.PUBLISHED


def test_reject_needs_a_reason_and_reviewers_of_another_organisation_are_refused(client, a, b):
    editor = user_with(EDITOR, a.organisation)
    editing.submit_for_review(user=editor, product=a.concept)
    logged_in(client, REVIEWER, b)
    assert client.post(product_url("reject", a.concept.pk), {"note": "Nee"}).status_code == 404
    logged_in(client, REVIEWER, a)
    client.post(product_url("reject", a.concept.pk), {"note": "Doel ontbreekt."})
    a.concept.refresh_from_db()
    assert (a.concept.status, a.concept.review_note) == (Status.CONCEPT, "Doel ontbreekt.")


def test_workflow_actions_are_offered_per_role_and_act_only_within_it(client, a, b):
    logged_in(client, READ_ONLY, a)
    assert action_names(client.get(product_url("changelist"))) == []
    logged_in(client, REVIEWER, a)
    assert action_names(client.get(product_url("changelist"))) == ["approve_products"]
    logged_in(client, EDITOR, a)
    assert set(action_names(client.get(product_url("changelist")))) == {"delete_selected", "submit_products"}
    response = client.post(
        product_url("changelist"),
        {"action": "submit_products", "_selected_action": [a.concept.pk, b.concept.pk]},
    )
    assert response.status_code == 302
    a.concept.refresh_from_db()
    b.concept.refresh_from_db()
    assert (a.concept.status, b.concept.status) == (Status.IN_REVIEW, Status.CONCEPT)


# History, diff, restore


def test_history_pages_show_own_versions_and_never_save(client, a):
    editor = user_with(EDITOR, a.organisation)
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Versie twee."})
    logged_in(client, READ_ONLY, a)
    assert client.get(product_url("history", a.concept.pk)).status_code == 200
    record = a.concept.history.first()
    url = product_url("simple_history", a.concept.pk, record.history_id)
    assert client.get(url).status_code == 200
    assert client.post(url, change_data(a.concept, goal="Terug")).status_code == 405


def test_versions_page_shows_a_readable_diff_and_restore_makes_a_concept(client, a):
    editor = logged_in(client, EDITOR, a)
    reviewer = user_with(REVIEWER, a.organisation)
    draft = editing.update_product(
        user=editor, product=a.published, expected_version=1, changes={"goal": "Gezonde jongeren in de hele regio."}
    )
    editing.submit_for_review(user=editor, product=draft)
    editing.approve(user=reviewer, product=draft)
    page = client.get(product_url("versions", a.published.pk)).content.decode()
    assert "<del>kinderen</del>" in page and "<ins>jongeren</ins>" in page
    baseline = a.published.history.get(history_change_reason="Uitgangssituatie")
    a.published.refresh_from_db()
    response = client.post(
        product_url("restore", a.published.pk, baseline.history_id), {"expected_version": a.published.version}
    )
    restored = Product.objects.get(draft_of=a.published)
    assert response.url == product_url("change", restored.pk)
    assert restored.goal == "Gezonde kinderen in de hele regio."


def test_overdue_page_lists_own_overdue_products_only(client, a, b):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Product.objects.filter(pk__in=[a.concept.pk, b.concept.pk]).update(review_due=yesterday)
    logged_in(client, READ_ONLY, a)
    assert product_url("overdue") in client.get(product_url("changelist")).content.decode()
    page = client.get(product_url("overdue")).content.decode()
    assert "Producten waarvan de herziening verlopen is" in page
    assert a.concept.title in page and b.concept.title not in page


# Editions, roles, reference data, product rows


def test_edition_actions_start_and_publish_only_for_administrators_of_the_organisation(client, a, b):
    logged_in(client, EDITOR, a)
    changelist = reverse("admin:services_edition_changelist")
    assert "start_next_edition" not in action_names(client.get(changelist))
    logged_in(client, ADMINISTRATOR, a)
    client.post(changelist, {"action": "start_next_edition", "_selected_action": [a.edition.pk, b.edition.pk]})
    assert Edition.objects.filter(organisation=a.organisation, year=2028, based_on=a.edition).exists()
    assert not Edition.objects.filter(organisation=b.organisation, year=2028).exists()
    Product.objects.filter(pk=a.concept.pk).delete()
    client.post(changelist, {"action": "publish_editions", "_selected_action": [a.edition.pk]})
    a.edition.refresh_from_db()
    assert a.edition.state == Edition.State.PUBLISHED
    # Frozen: the edition and its products are read-only for everyone but the superuser's view.
    assert client.post(reverse("admin:services_edition_change", args=[a.edition.pk]), {"title": "X"}).status_code == 403
    logged_in(client, EDITOR, a)
    page = client.get(product_url("change", a.published.pk)).content.decode()
    assert "Bewerken (maakt een concept)" not in page
    assert client.post(product_url("start_edit", a.published.pk)).status_code == 302
    assert not Product.objects.filter(draft_of=a.published).exists()


def test_administrators_manage_roles_of_their_own_organisation_only(client, a, b):
    logged_in(client, ADMINISTRATOR, a)
    newcomer = UserFactory(is_staff=False)
    add = reverse("admin:editorial_role_add")
    response = client.post(
        add, {"user": newcomer.pk, "organisation": a.organisation.pk, "role": EDITOR, "units": [b.unit.pk]}
    )
    assert response.status_code == 200  # b's unit is no choice
    client.post(add, {"user": newcomer.pk, "organisation": a.organisation.pk, "role": EDITOR, "units": [a.unit.pk]})
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert Role.objects.filter(user=newcomer, organisation=a.organisation).exists()
    response = client.post(add, {"user": newcomer.pk, "organisation": b.organisation.pk, "role": EDITOR})
    assert response.status_code == 200
    assert not Role.objects.filter(user=newcomer, organisation=b.organisation).exists()
    outsider = user_with(EDITOR, b.organisation, username="buitenstaander")
    assert client.post(add, {"user": outsider.pk, "organisation": a.organisation.pk, "role": EDITOR}).status_code == 200
    assert not Role.objects.filter(user=outsider, organisation=a.organisation).exists()
    logged_in(client, EDITOR, a)
    assert client.get(add).status_code == 403


def test_reference_data_is_visible_to_staff_and_changed_only_by_superusers(client, a):
    law = a.published.legal_bases.get().framework
    url = reverse("admin:services_legalframework_change", args=[law.pk])
    logged_in(client, ADMINISTRATOR, a)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Gekaapt", "slug": law.slug}).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(url, {"name": "Nieuwe naam", "slug": law.slug, "abbreviation": "", "bwb_id": "", "url": ""})
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.name == "Nieuwe naam"


def test_uptake_of_a_published_product_cannot_be_changed_past_the_workflow(client, a):
    logged_in(client, EDITOR, a)
    uptake = Uptake.objects.get(product=a.published)
    url = reverse("admin:municipalities_uptake_change", args=[uptake.pk])
    data = {"product": a.published.pk, "municipality": uptake.municipality_id, "note": "x"}
    assert client.post(url, data).status_code == 200  # no version: refused, asked to confirm
    assert client.post(url, {**data, "expected_version": a.published.version}).status_code == 302
    uptake.refresh_from_db()
    assert uptake.note == ""  # the published row stays; the change is in its concept copy
    draft = Product.objects.get(draft_of=a.published)
    assert Uptake.objects.get(product=draft).note == "x"
    assert (
        client.post(reverse("admin:municipalities_uptake_delete", args=[uptake.pk]), {"post": "yes"}).status_code == 403
    )
    assert Uptake.objects.filter(pk=uptake.pk).exists()
