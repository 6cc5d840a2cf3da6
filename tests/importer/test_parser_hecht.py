"""The parser for Hecht's product book, run on the real 2026 book (seed 000) and on damaged copies of it."""

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from importer.laws import LAWS_BY_SLUG
from importer.parsers import parse_book
from importer.parsers.base import ParsedBook, ParsedProduct, ParseError
from importer.parsers.hecht import MUNICIPALITIES, parse
from services.models import Commissioning
from tests.conftest import CJG_BOOK, seed_path

pytestmark = pytest.mark.seeds

# Every product of the 2026 book in book order: title, RVE, tiers. Established by reading the book.
BOOK_2026 = [
    ("Hecht Crisisplan Publieke Gezondheid", "concernstaf", ["1"]),
    ("Hecht Calamiteitenteam", "concernstaf", ["2a"]),
    ("Zorg voor Oekraïense vluchtelingen", "concernstaf", ["2a"]),
    ("Vaccinatiecampagnes Covid-19", "coronabestrijding", ["1"]),
    ("Epidemiologie: Groepsgerichte monitoring", "gezondheidsbevordering-en-onderzoek", ["1"]),
    ("Advisering Publieke Gezondheid", "gezondheidsbevordering-en-onderzoek", ["1"]),
    ("Gezondheidsbevordering 0-100", "gezondheidsbevordering-en-onderzoek", ["1"]),
    ("Kennisontwikkeling en Implementatie", "gezondheidsbevordering-en-onderzoek", ["1"]),
    ("Websites en sociale media CJG", "gezondheidsbevordering-en-onderzoek", ["2a"]),
    ("Verslavingspreventie", "gezondheidsbevordering-en-onderzoek", ["2b"]),
    ("Cursusbureau Centrum voor Jeugd en Gezin", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Groepsvoorlichting opvoedingsondersteuning", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Coördinatie CJG-Dienstverlening", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Flexibel Budget Gezondheidsbevordering", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Verslavingspreventie Katwijk", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Weerbaarheidstrainingen", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Monitor Maatschappelijke Zorg", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Overige projecten GBO in opdracht van gemeenten", "gezondheidsbevordering-en-onderzoek", ["3"]),
    ("Groepsvoorlichting Publieke gezondheid voor asielzoekers", "gezondheidsbevordering-en-onderzoek", ["4"]),
    (
        "Sociale Veiligheid (Traject t.b.v. sociale veiligheidsbeleid op scholen)",
        "gezondheidsbevordering-en-onderzoek",
        ["4"],
    ),
    ("Academische werkplaats publieke gezondheid Lumens", "gezondheidsbevordering-en-onderzoek", ["4"]),
    ("Overige projecten kennisontwikkeling en implementatie", "gezondheidsbevordering-en-onderzoek", ["4"]),
    ("Infectieziektebestrijding", "gezondheidsbescherming-en-toezicht", ["1"]),
    ("Seksuele gezondheid: Collectieve preventieactiviteiten", "gezondheidsbescherming-en-toezicht", ["1"]),
    ("Tuberculosebestrijding", "gezondheidsbescherming-en-toezicht", ["1"]),
    ("Medische Milieukunde", "gezondheidsbescherming-en-toezicht", ["1"]),
    ("Technische hygiënezorg", "gezondheidsbescherming-en-toezicht", ["1"]),
    ("Inspectie Kinderopvang", "gezondheidsbescherming-en-toezicht", ["1"]),
    (
        "Seksuele gezondheid: Aanvullende Seksuele Gezondheidszorg, PrEP en Hepatitis-B vaccinatiecampagne",
        "gezondheidsbescherming-en-toezicht",
        ["1"],
    ),
    ("Lijkschouw", "gezondheidsbescherming-en-toezicht", ["2a"]),
    ("Toezicht Wet Maatschappelijke Ondersteuning", "gezondheidsbescherming-en-toezicht", ["2b"]),
    ("Programma Nu Niet Zwanger", "gezondheidsbescherming-en-toezicht", ["3"]),
    ("AMR Zorgnetwerk Holland West", "gezondheidsbescherming-en-toezicht", ["4"]),
    ("Technische hygiënezorg derden", "gezondheidsbescherming-en-toezicht", ["4"]),
    ("Forensische geneeskunde", "gezondheidsbescherming-en-toezicht", ["4"]),
    ("Reizigerszorg", "gezondheidsbescherming-en-toezicht", ["4"]),
    ("Groeps- en beroepsvaccinaties", "gezondheidsbescherming-en-toezicht", ["4"]),
    ("Publieke gezondheid voor asielzoekers", "gezondheidsbescherming-en-toezicht", ["4"]),
    ("Prenatale voorlichting en zorg", "jeugdgezondheidszorg", ["2a"]),
    ("JGZ -9mnd - 18 jaar", "jeugdgezondheidszorg", ["2a"]),
    ("Rijksvaccinatieprogramma", "jeugdgezondheidszorg", ["2a"]),
    ("(Prenataal) Stevig Ouderschap", "jeugdgezondheidszorg", ["2a", "3"]),
    ("CJG advies en telefonie", "jeugdgezondheidszorg", ["2a"]),
    ("Klant Contact Centrum", "jeugdgezondheidszorg", ["3"]),
    ("De Pedagogisch adviseur", "jeugdgezondheidszorg", ["3"]),
    ("Basispreventie flexibel budget", "jeugdgezondheidszorg", ["3"]),
    ("Integrale vroeghulp", "jeugdgezondheidszorg", ["3"]),
    ("Gezinsverpleegkundige", "jeugdgezondheidszorg", ["3"]),
    ("Preventieve Logopedische Zorg", "jeugdgezondheidszorg", ["3"]),
    ("JGZ Advisering m.b.t. vrijstelling van leerplicht", "jeugdgezondheidszorg", ["3"]),
    ("Voor- en vroegschoolse educatie op Tijd", "jeugdgezondheidszorg", ["3"]),
    ("18 maanden contactmoment", "jeugdgezondheidszorg", ["3"]),
    ("Huisvesting(slasten) JGZ", "jeugdgezondheidszorg", ["3"]),
    ("Groei- en Ontwikkelingspoli", "jeugdgezondheidszorg", ["3"]),
    ("Opleiding Arts Maatschappij en Gezondheid (M+G)", "jeugdgezondheidszorg", ["4"]),
    ("Externe vertrouwenspersoon scholen", "jeugdgezondheidszorg", ["4"]),
    ("Preventie en schoolverzuim mbo", "jeugdgezondheidszorg", ["4"]),
    ("Publieke gezondheid voor asielzoekers", "jeugdgezondheidszorg", ["4"]),
    ("Regionale Ambulancezorgvoorziening Hollands Midden", "regionale-ambulancezorgvoorziening", ["2a"]),
    ("Meldpunt Zorg en Overlast", "zorg-en-veiligheidshuis", ["2a"]),
    (
        "Kassiersfuncties Khonraad (Wet verplichte geestelijke gezondheidszorg en Wet Tijdelijk Huisverbod)",
        "zorg-en-veiligheidshuis",
        ["2a"],
    ),
    ("Kassiersfuncties Aanpak slachtoffers mensenhandel", "zorg-en-veiligheidshuis", ["2a"]),
    ("Veilig Thuis", "zorg-en-veiligheidshuis", ["2a"]),
    ("Veiligheidshuis", "zorg-en-veiligheidshuis", ["2a"]),
    ("Jeugd Preventie Team", "zorg-en-veiligheidshuis", ["2a"]),
    ("Crisis Interventie Team", "zorg-en-veiligheidshuis", ["2a"]),
    ("Meldpunt Zorg en Overlast: De Wijk-GGD", "zorg-en-veiligheidshuis", ["3"]),
]

UNITS = [
    ("Concernstaf", "concernstaf", 3),
    ("Coronabestrijding", "coronabestrijding", 1),
    ("Gezondheidsbevordering en onderzoek", "gezondheidsbevordering-en-onderzoek", 18),
    ("Gezondheidsbescherming en Toezicht", "gezondheidsbescherming-en-toezicht", 16),
    ("Jeugdgezondheidszorg", "jeugdgezondheidszorg", 20),
    # Names as the book's headings (lines 3443-3446, 3546); slugs unchanged, so URLs stay stable.
    ("Regionale Ambulancezorgvoorziening Hollands Midden", "regionale-ambulancezorgvoorziening", 1),
    ("Het Zorg- en Veiligheidshuis", "zorg-en-veiligheidshuis", 8),
]

# Products per tier; "(Prenataal) Stevig Ouderschap schil 2 en 3" counts in 2a and in 3.
PRODUCTS_PER_TIER = {"1": 13, "2a": 17, "2b": 2, "3": 22, "4": 14}

SECTIONS = ("goal", "audience", "legal_text", "activities", "rationale", "result")


@cache
def _parse_file(path: Path) -> ParsedBook:
    return parse(path.read_text(encoding="utf-8"), year=2026)


@pytest.fixture
def book(hecht_book: Path) -> ParsedBook:
    return _parse_file(hecht_book)


@pytest.fixture
def lines(hecht_book: Path) -> list[str]:
    return hecht_book.read_text(encoding="utf-8").split("\n")


def product(book: ParsedBook, title: str, unit: str = "") -> ParsedProduct:
    found = [p for p in book.products if p.title == title and (not unit or p.unit == unit)]
    assert len(found) == 1, f"{title!r}: {len(found)} producten"
    return found[0]


def print_summary(book: ParsedBook) -> None:
    """The table to eyeball against the book while developing (shown with pytest -s)."""
    for unit in book.units:
        print(f"\n{unit.name}")
        for p in (p for p in book.products if p.unit == unit.slug):
            laws = ", ".join(f"{law.framework} {law.article}".strip() for law in p.laws)
            print(f"  {p.order:2} {'+'.join(p.tiers):5} {p.title}  [{laws}]")


# --- the whole book ------------------------------------------------------------------------------


def test_every_product_is_found_once_in_book_order_with_its_unit_and_tiers(book):
    print_summary(book)
    assert [(p.title, p.unit, p.tiers) for p in book.products] == BOOK_2026
    assert [p.order for p in book.products] == list(range(1, 68))


def test_the_seven_rves_come_in_book_order_with_their_products(book):
    assert [(u.name, u.slug, u.order) for u in book.units] == [
        (name, slug, order) for order, (name, slug, _count) in enumerate(UNITS, start=1)
    ]
    counts = Counter(p.unit for p in book.products)
    assert {slug: counts[slug] for _name, slug, _count in UNITS} == {slug: count for _name, slug, count in UNITS}
    assert sum(counts.values()) == 67


def test_products_per_tier(book):
    assert Counter(code for p in book.products for code in p.tiers) == PRODUCTS_PER_TIER


def test_slugs_are_unique_and_only_one_title_repeats_across_units(book):
    slugs = [p.slug for p in book.products]
    assert len(set(slugs)) == 67
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and len(slug) <= 120 for slug in slugs)
    repeated = [title for title, count in Counter(p.title for p in book.products).items() if count > 1]
    assert repeated == ["Publieke gezondheid voor asielzoekers"]
    assert {p.slug for p in book.products if p.title == repeated[0]} == {
        "publieke-gezondheid-voor-asielzoekers",
        "publieke-gezondheid-voor-asielzoekers-jeugdgezondheidszorg",
    }


