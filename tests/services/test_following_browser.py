"""Issue #13 in a real Chromium (Debian's, driven by Playwright), at desktop and phone widths:
following changes (Atom feeds, the changes page), whom to ask (a unit's general contact entered in the
admin), a catalogue page that prints every result, and the comparison as a PDF. axe-core checks each page.
"""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from services.models import Edition, Product
from tests.browser import CHROMIUM, DESKTOP, PHONE
from tests.editorial.test_staff_browser import PASSWORD
from tests.factories import ProductFactory
from tests.pdf_checks import normalise
from tests.services.test_public_browser import site  # noqa: F401 (fixture)
from tests.workflow import ADMINISTRATOR, make_catalogue, user_with

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

ATOM = "{http://www.w3.org/2005/Atom}"
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])


def new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['target']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@VIEWPORTS
def test_an_officer_follows_what_changes_for_their_municipality(browser, site, viewport):  # noqa: F811
    page = new_page(browser, viewport)
    page.goto(f"{site}/gemeenten/GM0546/")
    announced = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert announced.get_attribute("href") == "/gemeenten/GM0546/wijzigingen.atom"
    link = page.get_by_role("link", name="Volg wijzigingen voor Leiden (Atom-feed)")
    assert link.is_visible() and fits(page)
    assert serious_violations(page) == []

    feed = page.request.get(site + link.get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.body()).findall(f"{ATOM}entry")
    first = entries[0]
    assert first.find(f"{ATOM}title").text.startswith("GGD Testregio 2026:")
    assert "neemt niet meer af: Tuberculosebestrijding" in first.find(f"{ATOM}summary").text

    # The entry leads to the edition's changes page, readable on a phone.
    page.goto(first.find(f"{ATOM}link").get("href").replace("http://testserver", site))
    assert page.get_by_role("heading", level=1, name="Wat is er veranderd in 2026?").is_visible()
    row = page.get_by_role("row").filter(has_text="Leiden")
    assert "Tuberculosebestrijding" in row.inner_text()
    assert fits(page)
    assert serious_violations(page) == []
    page.context.close()


@VIEWPORTS
def test_an_organisations_first_edition_is_new_in_the_catalogue_and_its_page_links_its_feed(
    browser,
    site,  # noqa: F811
    viewport,
):
    page = new_page(browser, viewport)
    page.goto(f"{site}/organisaties/cjg-testmond/")
    assert page.get_by_role("link", name="Volg wijzigingen bij CJG Testmond (Atom-feed)").is_visible()
    page.get_by_role("link", name="Wat is er veranderd in 2026?").click()
    page.wait_for_url("**/organisaties/cjg-testmond/wijzigingen/2026/")
    assert page.get_by_role("heading", level=2, name="Nieuw in de catalogus").is_visible()
    assert "zijn nieuw" in page.locator("main").inner_text()
    assert fits(page) and serious_violations(page) == []
    page.goto(f"{site}/wetten/wet-publieke-gezondheid/")
    assert page.get_by_role("link", name="Volg wijzigingen (Atom-feed)").is_visible()
    assert page.get_by_role("link", name="Download als CSV (Excel)").is_visible()
    assert fits(page) and serious_violations(page) == []
    page.context.close()


@VIEWPORTS
def test_a_catalogue_page_prints_every_result_or_says_where_the_rest_is(browser, site, viewport):  # noqa: F811
    from tests.catalogue_data import YEAR

    edition = Edition.objects.get(organisation__slug="ggd-testregio", year=YEAR)
    for number in range(25):
        ProductFactory(organisation=edition.organisation, edition=edition, title=f"Extra product {number:02d}")
    total = Product.objects.public().filter(edition__year=YEAR).count()
    page = new_page(browser, viewport)
    page.goto(f"{site}/producten/")
    assert page.locator(".card").count() == 20
    assert not page.locator(".print-note").is_visible()  # said on paper only
    page.emulate_media(media="print")
    note = page.locator(".print-note")
    assert note.is_visible() and f"1–20 van {total}" in note.inner_text()
    assert not page.locator(".pagination").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name=f"Alle {total} producten op één pagina (om af te drukken)").click()
    page.wait_for_url("**toon=alle**")
    assert page.locator(".card").count() == total
    assert fits(page) and serious_violations(page) == []
    page.emulate_media(media="print")
    assert not page.locator(".print-note").is_visible()
    assert all(card.is_visible() for card in page.locator(".card").all())
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.context.close()


