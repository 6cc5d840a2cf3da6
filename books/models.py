"""The PDF books rendered from the catalogue."""

from django.db import models
from django.db.models import Q

from services.models import Organisation, Product


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
        COMPARISON = "vergelijking", "Vergelijking van gemeenten"

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
    seconds = models.FloatField(
        "duur (seconden)", null=True, blank=True, help_text="Hoe lang het opmaken duurde; voor de wachtpagina."
    )

    class Meta:
        verbose_name = "gemaakt boek (PDF)"
        verbose_name_plural = "gemaakte boeken (PDF)"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "fingerprint"], name="bookrender_unique_key_fingerprint"),
            models.CheckConstraint(condition=~Q(state="klaar") | ~Q(file=""), name="bookrender_ready_has_file"),
        ]
        # Moved here from the services app without moving the table.
        db_table = "services_bookrender"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RENDERING)
