"""A small, realistic catalogue built with factories: two organisations with their own tiers, laws,
memberships over the years, individual uptake, a concept product and an older edition.

Slugs of organisations and units are distinct from the shipped catalogues, so tests can run beside
the real data; laws and municipalities are the real ones (get-or-create by natural key).
"""

from dataclasses import dataclass, field

from municipalities.models import Uptake
from services import versioning
from services.models import Commissioning, LegalBasis, Product, ProductTier, Status
from tests.factories import (
    EditionFactory,
    GlossaryTermFactory,
    LegalFrameworkFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProductFactory,
    TierFactory,
    UnitFactory,
    UptakeFactory,
)

YEAR = 2026


@dataclass
class Catalogue:
    ggd: object
    cjg: object
    tiers: dict = field(default_factory=dict)
    laws: dict = field(default_factory=dict)
    municipalities: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    products: dict = field(default_factory=dict)

    @property
    def organisations(self) -> list:
        return [self.ggd, self.cjg]


def _law(slug: str, name: str, abbreviation: str = "", bwb_id: str = ""):
    return LegalFrameworkFactory(slug=slug, name=name, abbreviation=abbreviation, bwb_id=bwb_id)


def build_catalogue() -> Catalogue:
    ggd = OrganisationFactory(
        slug="ggd-testregio",
        name="GGD Testregio Midden",
        short_name="GGD Testregio",
        heading_goal="Wat willen we bereiken?",
        heading_audience="Voor wie doen we het?",
        heading_legal="Wat is het wettelijk kader hiervoor?",
        heading_activities="Wat gaan we daarvoor doen?",
        heading_rationale="Waarom gaan we dit doen?",
        heading_result="Welk resultaat levert dit op?",
        introduction="In dit overzicht staan de taken en diensten van de GGD Testregio per januari 2026.",
    )
    cjg = OrganisationFactory(
        slug="cjg-testmond",
        name="Centrum voor Jeugd en Gezin Testmond",
        short_name="CJG Testmond",
        kind="cjg",
    )
    cat = Catalogue(ggd=ggd, cjg=cjg)

    t = cat.tiers
    t["1"] = TierFactory(
        organisation=ggd, code="1", name="Schil 1", order=1, commissioning=Commissioning.ALL_MEMBERS,
        definition="Taken die gemeenten door hun GGD moeten laten uitvoeren.",
    )  # fmt: skip
    t["2a"] = TierFactory(
        organisation=ggd, code="2a", name="Schil 2a", order=2, commissioning=Commissioning.ALL_MEMBERS,
        definition="Wettelijke taak, voor alle gemeenten gezamenlijk.",
    )  # fmt: skip
    t["2b"] = TierFactory(
        organisation=ggd, code="2b", name="Schil 2b", order=3, commissioning=Commissioning.INDIVIDUAL,
        definition="Wettelijke taak, voor gemeenten afzonderlijk.",
    )  # fmt: skip
    t["3"] = TierFactory(
        organisation=ggd, code="3", name="Schil 3", order=4, commissioning=Commissioning.INDIVIDUAL,
        statutory=False, definition="Dienst voor één of meerdere gemeenten.",
    )  # fmt: skip
    t["4"] = TierFactory(
        organisation=ggd, code="4", name="Schil 4", order=5, commissioning=Commissioning.OTHER_CLIENTS,
        statutory=False, definition="Dienst voor andere opdrachtgevers.",
    )  # fmt: skip
    t["basis"] = TierFactory(
        organisation=cjg, code="basispakket", name="Basispakket JGZ", order=1,
        commissioning=Commissioning.ALL_MEMBERS, definition="Het wettelijke basispakket jeugdgezondheidszorg.",
    )  # fmt: skip
    t["rvp"] = TierFactory(
        organisation=cjg, code="rvp", name="Rijksvaccinatieprogramma", order=2,
        commissioning=Commissioning.ALL_MEMBERS,
    )  # fmt: skip
    t["app"] = TierFactory(
        organisation=cjg, code="app", name="Aanvullend Preventief Pakket", order=3,
        commissioning=Commissioning.INDIVIDUAL, statutory=False,
    )  # fmt: skip

    law = cat.laws
    law["wpg"] = _law("wet-publieke-gezondheid", "Wet publieke gezondheid", "Wpg", "BWBR0024705")
    law["jeugdwet"] = _law("jeugdwet", "Jeugdwet", "", "BWBR0034925")
    law["wko"] = _law("wet-kinderopvang", "Wet kinderopvang", "Wko", "BWBR0017017")
    law["avg"] = _law("avg", "Algemene verordening gegevensbescherming", "AVG")

    m = cat.municipalities
    m["gouda"] = MunicipalityFactory(cbs_code="GM0513", name="Gouda", slug="gouda")
    m["waddinxveen"] = MunicipalityFactory(cbs_code="GM0627", name="Waddinxveen", slug="waddinxveen")
    m["leiden"] = MunicipalityFactory(cbs_code="GM0546", name="Leiden", slug="leiden")
    m["rotterdam"] = MunicipalityFactory(cbs_code="GM0599", name="Rotterdam", slug="rotterdam")
    m["voorne"] = MunicipalityFactory(cbs_code="GM1992", name="Voorne aan Zee", slug="voorne-aan-zee")
    m["brielle"] = MunicipalityFactory(
        cbs_code="GM0501", name="Brielle", slug="brielle", dissolved_year=2023, successor=m["voorne"]
    )
    MembershipFactory(organisation=ggd, municipality=m["gouda"], start_year=2020)
    MembershipFactory(organisation=ggd, municipality=m["waddinxveen"], start_year=2020)
    # Leiden left after 2025: in 2026 it only takes what it buys individually.
    MembershipFactory(organisation=ggd, municipality=m["leiden"], start_year=2020, end_year=2025)
    MembershipFactory(organisation=cjg, municipality=m["rotterdam"])
    MembershipFactory(organisation=cjg, municipality=m["brielle"], end_year=2022)
    MembershipFactory(organisation=cjg, municipality=m["voorne"], start_year=2023)

    u = cat.units
    u["gbt"] = UnitFactory(organisation=ggd, slug="tr-gezondheidsbescherming", name="Gezondheidsbescherming", order=1)
    u["jgz"] = UnitFactory(organisation=ggd, slug="tr-jeugdgezondheidszorg", name="Jeugdgezondheidszorg", order=2)
    u["basis"] = UnitFactory(organisation=cjg, slug="tm-basispakket", name="Basispakket JGZ", order=1)
    u["app"] = UnitFactory(organisation=cjg, slug="tm-aanvullend", name="Aanvullend Preventief Pakket", order=2)

    p = cat.products

    def product(key: str, org, unit: str, tiers: list[str], laws: list[tuple[str, str]], **fields) -> Product:
        made = ProductFactory(organisation=org, unit=u[unit], tiers=[t[code] for code in tiers], **fields)
        for order, (law_key, article) in enumerate(laws):
            LegalBasis.objects.create(product=made, framework=law[law_key], article=article, order=order)
        p[key] = made
        return made

    product(
        "tbc", ggd, "gbt", ["1"], [("wpg", "artikel 6")],
        title="Tuberculosebestrijding", slug="tuberculosebestrijding", order=1,
        summary="Opsporen, behandelen en voorkomen van tuberculose.",
        goal="Het voorkomen van de ontwikkeling en verspreiding van tuberculose.",
        audience="Iedereen die in de regio woont, werkt of erdoorheen reist.",
        activities="- Screening van groepen met een verhoogd risico op tuberculose.\n"
        "- Bacillus Calmette-Guérin (BCG)-vaccinaties toedienen aan specifieke doelgroepen.\n"
        "- Bron- en contactonderzoek.",
        result="Het beperken van de verspreiding van tbc door snel op te sporen en in te grijpen.",
        rationale="Inwoners worden beschermd tegen tuberculose.",
        contacts="tbc@ggd-testregio.example",
    )  # fmt: skip
    product(
        "infectie", ggd, "gbt", ["1"], [("wpg", "artikel 6"), ("avg", "")],
        title="Infectieziektebestrijding", slug="infectieziektebestrijding", order=2,
        summary="Bestrijden van uitbraken van infectieziekten.",
        goal="Voorkomen dat infectieziekten zich verspreiden, van mazelen tot tuberculose.",
        activities="Bron- en contactonderzoek, advies over vaccinatie en hygiëne.",
        professionals="Artsen en verpleegkundigen infectieziektebestrijding.",
    )  # fmt: skip
    product(
        "milieu", ggd, "gbt", ["1"], [("wpg", "artikel 2")],
        title="Medische milieukunde", slug="medische-milieukunde", order=3,
        summary="Advies over gezondheid en leefomgeving.",
        goal="Inwoners beschermen tegen schadelijke milieufactoren zoals luchtvervuiling en geluid.",
    )  # fmt: skip
    product(
        "jgz", ggd, "jgz", ["2a"], [("wpg", "artikel 5"), ("jeugdwet", "")],
        title="Jeugdgezondheidszorg 0-18 jaar", slug="jeugdgezondheidszorg", order=4,
        summary="Het basispakket jeugdgezondheidszorg voor alle kinderen.",
        goal="Gezond en veilig opgroeien.", audience="Ouders en kinderen van -9 maanden tot 18 jaar.",
        age_min_months=-9, age_max_months=216,
    )  # fmt: skip
    product(
        "rvp", ggd, "jgz", ["2a"], [("wpg", "artikel 6b")],
        title="Rijksvaccinatieprogramma", slug="rijksvaccinatieprogramma", order=5,
        summary="Vaccinaties volgens het Rijksvaccinatieprogramma.",
        activities="We geven de vaccinatie tegen onder meer mazelen, polio en HPV.",
        age_min_months=0, age_max_months=216,
    )  # fmt: skip
    product(
        "kinderopvang", ggd, "gbt", ["2b"], [("wko", "artikel 1.62")],
        title="Toezicht kinderopvang", slug="toezicht-kinderopvang", order=6,
        summary="Inspecties van kinderopvang in opdracht van de gemeente.",
        goal="Veilige en gezonde kinderopvang.", age_min_months=0, age_max_months=156,
    )  # fmt: skip
    product(
        "ouderen", ggd, "gbt", ["3"], [],
        title="Gezondheidsonderzoek ouderen", slug="gezondheidsonderzoek-ouderen", order=7,
        summary="Extra onderzoek naar de gezondheid van 65-plussers.", age_min_months=780,
    )  # fmt: skip
    product(
        "reizigers", ggd, "gbt", ["4"], [],
        title="Reizigersadvisering", slug="reizigersadvisering", order=8,
        summary="Advies en vaccinatie voor reizigers.", goal="Gezond op reis.",
    )  # fmt: skip
    product(
        "concept", ggd, "gbt", ["1"], [("wpg", "")],
        title="Geheim conceptproduct", slug="geheim-conceptproduct", order=9,
        status=Status.CONCEPT, summary="Nog niet gepubliceerd: tuberculose vaccinatie.",
    )  # fmt: skip
    old_edition = EditionFactory(organisation=ggd, year=2025, title="Taken en diensten per januari 2025")
    product(
        "tbc_2025", ggd, "gbt", ["1"], [("wpg", "")],
        title="Tuberculosebestrijding", slug="tuberculosebestrijding", order=1, edition=old_edition,
        summary="De editie van 2025.",
    )  # fmt: skip

    product(
        "vier_weken", cjg, "basis", ["basis"], [("jeugdwet", ""), ("wpg", "artikel 5")],
        title="Contactmoment 4 weken", slug="contactmoment-4-weken", order=1,
        goal="Ouders krijgen zicht op de groei en ontwikkeling van hun baby.", age_min_months=1, age_max_months=1,
    )  # fmt: skip
    product(
        "voorlichting_rvp", cjg, "basis", ["rvp"], [("wpg", "artikel 6b")],
        title="Voorlichting Rijksvaccinatieprogramma", slug="voorlichting-rvp", order=2,
        goal="Een optimale vaccinatiegraad bereiken.",
        activities="Onze professionals lichten toe welke vaccinaties worden gegeven en waarom.",
        age_min_months=0, age_max_months=216,
    )  # fmt: skip
    product(
        "prenataal", cjg, "basis", ["basis"], [("jeugdwet", "")],
        title="Prenataal huisbezoek", slug="prenataal-huisbezoek", order=3,
        goal="Een goede start voor kwetsbare zwangeren.", age_min_months=-9, age_max_months=0,
    )  # fmt: skip
    product(
        "adolescenten", cjg, "app", ["app"], [("jeugdwet", "")],
        title="Extra contactmoment adolescenten", slug="extra-contactmoment-adolescenten", order=4,
        goal="Vroeg signaleren van problemen bij jongeren.", age_min_months=144, age_max_months=216,
    )  # fmt: skip

    UptakeFactory(product=p["kinderopvang"], municipality=m["gouda"])
    UptakeFactory(product=p["kinderopvang"], municipality=m["leiden"])
    UptakeFactory(product=p["ouderen"], municipality=m["waddinxveen"])
    UptakeFactory(product=p["adolescenten"], municipality=m["rotterdam"])

    GlossaryTermFactory(organisation=ggd, term="RVE", definition="Resultaat Verantwoordelijke Eenheid.")
    GlossaryTermFactory(organisation=ggd, term="GR", definition="Gemeenschappelijke Regeling.")
    GlossaryTermFactory(organisation=cjg, term="APP", definition="Aanvullend Preventief Pakket.")
    return cat


