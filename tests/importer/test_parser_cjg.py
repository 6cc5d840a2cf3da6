"""The CJG Rijnmond parser against the real productenboek (seed 002) and damaged copies of it."""

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from importer.parsers import ParseError, parse_book
from importer.parsers.base import ParsedBook, ParsedProduct
from importer.parsers.cjg import werkgebied
from services.models import Commissioning

# Every product of the book in book order, by unit: established by reading the whole book. The Basispakket
# chapter describes its offer in prose (2.4.x special target groups, 2.5.x core tasks); the RVP, prenatal
# and APP chapters use labelled fields; "Mbo 18+" and "Aanvullend volume Basispakket JGZ" are APP offers
# in prose. Sections 2.1-2.3 (CJG Next's pillars) are programme text, not products.
PRODUCTS_BY_UNIT = {
    ("bijzondere-doelgroepen", "basispakket"): [
        "Nieuwkomers",
        "Kinderen op het speciaal onderwijs",
        "Jongeren op het mbo",
        "Kinderen die niet naar de afspraak komen",
    ],
    ("kerntaken-jeugdgezondheidszorg", "basispakket"): [
        "Begeleiden, adviseren en voorlichten",
        "Afstemmen van zorg",
        "Aansluiten bij formele netwerken",
        "Beleidsadvisering",
    ],
    ("rijksvaccinatieprogramma", "rvp"): ["Rijksvaccinatieprogramma", "Voorlichting Rijksvaccinatieprogramma"],
    ("uniform-aanbod-prenatale-fase", "prenataal"): ["Zwangerschapsgesprek", "Zwangerschapsconsult"],
    ("aanbod-in-de-eerste-1000-dagen", "app"): [
        "Contactpersonen geboortezorg",
        "Zwangerschapssupport",
        "Voorzorg",
        "Prenataal Stevig Ouderschap",
        "OuderTeam",
        "Groepsgerichte voorlichting voor aanstaande ouders",
        "Borstvoedingssupport",
        "Stevig Ouderschap",
        "Shantala Babymassage (individueel)",
        "Shantala Babymassage (groepscursus)",
        "Moeders Informeren Moeders (MIM)",
        "Lactatiespreekuur",
    ],
    ("aanbod-voor-ouders-van-het-jonge-kind", "app"): [
        "Peuter in zicht",
        "Home-Start",
        "Kortdurende video-hometraining (K-HVT)",
        "Voorschools Zorg- en Adviesteam (V-ZAT)",
        "Vroeg samen",
        "Peutermonitor",
        "Toeleiden Voor- en vroegschoolse educatie (VVE)",
    ],
    ("aanbod-voor-ouders-van-basisschoolkinderen", "app"): [
        "Opvoeden & zo",
        "Logopedische screening",
        "Vrienden",
        "Ouders in actie",
    ],
    ("aanbod-voor-ouders-van-jongeren", "app"): [
        "Preventieve Aanpak Terugdringen Schoolziekteverzuim (PATS)",
        "Advisering leerplichtontheffing",
        "Training Sociale vaardigheden",
        "Vrienden",
    ],
    ("mbo-18", "app"): ["Mbo 18+"],
    ("aanvullende-jeugdgezondheidszorgdiensten-en-functies", "app"): [
        "Groepsgerichte voorlichting en training",
        "Positive Behavior Support (in de wijk)",
        "Positive Behavior Support (thuis)",
        "Preventie vrouwelijke genitale verminking (VGV)",
        "Inzet Lokaal Team Huiselijk Geweld (LTHG) of andere huiselijk geweld gerelateerde casusoverleggen",
        "Vlaggensysteem",
        "Jeugdconsulent",
        "Toegang jeugdhulp",
        "Ondersteuning gezinsplan",
        "Onderzoek psychisch of sociaal functioneren",
        "Opvoedondersteuning",
        "Pedagoog",
        "Orthopedagoog",
        "Netwerkregie",
        "Procescoördinatie Toegang Sociaal Domein",
        "Ondersteuning jeugdhulpprofessionals",
        "Zorgcoördinatie voorscholen",
        "Coördinatie thema- en cursusaanbod",
        "Aanvullende communicatiediensten",
        "Service & Contact",
        "Baliemedewerker",
    ],
    ("aanvullend-volume-basispakket-jgz", "app"): ["Aanvullend volume Basispakket JGZ"],
}

