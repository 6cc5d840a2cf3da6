"""The admin's editing screen without a browser: versions on every save, CRLF is no edit, the
start page's fixed query count, the Dutch refusal page, the frozen guidance, the default diff."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.text import normalise_text
from editorial.operations import products as editing
from services.models import Edition, Product, Status
from services.selectors import published_products
from tests.editorial.test_admin_access import change_data, product_url
from tests.factories import ProductFactory
from tests.workflow import ADMINISTRATOR, EDITOR, REVIEWER, make_catalogue, user_with


@pytest.fixture
def a(db):
    return make_catalogue("a")


def test_normalise_text_makes_lf_without_trailing_spaces_and_keeps_sub_bullets():
    assert normalise_text("Een  \r\n- punt \r\n  - subpunt\t\r\n\r\n") == "Een\n- punt\n  - subpunt"
    assert normalise_text(None) is None


def test_a_save_without_edits_from_a_browser_changes_nothing(client, a):
    a.concept.goal = "Regel een.\nRegel twee."
    a.concept.save()
    client.force_login(user_with(EDITOR, a.organisation))
    data = change_data(a.concept, goal="Regel een.\r\nRegel twee.  ")
    response = client.post(product_url("change", a.concept.pk), data)
    assert response.status_code == 302
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.version) == ("Regel een.\nRegel twee.", 1)


def test_an_admin_save_goes_through_the_operation_version_editor_review_back_to_concept(client, a):
    editor = user_with(EDITOR, a.organisation)
    editing.submit_for_review(user=editor, product=a.concept)
    a.concept.refresh_from_db()
    client.force_login(editor)
    response = client.post(product_url("change", a.concept.pk), change_data(a.concept, goal="Nieuw\r\ndoel."))
    assert response.status_code == 302
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.status, a.concept.last_edited_by) == ("Nieuw\ndoel.", Status.CONCEPT, editor)
    assert a.concept.version == 3
    assert a.concept.history.first().history_change_reason == "Bewerkt in het beheer"


def test_a_post_without_the_version_is_refused_with_a_dutch_error(client, a):
    client.force_login(user_with(EDITOR, a.organisation))
    data = change_data(a.concept, goal="Zonder versie.")
    data.pop("expected_version")
    response = client.post(product_url("change", a.concept.pk), data)
    assert response.status_code == 200
    assert "Het formulier mist de versie waarop u begon te bewerken" in response.content.decode()
    a.concept.refresh_from_db()
    assert a.concept.goal != "Zonder versie."


def test_the_change_form_renders_its_version_and_no_nested_forms(client, a):
    client.force_login(user_with(EDITOR, a.organisation))
    html = client.get(product_url("change", a.concept.pk)).content.decode()
    assert f'name="expected_version" value="{a.concept.version}"' in html
    assert html.count("<form") == html.count("</form>")
    form = html[html.index('id="product_form"') :]
    assert "<form" not in form[: form.index("</form>")]
    assert 'name="_indienen"' in html


def test_submit_from_the_change_form_saves_then_submits(client, a):
    client.force_login(user_with(EDITOR, a.organisation))
    data = {**change_data(a.concept, goal="Klaar."), "_indienen": "1"}
    response = client.post(product_url("change", a.concept.pk), data)
    assert response.status_code == 302
    a.concept.refresh_from_db()
    assert (a.concept.goal, a.concept.status) == ("Klaar.", Status.IN_REVIEW)


def test_a_frozen_product_says_why_and_what_to_do(client, db):
    c = make_catalogue("c", year=2026, state=Edition.State.PUBLISHED)
    client.force_login(user_with(ADMINISTRATOR, c.organisation))
    html = client.get(product_url("change", c.published.pk)).content.decode()
    assert "De editie 2026 is gepubliceerd en daarmee bevroren" in html
    assert "Start editie volgend jaar" in html
    assert "Bewerken (maakt een concept)" not in html


def test_a_refusal_in_the_admin_is_a_dutch_page_in_the_admin_layout(client, a):
    client.force_login(user_with(REVIEWER, a.organisation))
    response = client.get(product_url("add"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Dit mag u niet doen" in html and 'id="site-name"' in html
    assert "Forbidden" not in html


def test_the_versions_page_opens_on_the_two_latest_different_versions(client, a):
    editor = user_with(EDITOR, a.organisation)
    product = editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Doel 2."})
    editing.submit_for_review(user=editor, product=product)  # changes no section
    client.force_login(editor)
    response = client.get(product_url("versions", a.concept.pk))
    assert [change.label for change in response.context["changes"]] == ["Doelstelling"]


def _start_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return len(captured)


def test_the_start_page_lists_my_work_with_a_fixed_number_of_queries(client, a, django_assert_num_queries):
    editor = user_with(EDITOR, a.organisation)
    user_with(REVIEWER, a.organisation, username="beoordelaar")
    editing.update_product(user=editor, product=a.concept, expected_version=1, changes={"goal": "Mijn werk."})
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Mijn concepten (1)" in html and a.concept.title in html
    small = _start_page_queries(client)
    for n in range(12):
        product = ProductFactory(
            organisation=a.organisation, edition=a.edition, unit=a.unit, status=Status.CONCEPT, slug=f"extra-{n}"
        )
        Product.objects.filter(pk=product.pk).update(last_edited_by=editor)
    with django_assert_num_queries(small):
        client.get(reverse("admin:index"))
    assert "Mijn concepten (13)" in client.get(reverse("admin:index")).content.decode()


def test_the_migration_normalises_stored_texts(a):
    Product.objects.filter(pk=a.concept.pk).update(goal="Een \r\nTwee  ")
    migration = importlib.import_module("services.migrations.0008_normalise_texts")
    migration.normalise(django_apps, None)
    a.concept.refresh_from_db()
    assert a.concept.goal == "Een\nTwee"
    assert a.published in Product.objects.filter(pk=a.published.pk)  # untouched rows stay
    assert published_products().filter(pk=a.concept.pk).count() == 0
