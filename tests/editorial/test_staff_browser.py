"""Staff journeys in a real Chromium (Debian's, driven by Playwright): log in, read why a product is
frozen, start next year's edition, edit (text, inline legal basis, tier), save, submit, four-eyes
approval, publish the edition, conflicts between two editors, the versions page (diff and restore),
previews of a concept as its public page and its book, and another organisation's staff kept out.

Small factory data (one organisation, two products) keeps each journey quick; one browser per module.
"""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from books.models import BookRender
from services.models import Edition, LegalBasis, Product, Status
from tests.browser import CHROMIUM, DESKTOP
from tests.factories import EditionFactory, ProductFactory, TierFactory
from tests.pdf_checks import normalise
from tests.workflow import ADMINISTRATOR, EDITOR, REVIEWER, make_catalogue, user_with

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

PASSWORD = "een-lang-wachtwoord-123"  # tests.factories.UserFactory


@pytest.fixture
def world(live_server, transactional_db):
    """Organisation "a" with a published 2026 edition; its staff; a second organisation "b"."""
    a = make_catalogue("a", year=2026)
    Product.objects.filter(pk=a.concept.pk).delete()  # a published edition holds published products only
    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.PUBLISHED)
    b = make_catalogue("b", year=2026)
    users = {
        "beheerder": user_with(ADMINISTRATOR, a.organisation, username="beheerder"),
        "redacteur": user_with(EDITOR, a.organisation, username="redacteur"),
        "beoordelaar": user_with(REVIEWER, a.organisation, username="beoordelaar"),
        "buitenstaander": user_with(EDITOR, b.organisation, username="buitenstaander"),
    }
    # The editor reviews too, so the four-eyes rule (not the role) is what stops them approving their own work.
    from tests.factories import RoleFactory

    RoleFactory(user=users["redacteur"], organisation=a.organisation, role=REVIEWER)
    return {"url": live_server.url, "a": a, "b": b, **users}


def login(browser, world, username: str, *, javascript: bool = True):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(world["url"] + "/beheer/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/beheer/$"))
    return page


def change_url(world, product: Product) -> str:
    return f"{world['url']}/beheer/services/product/{product.pk}/change/"


def messages(page) -> str:
    return " ".join(page.locator("ul.messagelist li, .errornote, .errorlist").all_inner_texts())


def shows(page, text: str) -> None:
    """The admin says ``text`` in a message or error, on the page the last click led to (waits for it)."""
    expect(page.locator("ul.messagelist, .errornote, .errorlist").filter(has_text=text).first).to_be_visible(
        timeout=20_000
    )


def new_concept(world, **fields) -> Product:
    """A new product, never published, in organisation a's 2026 edition (opened again as a concept)."""
    a = world["a"]
    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.CONCEPT)
    return Product.objects.create(
        organisation=a.organisation, edition=a.edition, unit=a.unit, status=Status.CONCEPT, **fields
    )


def public_status(page, world, path: str) -> int:
    return page.request.get(world["url"] + path).status