TEXT_FIELDS = ("summary", "goal", "audience", "legal_text", "activities", "result", "professionals", "contacts")
CHAPTER_TITLES = (
    "Waar wij voor staan",
    "Programma CJG Next",
    "Rijksvaccinatieprogramma",
    "Uniform aanbod prenatale fase",
    "Aanvullend Preventief Pakket",
    "Begrippenlijst en werkgebied",
)


@cache
def _parsed(path: Path) -> ParsedBook:
    return parse_book(path.read_text(encoding="utf-8"), "cjg", year=2026)


@pytest.fixture
def book(cjg_book: Path) -> ParsedBook:
    return _parsed(cjg_book)


@pytest.fixture
def lines(cjg_book: Path) -> list[str]:
    return cjg_book.read_text(encoding="utf-8").split("\n")


def product(book: ParsedBook, title: str, unit: str = "") -> ParsedProduct:
    (found,) = [p for p in book.products if p.title == title and (not unit or p.unit == unit)]
    return found


def parse_lines(lines: list[str]) -> ParsedBook:
    return parse_book("\n".join(lines), "cjg", year=2026)


def test_every_product_of_the_book_once_in_book_order(book):
    expected = [title for titles in PRODUCTS_BY_UNIT.values() for title in titles]
    assert [p.title for p in book.products] == expected
    assert len(book.products) == 62
    assert [p.order for p in book.products] == list(range(1, 63))
    assert len({p.slug for p in book.products}) == 62


def test_products_per_unit_and_tier(book):
    counts = Counter((p.unit, tuple(p.tiers)) for p in book.products)
    assert counts == {(unit, (tier,)): len(titles) for (unit, tier), titles in PRODUCTS_BY_UNIT.items()}
    assert Counter(p.tiers[0] for p in book.products) == {"basispakket": 8, "rvp": 2, "prenataal": 2, "app": 50}


def test_units_are_the_sections_that_group_the_offer_in_book_order(book):
    expected = [unit for unit, _ in PRODUCTS_BY_UNIT]
    assert [(u.order, u.slug) for u in book.units] == list(enumerate(expected, start=1))
    units = {u.slug: u for u in book.units}
    assert units["aanbod-in-de-eerste-1000-dagen"].name == "Aanbod in de eerste 1.000 dagen"
    assert units["aanbod-in-de-eerste-1000-dagen"].introduction.startswith(
        "Onze producten gericht op de prenatale periode en het eerste levensjaar"
    )
    assert units["kerntaken-jeugdgezondheidszorg"].introduction.startswith("Met het individueel, collectief")
    # The RVP chapter's vaccination table becomes a list, without its column headings.
    # The RVP chapter's opening text is the programme itself, a product: the unit does not repeat it.
    assert units["rijksvaccinatieprogramma"].introduction == ""
    rvp = product(book, "Rijksvaccinatieprogramma")
    assert rvp.summary == (
        "CJG Rijnmond voert onder de noemer Een prik? Zo gepiept! in opdracht van gemeenten het "
        "Rijksvaccinatieprogramma (RVP) uit."
    )
    assert rvp.activities.endswith("De vaccinaties die binnen het Rijksvaccinatieprogramma vallen zijn:")
    assert rvp.table == {
        "columns": ["Vaccinatietype", "Vaccinatieleeftijd", "Aantal vaccinaties"],
        "rows": [
            ["DKTP-Hib-HepB", "2*, 3, 5, 11 maand(en)", "3 of 4"],
            ["Pneu", "3, 5, 11 maand(en)", "3"],
            ["BMR <5 jaar", "14 maanden", "1"],
            ["MenACWY", "14 maanden", "1"],
            ["DKTP", "4 jaar", "1"],
            ["DTP", "9 jaar", "1"],
            ["BMR >5jaar", "9 jaar", "1"],
            ["HPV", "10 jaar", "2"],
            ["MenACWY", "14 jaar", "1"],
        ],
        "note": "Optioneel: afhankelijk van de vaccinatie van de moeder.",
    }