def test_titles_lose_their_tier_suffix_and_keep_their_own_words(book):
    assert not [p.title for p in book.products if re.search(r"schil|\s{2}|^\s|\s$", p.title, re.IGNORECASE)]
    assert product(book, "JGZ -9mnd - 18 jaar").line == 2406


def test_product_line_points_at_its_title(book, lines):
    for p in book.products:
        assert p.title.split()[0] in lines[p.line - 1], p.title


def test_organisation_and_edition(book):
    organisation = book.organisation
    assert (organisation.name, organisation.short_name, organisation.slug) == (
        "Hecht GGD Hollands Midden",
        "Hecht",
        "hecht",
    )
    assert (organisation.kind, organisation.region, organisation.website) == ("ggd", "hollands-midden", "")
    assert book.edition_title == "Taken en diensten per januari 2026"
    assert organisation.headings == {
        "goal": "Wat willen we bereiken?",
        "audience": "Voor wie doen we het?",
        "legal": "Wat is het wettelijk kader hiervoor?",
        "activities": "Wat gaan we daarvoor doen?",
        "rationale": "Waarom gaan we dit doen?",
        "result": "Welk resultaat levert dit op?",
        "professionals": "Wie voeren het uit?",
    }


def test_introduction_is_the_inleiding_without_the_organogram(book):
    paragraphs = book.organisation.introduction.split("\n\n")
    assert paragraphs[0] == "In dit overzicht staan de taken en diensten van Hecht per januari 2026."
    assert len(paragraphs) == 5
    assert paragraphs[-1].endswith("passende afspraken gemaakt over resultaten en kostendekkende financiering.")
    assert "Algemeen Bestuur" not in book.organisation.introduction


