"""Roles: what a staff member may do in one organisation's catalogue."""

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from simple_history import register

from services.models import Organisation, Unit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from simple_history.manager import HistoryManager


class Role(models.Model):
    """What a staff member may do in one organisation's catalogue, optionally only for some units.

    The rules that follow from roles live in ``editorial.access``.
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

    if TYPE_CHECKING:
        # Added by simple_history's register() below; its save() records _history_user.
        history: ClassVar[HistoryManager]
        _history_user: AbstractBaseUser | AnonymousUser | None  # request.user, as simple_history itself sets it

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        ordering = ["organisation", "user__username", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="role_unique")]
        # Moved here from the services app without moving the table.
        db_table = "services_role"

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} bij {self.organisation}"


register(Role, table_name="services_historicalrole")
