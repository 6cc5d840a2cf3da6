"""Admin building blocks shared by the apps: safe links to public pages and per-organisation filters."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from editorial.access import visible_organisations


class PublicPageLinkMixin:
    """Link a change page straight to the object's public page (Django's default goes through a redirect view)."""

    def view_on_site(self, obj: Any) -> str | None:  # a row of the admin's model, which has get_absolute_url()
        return obj.get_absolute_url()


class OrganisationScopedFilter(admin.RelatedFieldListFilter):
    """Filter on a per-organisation model (unit, tier, edition), its choices labelled with the organisation.

    Unit and tier names repeat across organisations ("Schil 1", "Jeugdgezondheidszorg"), so each label
    names its organisation, and once the list is filtered on an organisation only that organisation's
    choices remain. All choices come from one query; the default calls ``str()`` per choice, which costs a
    query per edition.
    """

    def organisation_parameter(self) -> str:
        """The query parameter of the organisation filter beside this one ("product__edition" ->
        "product__organisation__id__exact")."""
        prefix = self.field_path.rpartition("__")[0]
        return f"{prefix}__organisation__id__exact" if prefix else "organisation__id__exact"

    # The stubs type a choice's value as str; here, as in Django's own filter, it is the row's primary key.
    def field_choices(  # type: ignore[override]
        self, field, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[int, str]]:
        queryset = field.related_model._default_manager.select_related("organisation")
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        # Only the organisations the user works for (editorial.access): no other catalogue's units or tiers.
        queryset = queryset.filter(organisation__in=visible_organisations(request.user))
        organisation = request.GET.get(self.organisation_parameter(), "")
        if organisation.isdigit():
            queryset = queryset.filter(organisation_id=organisation)
        return [(obj.pk, self.label(obj)) for obj in queryset]

    def label(self, obj: Model) -> str:
        return f"{obj.organisation} · {obj}"  # type: ignore[attr-defined]


class EditionFilter(OrganisationScopedFilter):
    """Editions already name their organisation ("Hecht 2026")."""

    def label(self, obj: Model) -> str:
        return str(obj)