def test_tiers_come_from_the_books_explanation(book):
    tiers = {tier.code: tier for tier in book.tiers}
    assert [(t.code, t.name, t.order) for t in book.tiers] == [
        ("1", "Schil 1", 1),
        ("2a", "Schil 2a", 2),
        ("2b", "Schil 2b", 3),
        ("3", "Schil 3", 4),
        ("4", "Schil 4", 5),
    ]
    assert tiers["1"].definition == "Hierin zitten de taken die gemeenten door hun GGD moeten laten uitvoeren."
    assert tiers["2a"].definition == "Wettelijk verplichte taak gemeente en GR. Voor alle gemeenten gezamenlijk."
    assert tiers["2b"].definition == "Wettelijk verplichte taak gemeente en GR. Voor gemeenten (niet gezamenlijk)."
    assert tiers["4"].definition == "Dienst voor andere opdrachtgevers."
    assert [t.statutory for t in book.tiers] == [True, True, True, False, False]
    assert [t.commissioning for t in book.tiers] == [
        Commissioning.ALL_MEMBERS,
        Commissioning.ALL_MEMBERS,
        Commissioning.INDIVIDUAL,
        Commissioning.INDIVIDUAL,
        Commissioning.OTHER_CLIENTS,
    ]


def test_only_coronabestrijding_has_an_rve_introduction(book):
    introductions = {unit.slug: unit.introduction for unit in book.units if unit.introduction}
    assert introductions == {
        "coronabestrijding": "De RVE Coronabestrijding houdt zich bezig met de vaccinatiecampagne Covid-19."
    }