def test_tiers_are_cjg_rijnmonds_own_with_the_books_definitions(book):
    tiers = {t.code: t for t in book.tiers}
    assert [(t.code, t.name, t.order) for t in book.tiers] == [
        ("basispakket", "Basispakket JGZ", 1),
        ("rvp", "Rijksvaccinatieprogramma", 2),
        ("prenataal", "Uniform aanbod prenatale fase", 3),
        ("app", "Aanvullend Preventief Pakket", 4),
    ]
    # Only the Basispakket is "wettelijk vastgelegd" in the book; it says no such thing of the other tiers.
    assert [code for code, tier in tiers.items() if tier.statutory] == ["basispakket"]
    assert {t.code: t.commissioning for t in book.tiers} == {
        "basispakket": Commissioning.ALL_MEMBERS,
        "rvp": Commissioning.ALL_MEMBERS,
        "prenataal": Commissioning.ALL_MEMBERS,
        "app": Commissioning.INDIVIDUAL,
    }
    assert "De samenstelling van het Basispakket JGZ is voor elke gemeente gelijk" in tiers["basispakket"].definition
    assert "vastgelegd tot 18 jaar" in tiers["basispakket"].definition
    assert "diensten die wij kunnen leveren aan jeugdigen tot 23 jaar" in tiers["app"].definition
    assert tiers["rvp"].definition.startswith("CJG Rijnmond voert onder de noemer Een prik? Zo gepiept!")
    assert all("hoofdstuk" not in t.definition.lower() for t in book.tiers)


def test_organisation_and_edition(book):
    organisation = book.organisation
    assert (organisation.name, organisation.short_name, organisation.slug) == (
        "Centrum voor Jeugd en Gezin Rijnmond",
        "CJG Rijnmond",
        "cjg-rijnmond",
    )
    assert (organisation.kind, organisation.region, organisation.website) == (
        "cjg",
        "rijnmond",
        "https://cjgrijnmond.nl",
    )
    assert organisation.headings == {
        "goal": "Doelstelling",
        "audience": "Doelgroep",
        "legal": "Wettelijk kader",
        "activities": "Inhoud",
        "rationale": "Waarom",
        "result": "Resultaat",
        "professionals": "Professional",
    }
    assert book.edition_title == "Productenboek 2026"


def test_introduction_is_the_inleiding_without_footnote_markers(book):
    introduction = book.organisation.introduction
    assert introduction.startswith("In dit productenboek vind je het aanbod van Centrum voor Jeugd en Gezin")
    assert "van 0 tot 23 jaar en (aanstaande) ouders kunnen" in introduction  # "jaar1", "ouders2" in the PDF
    assert "bepalen onze professionals hoe" in introduction
    assert "Leeswijzer\n\n- In het eerste hoofdstuk lees je waar CJG Rijnmond voor staat." in introduction
    assert "- In hoofdstuk 3 lichten we het Rijksvaccinatieprogramma toe" in introduction
    assert introduction.endswith("bedoelen we de professional(s) in dienst van CJG Rijnmond.")
    assert "Ons verhaal" not in introduction and "Daar sta je dan" not in introduction
    assert 2000 < len(introduction) < 5000


def test_a_labelled_product_has_all_its_fields(book):
    support = product(book, "Zwangerschapssupport")
    assert support.slug == "zwangerschapssupport"
    assert support.unit == "aanbod-in-de-eerste-1000-dagen"
    assert support.tiers == ["app"]
    assert support.line == 620
    assert support.summary == (
        "Een of twee gesprekken als aanvulling op het zwangerschapsgesprek, om vragen, onzekerheden en twijfels "
        "tijdens de zwangerschap weg te nemen."
    )
    assert support.goal == (
        "De zwangere en haar gezin met laagdrempelige ondersteuning voorbereiden op het aanstaande ouderschap en "
        "begeleiden naar een optimale start met het kind."
    )
    assert support.activities.startswith("Zwangerschapssupport is er voor aanstaande ouders die niet genoeg")
    assert support.activities.endswith("doorverwezen naar een intensievere interventie of product.")
    assert (
        support.result == "Zwangeren hebben meer vertrouwen in het aanstaande ouderschap en het krijgen van een kind."
    )
    assert support.audience.startswith("Alle zwangeren (en hun gezin) die lichte steun")
    assert support.professionals == "- Jeugdverpleegkundige"
    assert (support.age_min_months, support.age_max_months) == (-9, 0)
    assert support.laws == [] and support.legal_text == "" and support.municipalities == []


