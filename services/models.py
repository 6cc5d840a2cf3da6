"""Catalogue data: organisations, their units, tiers, laws, annual editions and products.

Catalogue rows are protected from cascading deletes: removing an organisation, unit, tier, law or
edition that still has products fails instead of silently taking products with it. Only rows that are
part of one product (its legal bases, tier memberships, uptake) go with that product.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history import register

from services.freezing import edition_frozen_error, frozen_message, writes_allowed


class Commissioning(models.TextChoices):
    ALL_MEMBERS = "gezamenlijk", "Alle deelnemende gemeenten gezamenlijk"
    INDIVIDUAL = "individueel", "Gemeenten afzonderlijk"
    OTHER_CLIENTS = "derden", "Andere opdrachtgevers"


class Status(models.TextChoices):
    CONCEPT = "concept", "Concept"
    IN_REVIEW = "review", "Ter beoordeling"
    PUBLISHED = "gepubliceerd", "Gepubliceerd"
    ARCHIVED = "gearchiveerd", "Gearchiveerd"


# A product's descriptive texts, in the order of its page and the book (the admin searches them, versions
# compare them word by word).
PRODUCT_TEXT_FIELDS = (
    "summary",
    "goal",
    "audience",
    "legal_text",
    "activities",
    "rationale",
    "result",
    "professionals",
    "contacts",
)


class OrganisationQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> "Organisation":
        return self.get(slug=slug)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GGD = "ggd", "GGD"
        CJG = "cjg", "Centrum voor Jeugd en Gezin"
        OTHER = "overig", "Overige organisatie"

    name = models.CharField(
        "naam", max_length=200, unique=True, help_text="Volledige naam, bv. 'Hecht, GGD Hollands Midden'."
    )
    short_name = models.CharField(
        "korte naam", max_length=60, help_text="Naam zoals die in lijsten staat, bv. 'Hecht'."
    )
    slug = models.SlugField("slug", max_length=60, unique=True, help_text="Korte naam in URL's, bv. 'hecht'.")
    kind = models.CharField("soort", max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name="regio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="De regio (werkgebied) van de organisatie.",
    )
    website = models.URLField("website", blank=True)
    introduction = models.TextField("inleiding", blank=True, help_text="Inleidende tekst van het productenboek.")
    municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        verbose_name="deelnemende gemeenten",
        through="Membership",
        related_name="organisations",
        blank=True,
    )
    # The organisation's own wording of the product sections ("Wat willen we bereiken?" / "Doelstelling").
    heading_goal = models.CharField("kop doel", max_length=100, default="Doelstelling")
    heading_audience = models.CharField("kop doelgroep", max_length=100, default="Doelgroep")
    heading_legal = models.CharField("kop wettelijk kader", max_length=100, default="Wettelijk kader")
    heading_activities = models.CharField("kop inhoud", max_length=100, default="Inhoud")
    heading_rationale = models.CharField("kop waarom", max_length=100, default="Waarom")
    heading_result = models.CharField("kop resultaat", max_length=100, default="Resultaat")
    heading_professionals = models.CharField("kop professionals", max_length=100, default="Professional")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("services:organisation-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def section_headings(self) -> dict[str, str]:
        """Product section field name -> this organisation's heading for it."""
        return {
            "goal": self.heading_goal,
            "audience": self.heading_audience,
            "activities": self.heading_activities,
            "rationale": self.heading_rationale,
            "result": self.heading_result,
            "professionals": self.heading_professionals,
        }


class MembershipQuerySet(models.QuerySet):
    def get_by_natural_key(self, organisation_slug: str, cbs_code: str) -> "Membership":
        return self.get(organisation__slug=organisation_slug, municipality__cbs_code=cbs_code)