def test_parse_book_dispatches_to_this_parser(hecht_book):
    book = parse_book(hecht_book.read_text(encoding="utf-8"), "hecht", year=2026)
    assert len(book.products) == 67


# --- sections ------------------------------------------------------------------------------------


def test_a_product_gets_its_six_sections_in_the_text_convention(book):
    crisisplan = product(book, "Hecht Crisisplan Publieke Gezondheid")
    assert crisisplan.goal == (
        "Tijdens een kleine of grote crisis of ramp willen we zorgdragen voor de bescherming en bewaking van de "
        "publieke gezondheid van mensen, in nauwe samenwerking en afstemming met ketenpartners."
    )
    assert crisisplan.summary == crisisplan.goal
    assert crisisplan.audience.split("\n") == [
        "- Inwoners en passanten van de gemeenten in regio Hollands Midden;",
        "- Organisaties waarmee ten tijde van crisis nauw wordt samengewerkt, zoals ziekenhuizen, Maatschappelijke "
        "en Geestelijke Gezondheidszorg (MGGZ), Bureau Slachtofferhulp en Omgevingsdiensten;",
        "- Overige organisaties die door het incident/de crisis betrokken raken zoals bijvoorbeeld scholen, "
        "wijkcentra, kerken.",
    ]
    assert crisisplan.legal_text == "Wet publieke gezondheid\n\nWet op de Veiligheidsregio’s"
    assert crisisplan.activities.startswith("We voeren deze taak uit op basis van het Crisisplan Publieke Gezondheid.")
    assert crisisplan.result.endswith("tot onze bijdrage aan de COVID-19 bestrijding.")
    assert crisisplan.rationale.startswith("Dit plan dient als een gestructureerd kader")
    assert crisisplan.professionals == ""


def test_sub_bullets_become_nested_items(book):
    activities = product(book, "Zorg voor Oekraïense vluchtelingen").activities
    assert (
        "- Het geven van cultuur sensitieve voorlichtingspresentaties, bijvoorbeeld:\n"
        "  - Hoe werkt het Nederlandse Gezondheidssysteem\n"
        "  - Wat kun je doen aan zelfzorg\n"
    ) in activities


