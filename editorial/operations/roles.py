"""Roles: an organisation's administrator grants and withdraws what colleagues may do."""

from collections.abc import Iterable

from django.db import transaction

from editorial import access
from editorial.models import Role
from editorial.operations.products import NotAllowed, WorkflowError
from services.models import Unit


def check_units(organisation_id: int | None, units: Iterable[Unit]) -> None:
    """A role's units are units of its own organisation."""
    if organisation_id and any(unit.organisation_id != organisation_id for unit in units):
        raise WorkflowError({"units": "Kies alleen eenheden van de gekozen organisatie."}, code="units")


@transaction.atomic
def save_role(*, user, role: Role, units: Iterable[Unit]) -> Role:
    """Grant (or change) ``role`` with its units; the colleague gets access to the staff screens.

    A role's units belong to its organisation; only an administrator of that organisation (or a superuser)
    may grant it, also when an existing role is moved to another organisation.
    """
    units = list(units)
    organisations = {role.organisation_id}
    if role.pk:
        organisations.add(Role.objects.filter(pk=role.pk).values_list("organisation_id", flat=True).get())
    if not all(access.may_administer(user, organisation) for organisation in organisations):
        raise NotAllowed("Alleen een beheerder van de organisatie mag rollen toekennen.")
    check_units(role.organisation_id, units)
    role._history_user = user
    role.full_clean()
    role.save()
    role.units.set(units)
    colleague = role.user
    if not colleague.is_staff:
        # Staff status only opens the admin; what the colleague sees there follows from the roles.
        colleague.is_staff = True
        colleague.full_clean(validate_unique=False)
        colleague.save(update_fields=["is_staff"])
    return role


@transaction.atomic
def withdraw_role(*, user, role: Role) -> None:
    if not access.may_administer(user, role.organisation_id):
        raise NotAllowed("Alleen een beheerder van de organisatie mag rollen intrekken.")
    role._history_user = user
    role.delete()