def test_lists_and_page_breaks_inside_fields(book):
    ouderteam = product(book, "OuderTeam")
    assert ouderteam.result.endswith(
        "- Partnerrelatie: positieve samenwerkingsrelatie versterkt, meer warmte en een hechtere band."
    )
    assert ouderteam.professionals == "- Jeugdverpleegkundige\n- Orthopedagoog"
    pbs = product(book, "Positive Behavior Support (in de wijk)")
    assert "\n\n- 1. Werken aan gedrag vanuit (wijkbrede) waarden: betrokken organisaties in de wijk - waaronder" in (
        pbs.activities
    )
    # A heading glued to the previous line, and a field label glued to the previous line.
    assert (
        product(book, "Shantala Babymassage (groepscursus)").result == "Een verbeterde hechting tussen moeder en kind."
    )
    # "vaccinatie.Tijdens" lost its space in the PDF; words broken over two lines are joined.
    consult = product(book, "Zwangerschapsconsult")
    assert "voor een vaccinatie. Tijdens het drie weken consult" in consult.activities
    assert "video-opnamen" in product(book, "Kortdurende video-hometraining (K-HVT)").activities
    assert "opvoedingsondersteuning bieden" in product(book, "Opvoeden & zo").summary
    # A single professional without a bullet is still a list.
    assert product(book, "Home-Start").professionals == "- Jeugdverpleegkundige"


def test_functions_and_services_keep_taakomschrijving_and_werkzaamheden_as_activities(book):
    toegang = product(book, "Toegang jeugdhulp")
    assert toegang.goal == ""
    assert toegang.summary == "Het voorportaal voor alle vragen rondom jeugd."
    assert toegang.activities.startswith("Door ons netwerk kunnen wij de toeleiding naar (specialistische) jeugdhulp")
    assert toegang.activities.endswith("Werkzaamheden: Ouders toeleiden naar jeugdhulp of specialistische jeugdhulp.")
    pedagoog = product(book, "Pedagoog")
    # 5.6.11 Opvoedondersteuning is an umbrella of its own; its two functions refer to it, not copy it.
    umbrella = product(book, "Opvoedondersteuning")
    assert umbrella.activities.startswith("Orthopedagogen en pedagogen bieden opvoedondersteuning.")
    assert (pedagoog.umbrella, product(book, "Orthopedagoog").umbrella) == ("opvoedondersteuning",) * 2
    assert pedagoog.activities.startswith("Pedagogen bieden kortdurende oplossingsgerichte")
    assert "Orthopedagogen en pedagogen bieden" not in product(book, "Orthopedagoog").activities
    assert umbrella.umbrella == "" and all(
        p.umbrella == "" for p in book.products if p.title not in {"Pedagoog", "Orthopedagoog"}
    )
    assert "\n\nWerkzaamheden:\n\n- Begeleidings-, ondersteunings- en adviseringstrajecten" in pedagoog.activities
    communicatie = product(book, "Aanvullende communicatiediensten")
    # Its lead is too long for a summary: the summary is its first sentence, the whole lead opens the activities.
    assert communicatie.summary == (
        "Onze afdeling Communicatie acteert als een full-service communicatiebureau voor strategie en creatie, "
        "zowel off- als online."
    )
    assert communicatie.activities.startswith(communicatie.summary + " Door de jarenlange ervaring")
    assert "nemen werk uit handen.\n\nStrategie: Strategische communicatie gaat over" in communicatie.activities
    assert "\n\nCreatie: Creatie is de uitwerking van de strategie." in communicatie.activities
    assert communicatie.activities.endswith(
        "Elk halfjaar rapporteert de afdeling Communicatie over de voortgang en resultaten."
    )
    assert len(communicatie.summary) <= 400


def test_basispakket_products_in_prose(book):
    nieuwkomers = product(book, "Nieuwkomers")
    assert nieuwkomers.tiers == ["basispakket"] and nieuwkomers.goal == ""
    assert nieuwkomers.activities.startswith("Alle jeugdigen tot 18 jaar die voor het eerst in Nederland verblijven")
    assert "de medische- en ontwikkelingsgeschiedenis" in nieuwkomers.activities
    assert (nieuwkomers.age_min_months, nieuwkomers.age_max_months) == (0, 216)
    speciaal = product(book, "Kinderen op het speciaal onderwijs")
    assert speciaal.contacts == "- Onze contactmomenten: cjgrijnmond.nl/contactmomenten"
    assert "cjgrijnmond.nl" not in speciaal.activities
    mbo = product(book, "Mbo 18+")
    assert mbo.tiers == ["app"] and mbo.unit == "mbo-18"
    assert (mbo.age_min_months, mbo.age_max_months) == (216, 276)
    assert mbo.summary == (
        "Het Basispakket JGZ omvat ook taken en diensten voor jongeren die naar het middelbaar beroepsonderwijs "
        "(mbo) gaan."
    )