def test_words_split_over_lines_are_joined_and_others_kept_apart(book):
    text = "\n".join(getattr(p, name) for p in book.products for name in SECTIONS)
    for joined in ("Gezondheidsbevordering structureel", "Gezondheidsraadrichtlijn", "geïmplementeerd"):
        assert joined in text
    for kept in ("regionale bijeenkomsten", "CJG-coördinator", "VVE-indicatie", "jeugdverpleegkundigen"):
        assert kept in text
    assert "Gezondheids bevordering" not in text


def test_no_section_holds_running_heads_page_numbers_footnotes_or_pdf_glyphs(book):
    for p in book.products:
        for name in (*SECTIONS, "summary", "contacts"):
            text = getattr(p, name)
            assert "Productenboek" not in text, (p.title, name)
            assert "wetten.overheid.nl" not in text, (p.title, name)
            assert not re.search(r"[•➔\t\u00a0\ufffd]|\S {2}\S|\|\s+\d", text), (p.title, name)
            assert not re.search(r"^\s*\d{1,3}\s*$", text, re.MULTILINE), (p.title, name)
            assert not re.search(r"^ ?(Wat willen|Voor wie|Welk resultaat|Schil \d)", text, re.MULTILINE), (
                p.title,
                name,
            )


def test_headings_on_a_new_pdf_page_are_found(book):
    # " Welk resultaat levert het op?" opens a page right after the activities of Verslavingspreventie.
    verslavingspreventie = product(book, "Verslavingspreventie")
    assert verslavingspreventie.activities.endswith("tussen handhaving en regelgeving en preventieaanbod.")
    assert verslavingspreventie.result.startswith("- Meer Gezonde Scholen op thema alcohol, roken en drugs")


def test_a_title_glued_to_the_previous_product_starts_a_new_product(book):
    calamiteitenteam = product(book, "Hecht Calamiteitenteam")
    assert calamiteitenteam.rationale.endswith("zo beperkt mogelijk blijft.")
    assert "Oekraïense" not in calamiteitenteam.rationale
    assert product(book, "Zorg voor Oekraïense vluchtelingen").goal.startswith("Met aanvullende dienstverlening")


def test_a_heading_glued_onto_a_line_of_text_is_split_off(book, hecht_book):
    lines = hecht_book.read_text(encoding="utf-8").split("\n")
    assert lines[830] == "preventieaanbod." and lines[831] == " Welk resultaat levert het op?"
    lines[830:832] = ["preventieaanbod. Welk resultaat levert het op?", ""]
    glued = parse("\n".join(lines), year=2026)
    assert [(p.title, p.result, p.activities) for p in glued.products] == [
        (p.title, p.result, p.activities) for p in book.products
    ]


def test_a_title_glued_onto_the_last_line_of_the_previous_product_is_split_off(book, hecht_book):
    lines = hecht_book.read_text(encoding="utf-8").split("\n")
    assert lines[240] == " Zorg voor Oekraïense vluchtelingen (schil 2a)"
    lines[239:241] = [lines[239] + " Zorg voor Oekraïense vluchtelingen (schil 2a)", ""]
    glued = parse("\n".join(lines), year=2026)
    assert [(p.title, p.tiers, p.rationale, p.goal) for p in glued.products] == [
        (p.title, p.tiers, p.rationale, p.goal) for p in book.products
    ]


def test_a_product_opening_with_the_wrong_heading_gets_its_goal(book):
    prenataal = product(book, "Prenatale voorlichting en zorg")
    assert prenataal.goal.startswith("Door vroegtijdige voorlichting, ondersteuning en zorg te bieden")
    assert prenataal.result.startswith("Prenatale voorlichting werkt preventief.")
    assert all(getattr(prenataal, name) for name in SECTIONS)


def test_a_lead_before_the_first_heading_opens_the_goal(book):
    jgz = product(book, "JGZ -9mnd - 18 jaar")
    assert jgz.goal.startswith(
        "Deze omschrijving omvat de gehele Jeugdgezondheidszorg (JGZ) vanaf -9 maanden tot 18 jaar, inclusief "
        "extra zorg voor risico jeugdigen.\n\nHet gezond, veilig en kansrijk opgroeien"
    )
    assert jgz.summary == (
        "Het gezond, veilig en kansrijk opgroeien van jeugdigen en het verkleinen van gezondheidsverschillen."
    )
    flexibel = product(book, "Flexibel Budget Gezondheidsbevordering")
    assert flexibel.goal.startswith("Gezondheidsbevordering 0-100 – collectieve preventie\n\nDe inzet is gericht")


