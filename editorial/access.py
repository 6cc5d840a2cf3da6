"""Who may see and do what in which organisation's catalogue: the one place these rules live.

Every staff path (admin querysets and permissions, autocompletes, history pages, previews, the
operations modules) asks these functions, so the rules cannot differ between paths.

- A role holds in one organisation, for all its units or only the units listed on the role.
- Every role lets its holder see the organisation's products within its units, drafts included.
- Editors edit concepts of their units; reviewers approve or reject them; administrators manage the
  organisation's roles, tiers, units and editions; read-only users only look.
- Superusers may do everything, and alone manage organisations and reference data (laws,
  municipalities, regions). The four-eyes rule binds them too (see editorial.operations.products).
- Inactive and anonymous users may do nothing here. The public sees published products only, through
  ``services.selectors.published_products``; nothing in this module widens that.
"""

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from editorial.models import Role
from services.models import Edition, Organisation, Product, ProductQuerySet, Tier, Unit
from services.selectors import product_list_queryset

Kind = Role.Kind
ALL_KINDS = tuple(Kind)
UserLike = User | AnonymousUser | None  # what request.user can be


def _is_staff_user(user: UserLike) -> TypeGuard[User]:  # the anonymous user is never authenticated
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_superuser(user: UserLike) -> bool:
    return _is_staff_user(user) and user.is_superuser


def roles(user: UserLike, kinds: tuple[str, ...] = ALL_KINDS) -> list[Role]:
    """The user's roles of these kinds, with their units."""
    if not _is_staff_user(user):
        return []
    return list(Role.objects.filter(user=user, role__in=kinds).prefetch_related("units"))


def scope(
    user: UserLike,
    kinds: tuple[str, ...] = ALL_KINDS,
    *,
    organisation: str = "organisation_id",
    unit: str = "unit_id",
) -> Q:
    """A filter for rows within the user's roles of these kinds.

    ``organisation`` and ``unit`` are the lookups from the filtered model to the organisation's and
    the unit's id (``"pk"`` on those models themselves); ``unit=""`` for rows of an organisation
    that belong to no unit, so that only the organisation counts.
    """
    if is_superuser(user):
        return Q()
    condition = Q(pk__in=[])
    for role in roles(user, kinds):
        clause = Q(**{organisation: role.organisation_id})
        unit_ids = [u.pk for u in role.units.all()]
        if unit and unit_ids:
            clause &= Q(**{f"{unit}__in": unit_ids})
        condition |= clause
    return condition


# Organisations


def organisations_with(user: UserLike, kinds: tuple[str, ...] = ALL_KINDS) -> QuerySet:
    """Organisations in which the user holds a role of these kinds."""
    return Organisation.objects.filter(scope(user, kinds, organisation="pk", unit=""))


def visible_organisations(user: UserLike) -> QuerySet:
    return organisations_with(user)


def administered_organisations(user: UserLike) -> QuerySet:
    return organisations_with(user, (Kind.ADMINISTRATOR,))


def may_administer(user: UserLike, organisation: Organisation | int | None) -> bool:
    organisation_id = getattr(organisation, "pk", organisation)
    if organisation_id is None:
        return is_superuser(user)
    return administered_organisations(user).filter(pk=organisation_id).exists()


def may_manage_reference_data(user: UserLike) -> bool:
    """Organisations, laws, municipalities and regions are shared by everyone: superusers only."""
    return is_superuser(user)


def population_scope(user: UserLike) -> Q:
    """Populations (inhabitant counts) a user may enter: of the members of an organisation they administer."""
    if is_superuser(user):
        return Q()
    return Q(municipality__memberships__organisation__in=administered_organisations(user))


def may_manage_population(user: UserLike, municipality_id: int | None) -> bool:
    if is_superuser(user):
        return True
    return (
        municipality_id is not None
        and administered_organisations(user).filter(memberships__municipality_id=municipality_id).exists()
    )


# Products


def visible_products(user: UserLike, queryset: ProductQuerySet | None = None) -> ProductQuerySet:
    """Every product (concepts and drafts included) the user may see in the staff screens."""
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.filter(scope(user))


def editable_products(user: UserLike, queryset: ProductQuerySet | None = None) -> ProductQuerySet:
    """Products the user may edit: an editor's units, in editions that are not published (frozen)."""
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.filter(scope(user, (Kind.EDITOR,))).exclude(edition__state=Edition.State.PUBLISHED)


def reviewable_products(user: UserLike, queryset: ProductQuerySet | None = None) -> ProductQuerySet:
    """Products the user may approve or reject (the four-eyes rule is checked on the product itself)."""
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.filter(scope(user, (Kind.REVIEWER,))).exclude(edition__state=Edition.State.PUBLISHED)


def _in(queryset: QuerySet, product: Product) -> bool:
    return product.pk is not None and queryset.filter(pk=product.pk).exists()


def may_view_product(user: UserLike, product: Product) -> bool:
    return _in(visible_products(user), product)


def may_edit_product(user: UserLike, product: Product) -> bool:
    return _in(editable_products(user), product)


def may_review_product(user: UserLike, product: Product) -> bool:
    return _in(reviewable_products(user), product)


def may_create_product_in(user: UserLike, *, organisation: Organisation, unit: Unit | None) -> bool:
    if is_superuser(user):
        return True
    for role in roles(user, (Kind.EDITOR,)):
        if role.organisation_id != organisation.pk:
            continue
        unit_ids = {u.pk for u in role.units.all()}
        if not unit_ids or (unit is not None and unit.pk in unit_ids):
            return True
    return False


def preview_product(user: UserLike, pk: int) -> Product | None:
    """The product (any status, drafts included) if the user may see it, else None (show a 404 then).

    For "preview as the public page and the book will show it": the view renders this product with
    the public template or the book template.
    """
    return product_list_queryset(visible_products(user)).filter(pk=pk).first()


# Organisation-level rows: units, tiers, editions, roles


def visible_editions(user: UserLike) -> QuerySet:
    return Edition.objects.filter(scope(user, unit=""))


def administered_editions(user: UserLike) -> QuerySet:
    return Edition.objects.filter(scope(user, (Kind.ADMINISTRATOR,), unit=""))


def visible_units(user: UserLike) -> QuerySet:
    return Unit.objects.filter(scope(user, unit=""))


def units_with(user: UserLike, kinds: tuple[str, ...] = ALL_KINDS) -> QuerySet:
    """Units the user's roles of these kinds cover (a narrowed role only its own units)."""
    return Unit.objects.filter(scope(user, kinds, unit="pk"))


def administered_units(user: UserLike) -> QuerySet:
    return Unit.objects.filter(scope(user, (Kind.ADMINISTRATOR,), unit=""))


def visible_tiers(user: UserLike) -> QuerySet:
    return Tier.objects.filter(scope(user, unit=""))


def administered_tiers(user: UserLike) -> QuerySet:
    return Tier.objects.filter(scope(user, (Kind.ADMINISTRATOR,), unit=""))


def administered_roles(user: UserLike) -> QuerySet:
    """Roles the user may grant, change or take away: those of the organisations they administer."""
    return Role.objects.filter(scope(user, (Kind.ADMINISTRATOR,), unit=""))