def test_a_year_of_work_from_frozen_edition_to_published_new_text(browser, world):
    a = world["a"]
    slug = a.published.slug
    admin = login(browser, world, "beheerder")
    assert admin.get_by_role("heading", name="Wat heeft mijn aandacht nodig?").is_visible()
    start = admin.locator("#staff-start").inner_text()
    assert f"{a.edition}\tGepubliceerd\tConcept: 0 · Ter beoordeling: 0 · Gepubliceerd: 1" in start

    # A product of the published 2026 edition says why it cannot be edited and what to do.
    admin.goto(change_url(world, a.published))
    guidance = admin.locator(".frozen-guidance").inner_text()
    assert "De editie 2026 is gepubliceerd en daarmee bevroren" in guidance
    assert "Start editie volgend jaar" in guidance
    assert admin.get_by_role("button", name="Bewerken").count() == 0

    # Start 2027 with the editions list's action.
    admin.goto(world["url"] + "/beheer/services/edition/")
    admin.get_by_role("row", name=re.compile(f"{a.edition}")).get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option(label="Start editie volgend jaar (kopie van de gekozen editie)")
    admin.get_by_role("button", name="Uitvoeren").click()
    shows(admin, "Editie 2027 gestart vanuit 2026.")
    new_edition = Edition.objects.get(organisation=a.organisation, year=2027)
    assert new_edition.state == Edition.State.CONCEPT
    copy = Product.objects.get(edition=new_edition, slug=slug)

    # Nothing of 2027 is public: list, year filter, product page, API, book.
    listing = admin.request.get(world["url"] + "/producten/?jaar=2027").text()
    assert a.published.title not in listing
    assert 'value="2027"' not in admin.request.get(world["url"] + "/producten/").text()
    assert public_status(admin, world, f"/producten/{a.organisation.slug}/{slug}/?jaar=2027") == 404
    api = admin.request.get(world["url"] + "/api/v1/producten?jaar=2027")
    assert api.status == 200 and api.json()["totaal"] == 0
    assert public_status(admin, world, f"/producten/{a.organisation.slug}/{slug}/?jaar=2026") == 200

    # The editor edits the 2027 copy: text, a legal basis (inline) and a tier; saves; submits.
    new_tier = TierFactory(organisation=a.organisation, code="a-4", name="Schil 4")
    editor = login(browser, world, "redacteur")
    editor.goto(change_url(world, copy))
    editor.get_by_role("button", name="Bewerken (maakt een concept)").click()
    shows(editor, "U bewerkt nu het concept")
    draft = Product.objects.get(draft_of=copy)
    assert editor.url.endswith(f"/{draft.pk}/change/")
    editor.locator("#id_goal").fill("Gezonde kinderen.\nOok in de kleine kernen.")
    editor.locator("#id_legal_bases-0-article").fill("artikel 5")
    editor.locator("#id_product_tiers-0-tier").select_option(label=f"{a.organisation} · {new_tier}")
    editor.get_by_role("button", name="Opslaan", exact=True).first.click()
    shows(editor, "is met succes gewijzigd")
    draft.refresh_from_db()
    assert draft.goal == "Gezonde kinderen.\nOok in de kleine kernen."  # the browser's CRLF is stored as LF
    assert LegalBasis.objects.get(product=draft).article == "artikel 5"
    assert list(draft.tiers.values_list("code", flat=True)) == ["a-4"]
    assert draft.last_edited_by.username == "redacteur" and draft.status == Status.CONCEPT
    editor.goto(change_url(world, draft))
    editor.get_by_role("button", name="Indienen ter beoordeling").click()
    shows(editor, "ingediend ter beoordeling")
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW

    # Four eyes: the editor may review, but not their own work.
    editor.get_by_role("button", name="Goedkeuren en publiceren").click()
    shows(editor, "vier-ogenprincipe")
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW

    reviewer = login(browser, world, "beoordelaar")
    assert draft.title in reviewer.locator("#staff-start").inner_text()  # "Wacht op mijn beoordeling"
    reviewer.goto(change_url(world, draft))
    reviewer.get_by_role("button", name="Goedkeuren en publiceren").click()
    shows(reviewer, "Goedgekeurd en gepubliceerd.")
    copy.refresh_from_db()
    assert copy.goal == "Gezonde kinderen.\nOok in de kleine kernen." and not Product.objects.filter(draft_of=copy)

    # The public still reads 2026's text until 2027 is published.
    page_2026 = admin.request.get(world["url"] + f"/producten/{a.organisation.slug}/{slug}/?jaar=2026").text()
    assert "Gezonde kinderen in de hele regio." in page_2026 and "kleine kernen" not in page_2026
    assert public_status(admin, world, f"/producten/{a.organisation.slug}/{slug}/?jaar=2027") == 404

    admin.goto(world["url"] + "/beheer/services/edition/")
    admin.get_by_role("row", name=re.compile(f"{a.organisation} 2027")).get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option(label="Publiceer editie (bevriest de inhoud)")
    admin.get_by_role("button", name="Uitvoeren").click()
    shows(admin, "Editie 2027 is gepubliceerd en bevroren.")
    admin.goto(world["url"] + f"/producten/{a.organisation.slug}/{slug}/?jaar=2027")
    assert "Ook in de kleine kernen." in admin.locator("main").inner_text()
    for page in (admin, editor, reviewer):
        page.context.close()