def test_products_without_headings_keep_their_description_as_goal(book):
    khonraad = product(
        book, "Kassiersfuncties Khonraad (Wet verplichte geestelijke gezondheidszorg en Wet Tijdelijk Huisverbod)"
    )
    assert khonraad.goal.endswith("Hecht vervult de kassiersfunctie voor de 18 gemeenten in Hollands Midden.")
    assert khonraad.summary.startswith("De firma Khonraad biedt de ondersteunende applicatie")
    assert not any(getattr(khonraad, name) for name in SECTIONS if name != "goal")
    mensenhandel = product(book, "Kassiersfuncties Aanpak slachtoffers mensenhandel")
    assert mensenhandel.goal.startswith("De regio Hollands Midden heeft voor de aanpak van slachtoffers mensenhandel")


def test_the_repeated_meldpunt_title_gives_two_products(book):
    meldpunt = product(book, "Meldpunt Zorg en Overlast")
    wijk = product(book, "Meldpunt Zorg en Overlast: De Wijk-GGD")
    assert (meldpunt.slug, meldpunt.tiers) == ("meldpunt-zorg-en-overlast", ["2a"])
    assert (wijk.slug, wijk.tiers) == ("meldpunt-zorg-en-overlast-de-wijk-ggd", ["3"])
    # The "Schil 3" heading sits in the middle of the Wijk-GGD text in the extraction; the result
    # section after it still belongs to the product.
    assert wijk.result.startswith("- Verbeterde samenwerking in de keten")
    assert wijk.activities.endswith("wijk- en acute psychiatrie in het werkgebied.")


def test_summaries_are_the_first_sentence_of_the_goal(book):
    for p in book.products:
        assert p.summary, p.title
        assert len(p.summary) <= 400
    assert product(book, "Lijkschouw").summary == (
        "Uitvoering geven aan de taak van lijkschouw in opdracht van de gemeente en het openbaar ministerie."
    )
    assert product(book, "Cursusbureau Centrum voor Jeugd en Gezin").summary == (
        "Het bieden van praktische ondersteuning bij de organisatie van groepsaanbod vanuit het CJG."
    )


# --- laws, ages, contacts, municipalities --------------------------------------------------------


def laws_of(book: ParsedBook, title: str, unit: str = "") -> list[tuple[str, str]]:
    return [(law.framework, law.article) for law in product(book, title, unit).laws]


def test_laws_with_their_articles(book):
    assert laws_of(book, "Prenatale voorlichting en zorg") == [("wet-publieke-gezondheid", "artikel 2h")]
    assert laws_of(book, "Rijksvaccinatieprogramma") == [("wet-publieke-gezondheid", "artikel 6b")]
    assert laws_of(book, "Medische Milieukunde") == [("wet-publieke-gezondheid", "artikel 2, lid 2 onder F")]
    assert laws_of(book, "JGZ -9mnd - 18 jaar") == [("wet-publieke-gezondheid", ""), ("jeugdwet", "")]
    assert laws_of(book, "(Prenataal) Stevig Ouderschap") == [("jeugdwet", "artikel 2.1")]
    assert laws_of(book, "Integrale vroeghulp") == [("jeugdwet", "artikel 2.1")]
    assert laws_of(book, "Lijkschouw") == [("wet-op-de-lijkbezorging", ""), ("wet-toetsing-levensbeeindiging", "")]
    assert laws_of(book, "Technische hygiënezorg") == [
        ("wet-publieke-gezondheid", ""),
        ("warenwetbesluit-tatoeeren-en-piercen", ""),
    ]
    assert laws_of(book, "Regionale Ambulancezorgvoorziening Hollands Midden") == [
        ("wet-toetreding-zorgaanbieders", ""),
        ("wet-ambulancezorgvoorzieningen", ""),
        ("wmcz-2018", ""),
    ]
    assert laws_of(book, "Veilig Thuis") == [
        ("jeugdwet", "artikel 2.1"),
        ("wmo-2015", "hoofdstuk 4"),
        ("wet-tijdelijk-huisverbod", ""),
        ("wet-verplichte-meldcode", ""),
    ]
    assert laws_of(book, "Meldpunt Zorg en Overlast") == [("wmo-2015", ""), ("wvggz", "")]
    assert laws_of(book, "Jeugd Preventie Team") == [
        ("wet-publieke-gezondheid", ""),
        ("jeugdwet", ""),
        ("wmo-2015", ""),
    ]


