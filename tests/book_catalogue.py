"""A realistic, deterministic catalogue for the PDF book tests and the bench.

Shaped like Hecht's 2026 book: units (RVE) with products in five tiers (one product in two tiers),
products of about 400 words under the six questions with bullet lists, legal bases with articles,
contacts, age ranges, a glossary, member municipalities and individual uptake.
"""

import random
from dataclasses import dataclass, field

from importer.laws import LAWS
from municipalities.models import Municipality, Uptake
from services.models import (
    Commissioning,
    Edition,
    GlossaryTerm,
    LegalBasis,
    LegalFramework,
    Membership,
    Organisation,
    Product,
    ProductTier,
    Status,
    Tier,
    Unit,
)

WORDS = [
    "gezondheid",
    "inwoners",
    "gemeenten",
    "regio",
    "preventie",
    "jeugd",
    "ouders",
    "scholen",
    "samenwerking",
    "ketenpartners",
    "advies",
    "toezicht",
    "kinderopvang",
    "infectieziekten",
    "bestrijding",
    "monitor",
    "onderzoek",
    "gegevens",
    "zorg",
    "veiligheid",
    "wijkteams",
    "huisartsen",
    "professionals",
    "signalering",
    "ondersteuning",
    "voorlichting",
    "vaccinatie",
    "screening",
    "omgeving",
    "bodem",
    "lucht",
    "geluid",
    "kwetsbare",
    "groepen",
    "begeleiding",
    "netwerk",
    "beleid",
    "uitvoering",
    "afspraken",
    "rapportage",
    "kwaliteit",
    "bereik",
    "ontwikkeling",
    "leefstijl",
    "weerbaarheid",
    "gelijkheid",
    "kansen",
    "deskundigheid",
    "coördinatie",
    "crisis",
    "rampen",
]

TIERS = (
    ("1", "Schil 1", "Wettelijke taak die gemeenten bij de GGD moeten beleggen.", Commissioning.ALL_MEMBERS, True),
    ("2a", "Schil 2a", "Wettelijke taak, door alle gemeenten gezamenlijk belegd.", Commissioning.ALL_MEMBERS, True),
    ("2b", "Schil 2b", "Wettelijke taak, door gemeenten afzonderlijk belegd.", Commissioning.INDIVIDUAL, True),
    ("3", "Schil 3", "Dienst voor één of meer gemeenten.", Commissioning.INDIVIDUAL, False),
    ("4", "Schil 4", "Dienst voor andere opdrachtgevers.", Commissioning.OTHER_CLIENTS, False),
)

UNIT_NAMES = (
    "Gezondheidsbescherming en Toezicht",
    "Jeugdgezondheidszorg",
    "Gezondheidsbevordering en Onderzoek",
    "Concernstaf",
    "Zorg- en Veiligheidshuis",
    "Regionale Ambulancezorgvoorziening",
    "Coronabestrijding",
)


@dataclass
class BookCatalogue:
    organisation: Organisation
    edition: Edition
    units: list[Unit]
    tiers: dict[str, Tier]
    laws: list[LegalFramework]
    municipalities: list[Municipality]
    products: list[Product] = field(default_factory=list)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    parts, left = [], words
    while left > 0:
        size = min(left, rng.randint(9, 18))
        parts.append(sentence(rng, size))
        left -= size
    return " ".join(parts)


def bullets(rng: random.Random, count: int) -> str:
    return "\n".join(f"- {sentence(rng, rng.randint(6, 16))}" for _ in range(count))