def multiply_catalogue(cat: Catalogue, factor: int = 100) -> int:
    """Add ``factor - 1`` copies of every published 2026 product of ``cat`` in bulk (same tiers, laws
    and uptake, new slugs), making that part of the catalogue ``factor`` times larger. Returns the
    number of products added."""
    originals = [
        product
        for product in cat.products.values()
        if product.status == Status.PUBLISHED and product.edition.year == YEAR
    ]
    copies: list[Product] = []
    for n in range(1, factor):
        for original in originals:
            copy = Product(
                organisation_id=original.organisation_id,
                edition_id=original.edition_id,
                unit_id=original.unit_id,
                title=f"{original.title} {n}",
                slug=f"{original.slug}-{n}",
                summary=original.summary,
                goal=original.goal,
                audience=original.audience,
                activities=original.activities,
                age_min_months=original.age_min_months,
                age_max_months=original.age_max_months,
                status=Status.PUBLISHED,
                order=original.order + 10 * n,
            )
            copy._original = original
            copies.append(copy)
    created = Product.objects.bulk_create(copies, batch_size=500)
    tiers = {o.pk: list(ProductTier.objects.filter(product=o)) for o in originals}
    bases = {o.pk: list(LegalBasis.objects.filter(product=o)) for o in originals}
    uptakes = {o.pk: list(Uptake.objects.filter(product=o)) for o in originals}
    # bulk_create on SQLite and PostgreSQL sets primary keys; the transient _original survives on the objects.
    ProductTier.objects.bulk_create(
        [ProductTier(product=c, tier_id=pt.tier_id) for c in created for pt in tiers[c._original.pk]], batch_size=500
    )
    LegalBasis.objects.bulk_create(
        [
            LegalBasis(product=c, framework_id=b.framework_id, article=b.article, order=b.order)
            for c in created
            for b in bases[c._original.pk]
        ],
        batch_size=500,
    )
    Uptake.objects.bulk_create(
        [Uptake(product=c, municipality_id=up.municipality_id) for c in created for up in uptakes[c._original.pk]],
        batch_size=500,
    )
    versioning.advance()  # bulk writes send no signals; like every bulk writer, say the catalogue changed
    return len(created)