class Membership(models.Model):
    """A municipality being a member (participant) of an organisation, over a span of years."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="memberships"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name="gemeente", on_delete=models.PROTECT, related_name="memberships"
    )
    start_year = models.PositiveSmallIntegerField("vanaf jaar", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        "tot en met jaar", null=True, blank=True, help_text="Leeg zolang de gemeente deelneemt."
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "deelname"
        verbose_name_plural = "deelnemende gemeenten"
        ordering = ["organisation", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "municipality"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(start_year__lte=F("end_year")),
                name="membership_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} bij {self.organisation}"

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.municipality.cbs_code)

    natural_key.dependencies = ["services.organisation", "municipalities.municipality"]  # type: ignore[attr-defined]


class UnitQuerySet(models.QuerySet):
    def get_by_natural_key(self, organisation_slug: str, slug: str) -> "Unit":
        return self.get(organisation__slug=organisation_slug, slug=slug)


class Unit(models.Model):
    """An organisational unit (RVE, Resultaat Verantwoordelijke Eenheid) or a chapter of the book."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("naam", max_length=200)
    slug = models.SlugField("slug", max_length=100)
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    introduction = models.TextField("inleiding", blank=True, help_text="Korte introductie van de eenheid.")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "eenheid (RVE)"
        verbose_name_plural = "eenheden (RVE's)"
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unit_unique_slug_per_organisation"),
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.slug)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]


class TierQuerySet(models.QuerySet):
    def get_by_natural_key(self, organisation_slug: str, code: str) -> "Tier":
        return self.get(organisation__slug=organisation_slug, code=code)