def test_two_editors_at_once_the_second_save_is_refused_and_keeps_its_text(browser, world):
    """With JavaScript off: the forms and buttons work without it."""
    javascript = False
    concept = new_concept(world, title="Samen bewerkt", slug="samen-bewerkt", goal="Oud doel.")
    first = login(browser, world, "redacteur", javascript=javascript)
    second = login(browser, world, "beheerder", javascript=javascript)
    from tests.factories import RoleFactory

    RoleFactory(user=world["beheerder"], organisation=concept.organisation, role=EDITOR)
    for page in (first, second):
        page.goto(change_url(world, concept))
    assert second.locator('input[name="expected_version"]').get_attribute("value") == str(concept.version)
    first.locator("#id_goal").fill("Doel van de eerste.")
    first.get_by_role("button", name="Opslaan", exact=True).first.click()
    shows(first, "is met succes gewijzigd")
    second.locator("#id_audience").fill("Doelgroep van de tweede.")
    second.get_by_role("button", name="Opslaan", exact=True).first.click()
    shows(second, "Dit product is gewijzigd nadat u het opende (door redacteur): doelstelling.")
    assert second.locator("#id_audience").input_value() == "Doelgroep van de tweede."  # nothing lost
    concept.refresh_from_db()
    assert (concept.goal, concept.audience, concept.version) == ("Doel van de eerste.", "", 2)
    first.context.close()
    second.context.close()


def test_the_versions_page_shows_exactly_what_changed_and_brings_an_older_version_back(browser, world):
    activities = "- Huisbezoek na de geboorte\n- Spreekuur op het consultatiebureau"
    concept = new_concept(
        world,
        title="Met versies",
        slug="met-versies",
        goal="Oud doel.",
        audience="Ouders van jonge kinderen.",
        activities=activities,
    )
    editor = login(browser, world, "redacteur")
    editor.goto(change_url(world, concept))
    # The unit picker searches and answers in Dutch.
    editor.locator(".field-unit .select2-selection").click()
    editor.locator(".select2-search__field").fill("bestaat niet")
    expect(editor.locator(".select2-results")).to_have_text("Geen resultaten gevonden…")
    editor.keyboard.press("Escape")
    editor.locator("#id_goal").fill("Nieuw doel.")
    editor.locator("#id_audience").fill("Ouders en verzorgers van jonge kinderen.")
    editor.get_by_role("button", name="Opslaan en opnieuw bewerken").first.click()
    shows(editor, "is met succes gewijzigd")
    concept.refresh_from_db()
    assert (concept.goal, concept.activities, concept.version) == ("Nieuw doel.", activities, 2)

    # The versions page opens on the last two versions that differ: the two edited sections, not the
    # untouched list under "Inhoud" that the browser sent back with CRLF line endings.
    editor.get_by_role("link", name="Versies en verschillen").click()
    assert editor.locator("section.diff h3").all_inner_texts() == ["Doelstelling", "Doelgroep"]
    goal, audience = editor.locator("section.diff").all()
    assert (goal.locator("del").all_inner_texts(), goal.locator("ins").all_inner_texts()) == (["Oud"], ["Nieuw"])
    assert [text.strip() for text in audience.locator("ins").all_inner_texts()] == ["en verzorgers"]

    editor.get_by_role("button", name=re.compile(r"^Zet de versie van .* terug$")).click()
    shows(editor, "De eerdere versie is teruggezet")
    concept.refresh_from_db()
    assert (concept.goal, concept.audience, concept.activities) == (
        "Oud doel.",
        "Ouders van jonge kinderen.",
        activities,
    )
    assert (concept.version, concept.status, concept.last_edited_by.username) == (3, Status.CONCEPT, "redacteur")
    restore = concept.history.order_by("-history_date", "-history_id").first()
    assert restore.history_change_reason.startswith("Hersteld naar de versie van ")
    assert restore.history_user.username == "redacteur"

    # The restore is a version of its own, with its reason, and the diff now shows it.
    editor.get_by_role("link", name="Versies en verschillen").click()
    newest = editor.locator("#content tbody tr").first.inner_text()
    assert "redacteur" in newest and restore.history_change_reason in newest
    assert editor.locator("section.diff h3").all_inner_texts() == ["Doelstelling", "Doelgroep"]
    editor.context.close()