def test_the_veiligheidshuis_reads_wpg_as_the_police_law(book):
    assert laws_of(book, "Veiligheidshuis") == [
        ("wet-gegevensverwerking-samenwerkingsverbanden", ""),
        ("avg", ""),
        ("wmo-2015", ""),
        ("wet-politiegegevens", ""),
        ("wet-justitiele-en-strafvorderlijke-gegevens", "artikel 51c"),
        ("penitentiaire-beginselenwet", "artikelen 18a en 20d"),
        ("wet-straffen-en-beschermen", ""),
        ("wet-parta", ""),
    ]


def test_every_legal_section_names_known_laws_and_only_legal_sections_count(book):
    for p in book.products:
        assert bool(p.laws) == bool(p.legal_text), p.title
        assert all(law.framework in LAWS_BY_SLUG for law in p.laws)
    # Laws named elsewhere (the audience of Sociale Veiligheid) are not the product's legal basis.
    assert product(book, "Sociale Veiligheid (Traject t.b.v. sociale veiligheidsbeleid op scholen)").laws == []


def test_ages_only_where_the_book_states_them(book):
    ages = {(p.title, p.unit): (p.age_min_months, p.age_max_months) for p in book.products}
    expected = {
        ("JGZ -9mnd - 18 jaar", "jeugdgezondheidszorg"): (-9, 216),
        ("Gezondheidsbevordering 0-100", "gezondheidsbevordering-en-onderzoek"): (0, 1200),
        ("Rijksvaccinatieprogramma", "jeugdgezondheidszorg"): (0, 216),
        ("Integrale vroeghulp", "jeugdgezondheidszorg"): (0, 48),
        ("Preventieve Logopedische Zorg", "jeugdgezondheidszorg"): (0, 144),
        ("18 maanden contactmoment", "jeugdgezondheidszorg"): (18, 18),
        ("(Prenataal) Stevig Ouderschap", "jeugdgezondheidszorg"): (-9, 18),
        ("Jeugd Preventie Team", "zorg-en-veiligheidshuis"): (96, 216),
        ("Publieke gezondheid voor asielzoekers", "jeugdgezondheidszorg"): (-9, 216),
        ("Hecht Crisisplan Publieke Gezondheid", "concernstaf"): (None, None),
        ("Publieke gezondheid voor asielzoekers", "gezondheidsbescherming-en-toezicht"): (None, None),
        ("Verslavingspreventie Katwijk", "gezondheidsbevordering-en-onderzoek"): (None, None),
        ("CJG advies en telefonie", "jeugdgezondheidszorg"): (0, 216),  # "kinderen tot 18 jaar", line 2663
        ("Klant Contact Centrum", "jeugdgezondheidszorg"): (0, 216),  # line 2707
        ("Preventie en schoolverzuim mbo", "jeugdgezondheidszorg"): (216, None),  # "vanaf 18 jaar", line 3339
        ("Crisis Interventie Team", "zorg-en-veiligheidshuis"): (0, 215),  # "jonger dan 18 jaar", line 3916
        ("Prenatale voorlichting en zorg", "jeugdgezondheidszorg"): (-9, 0),  # "Aanstaande ouders", "Zwangere"
        # "jongeren tot 25 jaar" is one of several risk groups in a list: not the audience's age.
        (
            "Seksuele gezondheid: Aanvullende Seksuele Gezondheidszorg, PrEP en Hepatitis-B vaccinatiecampagne",
            "gezondheidsbescherming-en-toezicht",
        ): (None, None),
    }
    assert {key: ages[key] for key in expected} == expected
    for low, high in ages.values():
        assert (low is None or low >= -9) and (high is None or high <= 1200)
        assert low is None or high is None or low <= high