def test_laws_only_where_the_text_names_them(book):
    wpg = [p.title for p in book.products if [law.framework for law in p.laws] == ["wet-publieke-gezondheid"]]
    assert wpg == [
        "Begeleiden, adviseren en voorlichten",
        "Afstemmen van zorg",
        "Aansluiten bij formele netwerken",
        "Beleidsadvisering",
    ]
    afstemmen = product(book, "Afstemmen van zorg")
    assert afstemmen.laws[0].article == ""
    assert afstemmen.legal_text.endswith(
        "Binnen de Wet publieke gezondheid heeft de JGZ ook de taak de situatie van jeugdigen na toeleiding te monitoren."
    )
    assert "wijzigingen binnen de Wet publieke gezondheid" in afstemmen.legal_text
    lthg = product(
        book, "Inzet Lokaal Team Huiselijk Geweld (LTHG) of andere huiselijk geweld gerelateerde casusoverleggen"
    )
    assert [law.framework for law in lthg.laws] == ["jeugdwet"]
    assert "vanuit de Jeugdwet normaliseren" in lthg.legal_text
    # The APP chapter says its products are "deels" under the Jeugdwet without naming them: no law for the rest.
    with_laws = {p.title for p in book.products if p.laws}
    assert len(with_laws) == 5
    assert not product(book, "Voorlichting Rijksvaccinatieprogramma").laws
    assert not product(book, "Advisering leerplichtontheffing").laws


@pytest.mark.parametrize(
    ("title", "unit", "ages"),
    [
        ("Zwangerschapsgesprek", "", (-9, 0)),
        ("Zwangerschapsconsult", "", (-4, 0)),  # from 22 weeks of pregnancy
        ("Voorzorg", "", (-6, 24)),  # from the 16th week of pregnancy until the child is 24 months
        # Starts at 32 weeks; "18 jaar of ouder" is the parents' age; two of its sessions are after birth (no end).
        ("OuderTeam", "", (-2, None)),
        ("Borstvoedingssupport", "", (0, None)),  # "in de eerste weken na de bevalling"
        ("Moeders Informeren Moeders (MIM)", "", (0, None)),  # "recent moeder geworden"
        ("Nieuwkomers", "", (0, 216)),  # "tot 18 jaar"
        ("Kinderen die niet naar de afspraak komen", "", (None, None)),  # the package's age is not the product's
        ("Afstemmen van zorg", "", (None, None)),
        ("Aansluiten bij formele netwerken", "", (None, None)),
        ("Beleidsadvisering", "", (None, None)),  # advice to municipalities
        ("Stevig Ouderschap", "", (0, 18)),  # "jonger dan 19 maanden"
        ("Shantala Babymassage (individueel)", "", (1, 9)),  # 6 weeks to 9 months
        ("Peuter in zicht", "", (18, 48)),
        ("Home-Start", "", (0, 84)),
        ("Voorschools Zorg- en Adviesteam (V-ZAT)", "", (0, 48)),
        ("Vrienden", "aanbod-voor-ouders-van-basisschoolkinderen", (108, 144)),
        ("Vrienden", "aanbod-voor-ouders-van-jongeren", (144, 192)),
        ("Advisering leerplichtontheffing", "", (60, 216)),
        ("Service & Contact", "", (0, 276)),
        ("Begeleiden, adviseren en voorlichten", "", (None, None)),  # the Basispakket's age is the package's
        ("Rijksvaccinatieprogramma", "", (2, 168)),  # its table: 2 months to 14 years
        ("Logopedische screening", "", (None, None)),  # "groep 2" is not an age
        ("Voorlichting Rijksvaccinatieprogramma", "", (None, None)),  # "vanaf 12 jaar" is one of two groups
        ("Contactpersonen geboortezorg", "", (None, None)),  # for professionals
    ],
)
def test_age_range_in_months_where_the_text_states_it(book, title, unit, ages):
    found = product(book, title, unit)
    assert (found.age_min_months, found.age_max_months) == ages