@VIEWPORTS
def test_the_comparison_downloads_as_a_pdf_with_names(browser, site, viewport):  # noqa: F811
    page = new_page(browser, viewport)
    page.goto(f"{site}/gemeenten/vergelijk/?gemeente=GM0513&gemeente=GM0546&verschillen=1")
    link = page.get_by_role("link", name="Download als PDF (om af te drukken), alleen de verschillen")
    assert link.is_visible() and fits(page)
    assert serious_violations(page) == []
    response = page.request.get(site + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages))
    assert "Vergelijking Gouda en Leiden 2026" in text and "GM0513" not in text
    page.context.close()


@pytest.fixture
def staffed(live_server, transactional_db):
    a = make_catalogue("a", year=2026)
    Product.objects.filter(pk=a.concept.pk).delete()
    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.PUBLISHED)
    user_with(ADMINISTRATOR, a.organisation, username="beheerder")
    return {"url": live_server.url, "a": a}


def test_an_administrator_enters_a_units_general_contact_and_visitors_see_it(browser, staffed):
    a = staffed["a"]
    page = new_page(browser, DESKTOP)
    page.goto(staffed["url"] + "/beheer/")
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/beheer/$"))
    page.goto(f"{staffed['url']}/beheer/services/unit/{a.unit.pk}/change/")
    page.get_by_label("Algemeen contact van de eenheid").fill(
        "- E-mail: jeugd@voorbeeld-ggd.nl\n- Telefoon: 088 - 12 34 567"
    )
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url(re.compile(r"/beheer/services/unit/$"))
    assert "jeugd@voorbeeld-ggd.nl" in a.unit.__class__.objects.get(pk=a.unit.pk).general_contact
    page.context.close()

    for viewport in (DESKTOP, PHONE):
        visitor = new_page(browser, viewport)
        visitor.goto(staffed["url"] + a.published.get_absolute_url())
        contact = visitor.locator("#contact")
        assert contact.get_by_role("heading", name="Contact").is_visible()
        assert "Dit product noemt geen eigen contact" in contact.inner_text()
        assert "jeugd@voorbeeld-ggd.nl" in contact.inner_text() and "088 - 12 34 567" in contact.inner_text()
        assert fits(visitor) and serious_violations(visitor) == []
        visitor.context.close()


BROKEN_WORDS = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('h1, h2, h3, .card__title, .table th[scope=row]')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A word: letters between spaces or hyphens (a line may break after the hyphen of "Wijk-GGD").
      for (const m of node.data.matchAll(/[^\\s\\-\u2010\u2013]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def shipped_site(live_server, transactional_db):
    from django.core.management import call_command

    call_command("load_catalogue", verbosity=0)
    return live_server.url


def test_on_a_phone_titles_wrap_between_words_and_tables_are_lists(browser, shipped_site):
    page = new_page(browser, PHONE)
    for path in (
        "/wetten/",
        "/organisaties/hecht/",
        "/producten/?organisatie=hecht&toon=alle",
        "/producten/hecht/vaccinatiecampagnes-covid-19/",
        "/gemeenten/",
    ):
        page.goto(shipped_site + path)
        assert fits(page), path
        assert page.evaluate(BROKEN_WORDS) == [], path
    page.goto(shipped_site + "/wetten/")
    cell = page.locator(".table tbody tr").first.locator("td").nth(1)
    assert page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle()) == '"Producten: "'
    page.context.close()