def test_a_concept_previewed_as_its_page_and_its_book_stays_hidden_from_visitors(browser, world):
    a = world["a"]
    slug = a.published.slug
    next_year = EditionFactory(organisation=a.organisation, year=2027, state=Edition.State.CONCEPT)
    concept = ProductFactory(
        organisation=a.organisation,
        edition=next_year,
        unit=a.unit,
        title=a.published.title,
        slug=slug,
        goal="Vanaf 2027 ook in de kleine kernen.",
        status=Status.CONCEPT,
    )
    editor = login(browser, world, "redacteur")
    editor.goto(change_url(world, concept))

    editor.get_by_role("link", name="Voorbeeld op de website").click()
    editor.wait_for_url(re.compile(rf"/beheer/services/product/{concept.pk}/voorbeeld/$"))
    assert editor.title().startswith("Voorbeeld: ")
    assert editor.get_by_role("status").inner_text().startswith("Voorbeeld (concept).")
    assert "Vanaf 2027 ook in de kleine kernen." in editor.locator("main").inner_text()

    editor.go_back()
    with editor.expect_download(timeout=60_000) as started:
        editor.get_by_role("link", name="Voorbeeld als boek (PDF)").click()
    download = started.value
    assert download.suggested_filename.endswith("-voorbeeld.pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "CONCEPT" in text and "Vanaf 2027 ook in de kleine kernen." in text
    render = BookRender.objects.get(product=concept)
    assert (render.preview, render.state, render.year) == (True, BookRender.State.READY, 2027)
    concept.refresh_from_db()
    assert (concept.status, concept.version) == (Status.CONCEPT, 1)  # a preview changes nothing
    editor.context.close()

    # A visitor: the published 2026 text, no concept anywhere.
    visitor = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    page_2026 = visitor.goto(f"{world['url']}/producten/{a.organisation.slug}/{slug}/")
    assert page_2026.status == 200 and "Gezonde kinderen in de hele regio." in visitor.locator("main").inner_text()
    assert "kleine kernen" not in visitor.content()
    page_2027 = visitor.goto(f"{world['url']}/producten/{a.organisation.slug}/{slug}/?jaar=2027")
    assert page_2027.status == 404 and "kleine kernen" not in visitor.content()
    for preview in (f"/beheer/services/product/{concept.pk}/voorbeeld/", f"/boeken/voorbeeld/product/{concept.pk}.pdf"):
        visitor.goto(world["url"] + preview)
        assert "/beheer/login/" in visitor.url and "kleine kernen" not in visitor.content()
    assert BookRender.objects.filter(product=concept).count() == 1
    visitor.context.close()


def test_staff_of_another_organisation_cannot_open_any_of_it(browser, world):
    a = world["a"]
    outsider = login(browser, world, "buitenstaander")
    outsider.goto(change_url(world, a.published))  # the admin sends unknown objects back to the start page
    shows(outsider, "bestaat niet")
    assert outsider.url.endswith("/beheer/")
    assert a.published.title not in outsider.locator("#content").inner_text()
    for path in ("versies/", "voorbeeld/"):
        response = outsider.goto(f"{world['url']}/beheer/services/product/{a.published.pk}/{path}")
        assert response.status == 404
    assert outsider.request.get(f"{world['url']}/boeken/voorbeeld/product/{a.published.pk}.pdf").status == 404
    response = outsider.request.post(f"{world['url']}/beheer/services/product/{a.published.pk}/bewerken/")
    assert response.status in (403, 404)
    assert a.published.title not in outsider.goto(world["url"] + "/beheer/services/product/").text()
    assert not Product.objects.filter(draft_of=a.published).exists()
    outsider.context.close()


def test_an_uptake_row_changed_on_its_own_screen_is_an_edit_of_the_product_and_needs_other_eyes(browser, world):
    """The side-step of issue #11: an editor who reviews changes someone else's submitted product through the
    separate uptake screen, then tries to approve it."""
    from editorial.history import product_versions
    from editorial.operations import products as editing
    from municipalities.models import Uptake

    a = world["a"]
    concept = new_concept(world, title="Afname apart", slug="afname-apart", goal="Doel.")
    row = Uptake.objects.create(product=concept, municipality=a.member, note="")
    colleague = user_with(EDITOR, a.organisation, username="collega")
    concept = editing.submit_for_review(user=colleague, product=concept, expected_version=concept.version)
    version = concept.version

    editor = login(browser, world, "redacteur")
    editor.goto(f"{world['url']}/beheer/municipalities/uptake/{row.pk}/change/")
    assert editor.locator('input[name="expected_version"]').get_attribute("value") == str(version)
    editor.locator("#id_note").fill("alleen in 2026")
    editor.get_by_role("button", name="Opslaan", exact=True).first.click()
    shows(editor, "is met succes gewijzigd")
    concept.refresh_from_db()
    assert (concept.status, concept.version, concept.last_edited_by.username) == (
        Status.CONCEPT,
        version + 1,
        "redacteur",
    )
    assert product_versions(concept).first().relations["uptake"][0]["note"] == "alleen in 2026"

    # Submitted again, it waits for someone else: the editor's own approval is refused.
    editor.goto(change_url(world, concept))
    editor.get_by_role("button", name="Indienen ter beoordeling").click()
    shows(editor, "ingediend ter beoordeling")
    editor.get_by_role("button", name="Goedkeuren en publiceren").click()
    shows(editor, "vier-ogenprincipe")
    concept.refresh_from_db()
    assert concept.status == Status.IN_REVIEW
    editor.context.close()


def test_two_reviewers_who_click_approve_on_the_same_concept_copy_get_one_publication_and_one_message(
    browser,
    world,
):
    a = world["a"]
    from editorial.operations import products as editing

    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.CONCEPT)
    draft = editing.update_product(
        user=world["redacteur"], product=a.published, expected_version=a.published.version, changes={"goal": "Nieuw."}
    )
    editing.submit_for_review(user=world["redacteur"], product=draft, expected_version=draft.version)
    second_reviewer = user_with(REVIEWER, a.organisation, username="beoordelaar2")
    first, second = login(browser, world, "beoordelaar"), login(browser, world, second_reviewer.username)
    for page in (first, second):
        page.goto(change_url(world, draft))
    first.get_by_role("button", name="Goedkeuren en publiceren").click()
    shows(first, "Goedgekeurd en gepubliceerd.")
    second.get_by_role("button", name="Goedkeuren en publiceren").click()
    shows(second, "een collega heeft het intussen goedgekeurd")
    a.published.refresh_from_db()
    assert a.published.goal == "Nieuw." and not Product.objects.filter(draft_of=a.published).exists()
    first.context.close()
    second.context.close()