def test_municipalities_only_where_the_book_names_who_takes_the_product(book):
    uptake = {p.title: p.municipalities for p in book.products if p.municipalities}
    assert uptake == {
        "Verslavingspreventie Katwijk": ["GM0537"],
        "Monitor Maatschappelijke Zorg": ["GM0546"],
        "Meldpunt Zorg en Overlast: De Wijk-GGD": [
            MUNICIPALITIES[name]
            for name in ("Hillegom", "Lisse", "Teylingen", "Krimpenerwaard", "Zuidplas", "Katwijk", "Noordwijk")
        ],
    }
    assert len(MUNICIPALITIES) == 18 and len(set(MUNICIPALITIES.values())) == 18


def test_contacts_collect_addresses_phone_numbers_and_websites(book):
    assert product(book, "Overige projecten GBO in opdracht van gemeenten").contacts.split("\n") == [
        "- Contact met de onderzoekers gaat via onderzoek@ggdhm.nl.",
        "- Contact met de adviseurs Publieke Gezondheid gaat via adviespubliekegezondheid@ggdhm.nl.",
        "- Contact met gezondheidsbevordering gaat via gbjeugd@ggdhm.nl.",
    ]
    # The contact lines are not part of the goal.
    assert "@" not in product(book, "Overige projecten GBO in opdracht van gemeenten").goal
    assert product(book, "CJG advies en telefonie").contacts.split("\n") == [
        "- Telefoon: 088-2542384",
        "- Telefoon: 088 - 308 33 42",
        "- Website: www.GroeiGids.nl",
        "- Website: www.Jouwggd.nl",
    ]
    kennis = product(book, "Kennisontwikkeling en Implementatie")
    assert "- Website: https://www.wijzerindewijk.nl/" in kennis.contacts.split("\n")
    assert "https://" not in kennis.rationale
    assert product(book, "Lijkschouw").contacts == ""


# --- damaged or foreign input --------------------------------------------------------------------


def _blank(lines: list[str], *numbers: int) -> str:
    damaged = list(lines)
    for number in numbers:
        damaged[number - 1] = ""
    return "\n".join(damaged)


def _without_headings(lines: list[str]) -> str:
    heading = re.compile(r"\s*(Wat willen|Voor wie doen|Wat is het wettelijk|Wat gaan we|Waar\w* gaan|Welk resultaat)")
    return "\n".join("" if heading.match(line) else line for line in lines)


@pytest.mark.parametrize(
    ("damage", "line", "expected"),
    [
        (lambda lines: "Dit is geen productenboek.\nZomaar wat tekst.", 1, "'Inleiding'"),
        (lambda lines: "", 1, "'Inleiding'"),
        (lambda lines: "\n".join(lines[:2000]), 2001, "RVE 'Jeugdgezondheidszorg'"),
        (lambda lines: _blank(lines, 303), 363, "RVE 'Coronabestrijding'"),
        (lambda lines: _blank(lines, 105), 107, "producttitel"),
        (lambda lines: _blank(lines, 1658), 1660, "producttitel"),
        (lambda lines: "\n".join(lines).replace(" Schil 4: Dienst", " Schil 5: Dienst", 1), 1324, "schil 1, 2"),
        (lambda lines: _blank(lines, *range(107, 175)), 105, "kopjes"),
        (_without_headings, 105, "kopjes"),
    ],
    ids=[
        "random text",
        "empty text",
        "truncated",
        "rve heading removed",
        "first title of a chapter removed",
        "title in the middle removed",
        "unknown tier",
        "sections of a product removed",
        "all question headings removed",
    ],
)
def test_damaged_books_raise_with_the_line_number(lines, damage, line, expected):
    with pytest.raises(ParseError) as error:
        parse(damage(lines), year=2026)
    assert error.value.line == line
    assert expected in error.value.expected


def test_a_book_of_another_year_is_refused(hecht_book):
    with pytest.raises(ParseError) as error:
        parse(hecht_book.read_text(encoding="utf-8"), year=2027)
    assert error.value.line == 3
    assert "januari 2027" in error.value.expected


def test_the_cjg_book_is_not_a_hecht_book(hecht_book):
    seed_path(CJG_BOOK)
    with pytest.raises(ParseError) as error:
        parse(CJG_BOOK.read_text(encoding="utf-8"), year=2026)
    assert "RVE" in error.value.expected
