"""The RVP's vaccination table and an umbrella's introduction as a reader sees them, in Debian's Chromium."""

import pytest
from django.core.management import call_command

from tests.browser import CHROMIUM, DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]


@pytest.fixture
def shipped_site(live_server, transactional_db):
    call_command("load_catalogue", verbosity=0)
    return live_server.url


@pytest.fixture
def page(browser, shipped_site):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_rvp_page_shows_its_vaccinations_as_a_table_and_a_part_shows_its_umbrella(page, shipped_site):
    page.goto(f"{shipped_site}/producten/cjg-rijnmond/rijksvaccinatieprogramma/")
    table = page.get_by_role("table").filter(has_text="Vaccinatietype")
    assert table.get_by_role("columnheader").all_inner_texts() == [
        "Vaccinatietype",
        "Vaccinatieleeftijd",
        "Aantal vaccinaties",
    ]
    hpv = table.get_by_role("row").filter(has_text="HPV")
    assert hpv.get_by_role("cell").all_inner_texts() == ["10 jaar", "2"]
    assert page.get_by_text("* Optioneel: afhankelijk van de vaccinatie van de moeder.").is_visible()

    page.goto(f"{shipped_site}/producten/cjg-rijnmond/pedagoog/")
    umbrella = page.locator("#onderdeel-van")
    assert umbrella.get_by_role("heading").inner_text() == "Onderdeel van Opvoedondersteuning"
    assert page.get_by_text("Orthopedagogen en pedagogen bieden opvoedondersteuning.").count() == 1
    umbrella.get_by_role("link", name="Opvoedondersteuning").click()
    page.wait_for_url("**/producten/cjg-rijnmond/opvoedondersteuning/")
    parts = page.locator("#onderdelen").get_by_role("link").all_inner_texts()
    assert parts == ["Pedagoog", "Orthopedagoog"]