def test_no_product_is_tied_to_specific_municipalities(book):
    # "Peuterconsulent (alleen binnen de gemeente Rotterdam)" names a professional, not the product's uptake.
    assert all(p.municipalities == [] for p in book.products)


def test_products_with_one_title_get_distinct_slugs(book):
    vrienden = [p.slug for p in book.products if p.title == "Vrienden"]
    assert vrienden == ["vrienden-basisschoolkinderen", "vrienden-jongeren"]


def test_side_boxes_become_contacts(book):
    rvp = product(book, "Voorlichting Rijksvaccinatieprogramma")
    assert rvp.contacts == (
        "- Vaccinatiecampagne Een prik? Zo gepiept!: eenprikzogepiept.nl\n"
        "- Informatie over vaccinaties: eenprikzogepiept.nl/vaccinaties"
    )
    assert rvp.professionals == "- Jeugdarts\n- Jeugdverpleegkundige"


def test_no_field_holds_page_numbers_running_heads_or_pdf_debris(book):
    for found in book.products:
        for name in TEXT_FIELDS:
            text = getattr(found, name)
            assert "\t" not in text and "•" not in text and "\ufffc" not in text and "  " not in text, (
                found.title,
                name,
            )
            for line in text.split("\n"):
                plain = line.removeprefix("- ")
                assert not re.fullmatch(r"\d+", plain), (found.title, name, line)
                assert plain not in CHAPTER_TITLES, (found.title, name, line)
    # Next to a page break (page 34 / 44) and a pull quote the fields end where the book's text ends.
    assert product(book, "Home-Start").professionals == "- Jeugdverpleegkundige"
    assert product(book, "Positive Behavior Support (thuis)").professionals == "- Pedagoog (opgeleid tot PBS-coach)"
    beleid = product(book, "Beleidsadvisering")
    assert beleid.activities.endswith("binnen de daarvoor beschikbare middelen.")
    assert "wil voorkomen" not in beleid.activities


def test_glossary_terms_with_plain_definitions(book):
    glossary = dict(book.glossary)
    assert len(book.glossary) == len(glossary) == 43
    assert book.glossary[0][0] == "Aandachtskinderen"
    assert book.glossary[-1][0] == "Voorschool"
    # Terms that the PDF broke over two or three lines of the term column.
    assert glossary["Anticiperende voorlichting"] == (
        "Het geven van informatie over fasen en gebeurtenissen die in de toekomst kunnen plaatsvinden. "
        "De voorlichting is erop gericht vragen en problemen te voorkomen."
    )
    assert glossary["Gemeentelijke Basisadministratie Persoonsgegevens"].startswith(
        "De Gemeentelijke Basisadministratie"
    )
    assert "Handelingsgerichte diagnostiek" in glossary
    assert glossary["Rijksvaccinatieprogramma"].endswith(
        "komen deze infectieziekten in Nederland niet of nauwelijks meer voor."
    )
    assert glossary["Speciaal voortgezet onderwijs"].endswith("van 12 tot maximaal 20 jaar.")
    assert glossary["BMR"] == "Vaccinatie ter voorkoming van bof, mazelen en rodehond."
    assert glossary["Gezond kind"].endswith("waarbij draagkracht en draaglast in balans zijn.")
    assert "- 2. Meervoudig: er is sprake van een zwaar verstoorde balans" in glossary["Aandachtskinderen"]
    # "Werkgebied" only lists the municipalities: it is not a definition.
    assert "Werkgebied" not in glossary


def test_werkgebied_lists_the_fourteen_municipalities(cjg_book):
    assert werkgebied(cjg_book.read_text(encoding="utf-8")) == [
        "Albrandswaard",
        "Barendrecht",
        "Brielle",
        "Goeree-Overflakkee",
        "Hellevoetsluis",
        "Krimpen aan den IJssel",
        "Lansingerland",
        "Maassluis",
        "Nissewaard",
        "Ridderkerk",
        "Rotterdam",
        "Schiedam",
        "Vlaardingen",
        "Westvoorne",
    ]


def test_windows_line_endings_and_non_breaking_spaces_give_the_same_book(cjg_book, book):
    text = (
        cjg_book.read_text(encoding="utf-8")
        .replace("Doelstelling\t", "Doelstelling\xa0\t\xa0")
        .replace(" 5.1.2. Zwangerschapssupport", "\xa05.1.2.\xa0Zwangerschapssupport")
        .replace("\n", "\r\n")
    )
    again = parse_book(text, "cjg", year=2026)
    assert again == book