def make_book_catalogue(
    *,
    slug: str = "boekggd",
    name: str = "GGD Boekregio",
    year: int = 2026,
    units: int = 2,
    products_per_unit: int = 8,
    words: int = 400,
    municipality_count: int = 6,
    cbs_base: int = 9800,
    seed: int = 2026,
) -> BookCatalogue:
    rng = random.Random(seed)
    organisation = Organisation.objects.create(
        name=name,
        short_name=name.split()[-1],
        slug=slug,
        kind=Organisation.Kind.GGD,
        introduction=f"In dit overzicht staan de taken en diensten van {name} per januari {year}.\n\n"
        + paragraph(rng, 120),
        heading_goal="Wat willen we bereiken?",
        heading_audience="Voor wie doen we het?",
        heading_legal="Wat is het wettelijk kader hiervoor?",
        heading_activities="Wat gaan we daarvoor doen?",
        heading_rationale="Waarom gaan we dit doen?",
        heading_result="Welk resultaat levert dit op?",
    )
    edition = Edition.objects.create(
        organisation=organisation,
        year=year,
        title=f"Taken en diensten per januari {year}",
        state=Edition.State.PUBLISHED,
    )
    tiers = {
        code: Tier.objects.create(
            organisation=organisation,
            code=code,
            name=tier_name,
            definition=definition,
            order=order,
            commissioning=commissioning,
            statutory=statutory,
        )
        for order, (code, tier_name, definition, commissioning, statutory) in enumerate(TIERS)
    }
    laws = [
        LegalFramework.objects.get_or_create(
            slug=law.slug, defaults={"name": law.name, "abbreviation": law.abbreviation, "bwb_id": law.bwb_id}
        )[0]
        for law in LAWS[:6]
    ]
    municipalities = []
    for index in range(municipality_count):
        municipality, _ = Municipality.objects.get_or_create(
            cbs_code=f"GM{cbs_base + index:04d}",
            defaults={"name": f"{slug.capitalize()}stad {index + 1}", "slug": f"{slug}-stad-{index + 1}"},
        )
        Membership.objects.create(organisation=organisation, municipality=municipality)
        municipalities.append(municipality)
    for index in range(6):
        GlossaryTerm.objects.create(
            organisation=organisation, term=f"Begrip {index + 1:02d}", definition=sentence(rng, 20)
        )

    catalogue = BookCatalogue(organisation, edition, [], tiers, laws, municipalities)
    tier_cycle = ["1", "1", "2a", "2b", "3", "4", "3", "2a"]
    number = 0
    for unit_index in range(units):
        unit = Unit.objects.create(
            organisation=organisation,
            name=UNIT_NAMES[unit_index % len(UNIT_NAMES)]
            + (f" {unit_index // len(UNIT_NAMES) + 1}" if unit_index >= len(UNIT_NAMES) else ""),
            slug=f"{slug}-eenheid-{unit_index + 1}",
            order=unit_index,
            introduction=paragraph(rng, 40),
        )
        catalogue.units.append(unit)
        for product_index in range(products_per_unit):
            number += 1
            share = words // 6
            product = Product.objects.create(
                organisation=organisation,
                edition=edition,
                unit=unit,
                title=f"{sentence(rng, rng.randint(2, 5))[:-1]} {number:03d}",
                slug=f"{slug}-product-{number}",
                summary=sentence(rng, 14),
                goal=paragraph(rng, share),
                audience=bullets(rng, 3),
                legal_text="",
                activities=paragraph(rng, share) + "\n\n" + bullets(rng, 4) + "\n  - " + sentence(rng, 8),
                rationale=paragraph(rng, share),
                result=bullets(rng, 4),
                contacts=f"E-mail: team{number}@{slug}.example\nTelefoon: 088 - 308 {number:04d}",
                age_min_months=-9 if number % 4 == 0 else None,
                age_max_months=216 if number % 4 == 0 else None,
                status=Status.PUBLISHED,
                order=product_index,
            )
            codes = [tier_cycle[(number - 1) % len(tier_cycle)]]
            if number == 5:
                codes = ["2a", "3"]  # "schil 2 en 3"
            for code in codes:
                ProductTier.objects.create(product=product, tier=tiers[code])
            for order, law in enumerate(rng.sample(laws, rng.randint(1, 3))):
                LegalBasis.objects.create(
                    product=product,
                    framework=law,
                    order=order,
                    article=f"artikel {rng.randint(1, 30)}" if order == 0 else "",
                )
            if any(tiers[code].commissioning == Commissioning.INDIVIDUAL for code in codes):
                for municipality in rng.sample(municipalities, rng.randint(1, len(municipalities) - 1)):
                    Uptake.objects.create(product=product, municipality=municipality)
            catalogue.products.append(product)
    return catalogue