class Tier(models.Model):
    """An organisation's own tier ("schil" at Hecht; Basispakket, RVP, ... at CJG Rijnmond)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="tiers"
    )
    code = models.SlugField(
        "code", max_length=30, help_text="Korte code, bv. '2a' of 'app'; staat in URL's en filters."
    )
    name = models.CharField("naam", max_length=200, help_text="Bv. 'Schil 2a' of 'Aanvullend Preventief Pakket'.")
    definition = models.TextField("betekenis", blank=True, help_text="Wat deze schil inhoudt.")
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    statutory = models.BooleanField("wettelijke taak", default=False)
    commissioning = models.CharField(
        "opdrachtgever",
        max_length=20,
        choices=Commissioning.choices,
        help_text="Wie de producten in deze schil afneemt: alle gemeenten samen, gemeenten afzonderlijk of derden.",
    )

    objects = TierQuerySet.as_manager()

    class Meta:
        verbose_name = "schil"
        verbose_name_plural = "schillen"
        ordering = ["organisation", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="tier_unique_code_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.code)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]


class LegalFrameworkQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> "LegalFramework":
        return self.get(slug=slug)


class LegalFramework(models.Model):
    name = models.CharField("naam", max_length=200, unique=True, help_text="Bv. 'Wet publieke gezondheid'.")
    abbreviation = models.CharField("afkorting", max_length=30, blank=True, help_text="Bv. 'Wpg'.")
    slug = models.SlugField("slug", max_length=100, unique=True)
    bwb_id = models.CharField(
        "BWB-id",
        max_length=20,
        blank=True,
        help_text="Identificatie op wetten.overheid.nl, bv. BWBR0024705 voor de Wet publieke gezondheid.",
    )
    url = models.URLField(
        "officiële tekst",
        blank=True,
        help_text="Link naar de officiële tekst als die niet op wetten.overheid.nl staat (bv. EU-regelgeving).",
    )

    objects = LegalFrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = "wettelijk kader"
        verbose_name_plural = "wettelijke kaders"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["bwb_id"], condition=~Q(bwb_id=""), name="legalframework_unique_bwb_id"),
            models.CheckConstraint(
                condition=Q(bwb_id="") | Q(bwb_id__regex=r"^BWB[RV][0-9]{7}$"), name="legalframework_bwb_id_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:law-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def official_url(self) -> str:
        if self.bwb_id:
            return f"https://wetten.overheid.nl/{self.bwb_id}/"
        return self.url


class EditionQuerySet(models.QuerySet):
    def get_by_natural_key(self, organisation_slug: str, year: int) -> "Edition":
        return self.get(organisation__slug=organisation_slug, year=year)


class Edition(models.Model):
    """An organisation's catalogue of one year ("taken en diensten per januari 2026")."""

    class State(models.TextChoices):
        CONCEPT = "concept", "Concept"
        PUBLISHED = "gepubliceerd", "Gepubliceerd"

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="editions"
    )
    year = models.PositiveSmallIntegerField("jaar")
    title = models.CharField("titel", max_length=200, help_text="Bv. 'Taken en diensten per januari 2026'.")
    state = models.CharField("status", max_length=20, choices=State.choices, default=State.CONCEPT)
    published_at = models.DateTimeField("gepubliceerd op", null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name="gebaseerd op",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text="De editie waarvan deze editie een kopie is; basis voor de vergelijking tussen jaren.",
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "editie"
        verbose_name_plural = "edities"
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="edition_unique_year_per_organisation"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="edition_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    def natural_key(self) -> tuple[str, int]:
        return (self.organisation.slug, self.year)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        # The stored state counts: an edition that is being published is still open for this save.
        if self.pk:
            stored = Edition.objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == Edition.State.PUBLISHED and not writes_allowed():
                raise ValidationError(frozen_message(self))

    @property
    def is_frozen(self) -> bool:
        return self.state == Edition.State.PUBLISHED


class ProductQuerySet(models.QuerySet):
    def get_by_natural_key(self, organisation_slug: str, year: int, slug: str) -> "Product":
        # A concept copy shares its product's slug; the natural key names the product itself.
        return self.get(
            edition__organisation__slug=organisation_slug, edition__year=year, slug=slug, draft_of__isnull=True
        )

    def published(self) -> "ProductQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def originals(self) -> "ProductQuerySet":
        """Products themselves, without the concept copies of published products."""
        return self.filter(draft_of__isnull=True)


class Product(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="products"
    )
    edition = models.ForeignKey(Edition, verbose_name="editie", on_delete=models.PROTECT, related_name="products")
    unit = models.ForeignKey(Unit, verbose_name="eenheid (RVE)", on_delete=models.PROTECT, related_name="products")
    tiers = models.ManyToManyField(Tier, verbose_name="schillen", through="ProductTier", related_name="products")
    title = models.CharField("titel", max_length=250)
    slug = models.SlugField("slug", max_length=120, help_text="Uniek binnen de editie; staat in de URL.")
    summary = models.CharField("samenvatting", max_length=400, blank=True, help_text="Eén regel: wat het product is.")
    goal = models.TextField("doel", blank=True, help_text="Wat willen we bereiken? / Doelstelling.")
    audience = models.TextField("doelgroep", blank=True, help_text="Voor wie doen we het? / Doelgroep.")
    legal_text = models.TextField(
        "toelichting wettelijk kader",
        blank=True,
        help_text="De tekst onder 'Wat is het wettelijk kader hiervoor?' zoals die in het boek staat.",
    )
    activities = models.TextField("inhoud", blank=True, help_text="Wat gaan we daarvoor doen? / Inhoud.")
    rationale = models.TextField("waarom", blank=True, help_text="Waarom gaan we dit doen?")
    result = models.TextField("resultaat", blank=True, help_text="Welk resultaat levert dit op? / Resultaat.")
    professionals = models.TextField("professionals", blank=True, help_text="Wie voeren het uit.")
    contacts = models.TextField("contact", blank=True, help_text="Contactadressen, e-mail, telefoon, website.")
    age_min_months = models.SmallIntegerField(
        "leeftijd vanaf (maanden)",
        null=True,
        blank=True,
        help_text="Laagste leeftijd in maanden; prenataal is negatief (bv. -9).",
    )
    age_max_months = models.SmallIntegerField(
        "leeftijd tot en met (maanden)",
        null=True,
        blank=True,
        help_text="Hoogste leeftijd in maanden (bv. 216 = 18 jaar).",
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.CONCEPT)
    order = models.PositiveSmallIntegerField("volgorde", default=0, help_text="Plaats in het boek.")
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    # Editorial workflow (see services.editing).
    draft_of = models.OneToOneField(
        "self",
        verbose_name="concept van",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draft",
        editable=False,
        help_text="Het gepubliceerde product waarvan dit de bewerking is; het publiek ziet die tot de goedkeuring.",
    )
    version = models.PositiveIntegerField(
        "versie",
        default=1,
        editable=False,
        help_text="Telt elke opgeslagen wijziging; voorkomt dat wijzigingen elkaar overschrijven.",
    )
    review_due = models.DateField(
        "herzien vóór", null=True, blank=True, help_text="Datum waarop de tekst uiterlijk opnieuw bekeken moet zijn."
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="laatst bewerkt door",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ingediend door",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField("ingediend op", null=True, blank=True, editable=False)
    review_note = models.TextField(
        "opmerking beoordelaar", blank=True, editable=False, help_text="Waarom de beoordelaar het concept afwees."
    )
    # Kept up to date by a database trigger on PostgreSQL (migration 0003_search_vector); unused on SQLite.
    search_vector = SearchVectorField("zoekindex", null=True, blank=True, editable=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["edition", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"],
                condition=Q(draft_of__isnull=True),
                name="product_unique_slug_per_edition",
                violation_error_message="Deze editie heeft al een product met deze slug.",
            ),
            # A concept copy is never what the public sees.
            models.CheckConstraint(
                condition=Q(draft_of__isnull=True) | Q(status__in=["concept", "review"]),
                name="product_draft_never_published",
            ),
            models.CheckConstraint(
                condition=Q(age_min_months__isnull=True)
                | Q(age_max_months__isnull=True)
                | Q(age_min_months__lte=F("age_max_months")),
                name="product_age_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(age_min_months__isnull=True) | Q(age_min_months__gte=-10),
                name="product_age_min_from_conception",
            ),
            models.CheckConstraint(
                condition=Q(age_max_months__isnull=True) | Q(age_max_months__lte=1500),
                name="product_age_max_plausible",
            ),
        ]
        indexes = [models.Index(fields=["status", "edition"], name="product_status_edition_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The public page; a product of another edition than the current one carries ``?jaar=``."""
        url = reverse("services:product-detail", kwargs={"organisation": self.organisation.slug, "slug": self.slug})
        if self.edition.year != settings.CATALOGUE_CURRENT_YEAR:
            url += f"?jaar={self.edition.year}"
        return url

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.edition.natural_key(), self.slug)

    natural_key.dependencies = ["services.edition"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        errors = {}
        # Neither the edition the product is in nor the one it would move to may be frozen.
        stored = Product.objects.filter(pk=self.pk).values_list("edition", flat=True).first() if self.pk else None
        for edition_id in {self.edition_id, stored} - {None}:
            edition = self.edition if edition_id == self.edition_id else Edition.objects.get(pk=edition_id)
            if error := edition_frozen_error(edition):
                errors["edition"] = error
        if self.edition_id and self.organisation_id and self.edition.organisation_id != self.organisation_id:
            errors["edition"] = "De editie hoort bij een andere organisatie."
        if self.unit_id and self.organisation_id and self.unit.organisation_id != self.organisation_id:
            errors["unit"] = "De eenheid hoort bij een andere organisatie."
        if (
            self.age_min_months is not None
            and self.age_max_months is not None
            and self.age_min_months > self.age_max_months
        ):
            errors["age_max_months"] = "De hoogste leeftijd moet gelijk aan of hoger zijn dan de laagste leeftijd."
        if errors:
            raise ValidationError(errors)


class ProductTierQuerySet(models.QuerySet):
    def get_by_natural_key(self, organisation_slug: str, year: int, slug: str, tier_code: str) -> "ProductTier":
        return self.get(
            product=Product.objects.get_by_natural_key(organisation_slug, year, slug),
            tier__organisation__slug=organisation_slug,
            tier__code=tier_code,
        )


class ProductTier(models.Model):
    product = models.ForeignKey(Product, verbose_name="product", on_delete=models.CASCADE, related_name="product_tiers")
    tier = models.ForeignKey(Tier, verbose_name="schil", on_delete=models.PROTECT, related_name="product_tiers")

    objects = ProductTierQuerySet.as_manager()

    class Meta:
        verbose_name = "schil van product"
        verbose_name_plural = "schillen van product"
        ordering = ["tier__order"]
        constraints = [models.UniqueConstraint(fields=["product", "tier"], name="producttier_unique")]

    def __str__(self) -> str:
        return f"{self.product} in {self.tier}"

    def clean(self) -> None:
        if self.product_id and (error := edition_frozen_error(self.product.edition)):
            raise ValidationError(error)
        if self.product_id and self.tier_id and self.tier.organisation_id != self.product.organisation_id:
            raise ValidationError({"tier": "De schil hoort bij een andere organisatie."})

    def natural_key(self) -> tuple:
        return (*self.product.natural_key(), self.tier.code)

    natural_key.dependencies = ["services.product", "services.tier"]  # type: ignore[attr-defined]


class LegalBasisQuerySet(models.QuerySet):
    def get_by_natural_key(
        self, organisation_slug: str, year: int, slug: str, framework_slug: str, article: str
    ) -> "LegalBasis":
        return self.get(
            product=Product.objects.get_by_natural_key(organisation_slug, year, slug),
            framework__slug=framework_slug,
            article=article,
        )


class LegalBasis(models.Model):
    """One entry of a product's legal basis: a law, optionally an article and a note, in order."""

    product = models.ForeignKey(Product, verbose_name="product", on_delete=models.CASCADE, related_name="legal_bases")
    framework = models.ForeignKey(
        LegalFramework, verbose_name="wettelijk kader", on_delete=models.PROTECT, related_name="legal_bases"
    )
    article = models.CharField("artikel", max_length=100, blank=True, help_text="Bv. 'artikel 2h'.")
    note = models.CharField("toelichting", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        verbose_name = "wettelijke grondslag"
        verbose_name_plural = "wettelijke grondslagen"
        ordering = ["product", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "framework", "article"], name="legalbasis_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.article}".strip()

    def clean(self) -> None:
        if self.product_id and (error := edition_frozen_error(self.product.edition)):
            raise ValidationError(error)

    def natural_key(self) -> tuple:
        return (*self.product.natural_key(), self.framework.slug, self.article)

    natural_key.dependencies = ["services.product", "services.legalframework"]  # type: ignore[attr-defined]


class GlossaryTermQuerySet(models.QuerySet):
    def get_by_natural_key(self, organisation_slug: str, term: str) -> "GlossaryTerm":
        return self.get(organisation__slug=organisation_slug, term=term)


class GlossaryTerm(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="glossary_terms"
    )
    term = models.CharField("begrip", max_length=200)
    definition = models.TextField("omschrijving")

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        verbose_name = "begrip"
        verbose_name_plural = "begrippen"
        ordering = ["organisation", "term"]
        constraints = [models.UniqueConstraint(fields=["organisation", "term"], name="glossaryterm_unique_term")]

    def __str__(self) -> str:
        return self.term

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.term)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]


class Role(models.Model):
    """What a staff member may do in one organisation's catalogue, optionally only for some units.

    The rules that follow from roles live in ``services.access``.
    """

    class Kind(models.TextChoices):
        EDITOR = "redacteur", "Redacteur (bewerkt concepten)"
        REVIEWER = "beoordelaar", "Beoordelaar (keurt publicatie goed)"
        ADMINISTRATOR = "beheerder", "Beheerder (gebruikers, schillen, eenheden, edities)"
        READ_ONLY = "lezer", "Alleen lezen"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="gebruiker", on_delete=models.CASCADE, related_name="catalogue_roles"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("rol", max_length=20, choices=Kind.choices)
    units = models.ManyToManyField(
        Unit,
        verbose_name="eenheden",
        blank=True,
        related_name="roles",
        help_text="Leeg: alle eenheden van de organisatie. Anders geldt de rol alleen voor deze eenheden.",
    )

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        ordering = ["organisation", "user__username", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} bij {self.organisation}"


class ProductVersion(models.Model):
    """Extra columns of every historical product row: the product's tiers, laws and uptake at that moment.

    A product version is the product together with these rows, so the history can show and restore
    them in one piece (see services.history).
    """

    relations = models.JSONField("schillen, wetten en afname", default=dict, blank=True)

    class Meta:
        abstract = True


# History ("who changed what, when") of every catalogue row staff can edit.
for _model in (Organisation, Unit, Tier, LegalFramework, Edition, ProductTier, LegalBasis, GlossaryTerm, Membership):
    register(_model)
register(Product, bases=[ProductVersion], excluded_fields=["updated_at", "search_vector"])
register(Role)


def book_upload_to(instance: "BookRender", filename: str) -> str:
    return f"boeken/{instance.year}/{instance.key[:2]}/{instance.key}-{instance.fingerprint[:12]}.pdf"


class BookRender(models.Model):
    """A PDF book rendered (or being rendered) from one state of the catalogue.

    ``key`` names the book (kind, organisation, year, municipality, product or selection, preview);
    ``fingerprint`` hashes every catalogue row the book prints. A stored PDF is served as long as the
    fingerprint computed now equals the stored one; any change to the book's rows gives a new
    fingerprint, so the old file is stale and a new render is queued.
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisatie", "Productenboek van een organisatie"
        MUNICIPALITY = "gemeente", "Productenboek van een gemeente"
        PRODUCT = "product", "Eén product"
        SELECTION = "selectie", "Selectie uit de catalogus"

    class State(models.TextChoices):
        QUEUED = "wachtrij", "In de wachtrij"
        RENDERING = "bezig", "Wordt gemaakt"
        READY = "klaar", "Klaar"
        FAILED = "mislukt", "Mislukt"

    key = models.CharField("sleutel", max_length=40, db_index=True, help_text="Welk boek, los van de inhoud.")
    fingerprint = models.CharField("vingerafdruk", max_length=40, help_text="Hash van de catalogusgegevens.")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("jaar")
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name="gemeente",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    product = models.ForeignKey(
        Product, verbose_name="product", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    query = models.CharField("selectie", max_length=1000, blank=True, help_text="Filters van een selectie.")
    preview = models.BooleanField(
        "voorbeeld", default=False, help_text="Met conceptproducten, alleen voor medewerkers."
    )
    changes = models.BooleanField(
        "met wijzigingen",
        default=False,
        help_text="Met een bijlage van de wijzigingen ten opzichte van de vorige editie.",
    )
    state = models.CharField("status", max_length=20, choices=State.choices, default=State.QUEUED)
    file = models.FileField("PDF", upload_to=book_upload_to, blank=True)
    filename = models.CharField("bestandsnaam", max_length=200)
    page_count = models.PositiveIntegerField("aantal pagina's", null=True, blank=True)
    size = models.PositiveIntegerField("grootte (bytes)", null=True, blank=True)
    error = models.TextField("foutmelding", blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("bijgewerkt op", auto_now=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        verbose_name = "gemaakt boek (PDF)"
        verbose_name_plural = "gemaakte boeken (PDF)"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "fingerprint"], name="bookrender_unique_key_fingerprint"),
            models.CheckConstraint(condition=~Q(state="klaar") | ~Q(file=""), name="bookrender_ready_has_file"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RENDERING)


class SynonymSet(models.Model):
    """Words officers use for the same thing (``inenting``, ``vaccinatie``); applied at query time.

    Searching for any of the terms finds products that contain any of them, so a new set works at once,
    without rebuilding the search vectors.
    """

    terms = models.TextField(
        "termen",
        help_text="Eén term per regel, bijvoorbeeld een afkorting en wat die voluit betekent.",
    )
    source = models.CharField("bron", max_length=300, blank=True, help_text="Waar de afkorting voluit staat.")

    class Meta:
        verbose_name = "synoniemenset"
        verbose_name_plural = "synoniemensets"
        ordering = ["terms"]

    def __str__(self) -> str:
        return " = ".join(self.term_list())

    def term_list(self) -> list[str]:
        return [" ".join(line.split()) for line in self.terms.splitlines() if line.strip()]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": "Vul minstens twee termen in, elk op een eigen regel."})
        if len({term.lower() for term in terms}) != len(terms):
            raise ValidationError({"terms": "Elke term mag maar één keer in de set staan."})
        self.terms = "\n".join(terms)


class ProductKeyword(models.Model):
    """A trefwoord staff add to a product so that searching for it finds the product (query time)."""

    product = models.ForeignKey(Product, verbose_name="product", on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField("trefwoord", max_length=100)

    class Meta:
        verbose_name = "trefwoord"
        verbose_name_plural = "trefwoorden"
        ordering = ["product", "keyword"]
        constraints = [models.UniqueConstraint(fields=["product", "keyword"], name="productkeyword_unique")]

    def __str__(self) -> str:
        return self.keyword

    def clean(self) -> None:
        self.keyword = " ".join((self.keyword or "").split())