def test_year_sets_the_edition_title(cjg_book):
    assert parse_book(cjg_book.read_text(encoding="utf-8"), "cjg", year=2027).edition_title == "Productenboek 2027"


# --- damaged input ----------------------------------------------------------------------------------------------


def test_empty_text_is_refused():
    with pytest.raises(ParseError) as error:
        parse_book("\n\n", "cjg", year=2026)
    assert error.value.line == 1


def test_a_hecht_book_is_refused_at_its_first_question_heading(hecht_book):
    with pytest.raises(ParseError) as error:
        parse_book(hecht_book.read_text(encoding="utf-8"), "cjg", year=2026)
    assert error.value.line == 107
    assert error.value.found == "Wat willen we bereiken?"
    assert "Hecht" in str(error.value)


def test_text_that_does_not_open_with_the_inleiding_is_refused():
    with pytest.raises(ParseError) as error:
        parse_book("\nDoelstelling\tIets bereiken.\n", "cjg", year=2026)
    assert error.value.line == 2


def test_a_field_label_before_any_product_is_refused(lines):
    lines = list(lines)
    assert lines[566].startswith("Het Aanvullend Preventief Pakket (APP) omvat")
    lines.insert(567, "Doelstelling\t Een doel zonder product.")
    with pytest.raises(ParseError) as error:
        parse_lines(lines)
    assert error.value.line == 568
    assert "Doelstelling" in error.value.expected


def test_a_field_label_in_the_inleiding_is_refused(lines):
    lines = list(lines)
    lines.insert(10, "Inhoud\t Wat we doen.")
    with pytest.raises(ParseError) as error:
        parse_lines(lines)
    assert error.value.line == 11


def test_a_product_without_doelstelling_is_refused_at_its_heading(lines):
    lines = list(lines)
    assert lines[596].startswith("Doelstelling\t")
    lines[596] = lines[596].removeprefix("Doelstelling\t")
    with pytest.raises(ParseError) as error:
        parse_lines(lines)
    assert error.value.line == 592  # 5.1.1. Contactpersonen geboortezorg
    assert "Doelstelling" in str(error.value)


def test_a_product_without_inhoud_is_refused_at_its_heading(lines):
    lines = list(lines)
    assert lines[1215].startswith("Inhoud\t")  # 5.4.3. Training Sociale vaardigheden
    lines[1215] = lines[1215].removeprefix("Inhoud\t")
    with pytest.raises(ParseError) as error:
        parse_lines(lines)
    assert error.value.line == 1210


def test_a_lost_product_heading_is_refused_at_the_second_doelstelling(lines):
    lines = list(lines)
    assert lines[619] == " 5.1.2. Zwangerschapssupport"
    lines[619] = ""
    with pytest.raises(ParseError) as error:
        parse_lines(lines)
    assert error.value.line == 625
    assert error.value.found.startswith("Doelstelling")


def test_an_unknown_field_label_is_refused(lines):
    lines = list(lines)
    lines[547] = lines[547].replace("Doelstelling\t", "Doelstellingen\t")
    with pytest.raises(ParseError) as error:
        parse_lines(lines)
    assert (error.value.line, error.value.found) == (548, "Doelstellingen")


def test_sections_out_of_order_are_refused(lines):
    lines = list(lines)
    assert lines[936].startswith("5.2.3. ")
    lines[936] = lines[936].replace("5.2.3. ", "5.1.3. ")
    with pytest.raises(ParseError) as error:
        parse_lines(lines)
    assert error.value.line == 937


@pytest.mark.parametrize("cut", [1000, 1876, 1990])
def test_a_truncated_book_is_refused_at_its_end(lines, cut):
    with pytest.raises(ParseError) as error:
        parse_lines(lines[:cut])
    assert error.value.line == cut


def test_a_vaccination_table_without_its_column_headings_is_refused_at_its_first_row(lines):
    header = lines.index("Vaccinatietype Vaccinatieleeftijd Aantal vaccinaties")
    damaged = [*lines[:header], "", *lines[header + 1 :]]
    with pytest.raises(ParseError) as error:
        parse_lines(damaged)
    assert error.value.line == header + 3  # the DKTP-Hib-HepB row, after the blank line
    assert "kolomkoppen" in str(error.value) and "DKTP-Hib-HepB" in error.value.found
