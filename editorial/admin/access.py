"""The access rules and the editorial workflow in the admin, as mixins for the catalogue's ModelAdmins.

Put the mixin first in each admin's bases, e.g. ``class ProductAdmin(ProductAccessAdmin, ...)``. Every
admin path then asks ``editorial.access``: changelists and autocompletes (``get_queryset``), change
forms, deletes and actions (``has_*_permission``), foreign-key choices, and history pages. Django's
model permissions play no part: roles decide, superusers may do everything.

Product writes in the admin follow the workflow of ``editorial.operations.products``: a published product is
read-only and has a button that opens (or makes) its concept copy; the change form carries the
version it was opened on and refuses to overwrite a newer one; submit, approve (four eyes) and reject
are buttons and actions; history has a readable diff between any two versions and a restore button.
"""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from editorial import access
from editorial.admin.guidance import frozen_guidance
from editorial.history import compare, product_versions
from editorial.models import Role
from editorial.operations import editions, roles
from editorial.operations import products as editing
from editorial.staff import overdue_products
from editorial.views import ProductPreviewView
from services.models import CONTENT_FIELDS, Edition, Product, ProductQuerySet, Status, Tier

if TYPE_CHECKING:
    # django-simple-history ships no types: its admin, as far as these admins use it, is Django's ModelAdmin.
    class SimpleHistoryAdmin(admin.ModelAdmin[Any]):
        def history_form_view(
            self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict | None = None
        ) -> HttpResponse: ...

    # ProductRowInlineAccess is only ever mixed into an inline; the type checker needs to know its super().
    _InlineBase = admin.options.InlineModelAdmin[Any, Any]
else:
    from simple_history.admin import SimpleHistoryAdmin

    _InlineBase = object

Kind = Role.Kind


def _has_role(request: HttpRequest, kinds: tuple[str, ...] = access.ALL_KINDS) -> bool:
    return access.is_superuser(request.user) or bool(access.roles(request.user, kinds))


class RoleScopedAdmin(SimpleHistoryAdmin):
    """Base: what a user sees and may change comes from their roles (editorial.access).

    Subclasses name the rows a user may see (``visible``) and may change (``changeable``); history
    pages show and never revert (a restore goes through the workflow).
    """

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def may_add(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.visible(request, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _has_role(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return _has_role(request)
        return obj.pk is not None and self.visible(request, self.model._default_manager.filter(pk=obj.pk)).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.changeable(request, self.model._default_manager.all()).exists() or self.may_add(request)
        return obj.pk is not None and self.changeable(request, self.model._default_manager.filter(pk=obj.pk)).exists()

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.may_add(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        # simple-history's form view saves an old version straight over the row on POST, past the
        # workflow and the frozen check; here it only shows. Restoring is a workflow step.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class ReferenceDataAccessAdmin(RoleScopedAdmin):
    """Laws, municipalities, regions, organisations: every staff member may look (and pick them in
    autocompletes), only superusers change them."""

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset if _has_role(request) else queryset.none()

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset if access.may_manage_reference_data(request.user) else queryset.none()


class OrganisationAccessAdmin(ReferenceDataAccessAdmin):
    """Organisations: staff see their own, superusers manage them all."""

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(pk__in=access.visible_organisations(request.user).values("pk"))


class OrganisationRowAccessAdmin(RoleScopedAdmin):
    """Rows of one organisation managed by its administrators: units, tiers, glossary terms, roles."""

    organisation_field = "organisation_id"

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(access.scope(request.user, organisation=self.organisation_field, unit=""))

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(
            access.scope(request.user, (Kind.ADMINISTRATOR,), organisation=self.organisation_field, unit="")
        )

    def may_add(self, request: HttpRequest) -> bool:
        return access.administered_organisations(request.user).exists()

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "organisation":
            kwargs["queryset"] = access.administered_organisations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoleForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # a ModelForm's clean() returns its cleaned_data
        organisation = cleaned.get("organisation")
        roles.check_units(organisation.pk if organisation else None, cleaned.get("units") or [])
        return cleaned


class RoleAccessAdmin(OrganisationRowAccessAdmin):
    """Roles: administrators grant the roles of their own organisations; the user becomes staff."""

    form = RoleForm

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return self.changeable(request, queryset)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "user" and not access.is_superuser(request.user):
            # Colleagues and accounts without a role yet; not the staff of other organisations.
            administered = access.administered_organisations(request.user)
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_superuser=False)
                .filter(Q(catalogue_roles__organisation__in=administered) | Q(catalogue_roles__isnull=True))
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "units":
            kwargs["queryset"] = access.administered_units(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Role, form, change: bool) -> None:
        roles.save_role(user=request.user, role=obj, units=form.cleaned_data.get("units") or [])

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The units were set by roles.save_role; a role has no inlines.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Role) -> None:
        roles.withdraw_role(user=request.user, role=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for role in queryset:
            roles.withdraw_role(user=request.user, role=role)


class EditionAccessAdmin(OrganisationRowAccessAdmin):
    """Editions: administrators start and publish them; a published edition is read-only."""

    actions = ["start_next_edition", "publish_editions"]

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return super().changeable(request, queryset).exclude(state=Edition.State.PUBLISHED)

    def get_readonly_fields(self, request: HttpRequest, obj: Edition | None = None):
        # State and publication date change only through "Publiceer editie".
        return (*super().get_readonly_fields(request, obj), "state", "published_at")

    def get_actions(self, request: HttpRequest) -> dict:
        found = super().get_actions(request)
        if not access.administered_organisations(request.user).exists():
            found.pop("start_next_edition", None)
            found.pop("publish_editions", None)
        return found

    @admin.action(description="Start editie volgend jaar (kopie van de gekozen editie)")
    def start_next_edition(self, request: HttpRequest, queryset: QuerySet) -> None:
        for edition in queryset:
            try:
                new = editions.start_edition(user=request.user, source=edition)
            except (editing.WorkflowError, editing.NotAllowed) as error:
                self.message_user(request, f"{edition}: {_message(error)}", messages.ERROR)
            else:
                self.message_user(request, f"Editie {new.year} gestart vanuit {edition.year}.", messages.SUCCESS)

    @admin.action(description="Publiceer editie (bevriest de inhoud)")
    def publish_editions(self, request: HttpRequest, queryset: QuerySet) -> None:
        for edition in queryset:
            try:
                editions.publish_edition(user=request.user, edition=edition)
            except (editing.WorkflowError, editing.NotAllowed) as error:
                self.message_user(request, f"{edition}: {_message(error)}", messages.ERROR)
            else:
                self.message_user(request, f"Editie {edition.year} is gepubliceerd en bevroren.", messages.SUCCESS)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# Products


class ProductAccessForm(forms.ModelForm):
    """The product form with the version it was opened on, so a stale save is refused, not applied."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # a ModelForm's clean() returns its cleaned_data
        if self.instance.pk and cleaned.get("expected_version") is None:
            raise ValidationError(
                "Het formulier mist de versie waarop u begon te bewerken, dus kan niet worden nagegaan of een "
                "collega het product intussen heeft gewijzigd. Open het product opnieuw en breng uw wijzigingen aan.",
                code="version_missing",
            )
        if self.instance.pk:
            current = Product.objects.select_related("organisation", "last_edited_by").get(pk=self.instance.pk)
            try:
                editing.check_version(current, cleaned.get("expected_version"))
            except editing.EditConflict as conflict:
                raise ValidationError(conflict.messages) from None
        return cleaned


class ProductAccessAdmin(RoleScopedAdmin):
    """Products: roles, frozen editions and the workflow in the change form, actions and extra pages."""

    form = ProductAccessForm
    change_form_template = "admin/services/product/workflow_change_form.html"
    actions = ["submit_products", "approve_products"]
    workflow_readonly_fields = ("status", "version", "last_edited_by", "submitted_by", "submitted_at", "review_note")

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # The admin's rows come from Product.objects, a ProductQuerySet; Django's types only know a QuerySet.
        return access.visible_products(request.user, cast(ProductQuerySet, queryset))

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # A published row changes only through its concept copy; archived rows not at all.
        products = cast(ProductQuerySet, queryset)  # as in visible()
        return access.editable_products(request.user, products).filter(status__in=[Status.CONCEPT, Status.IN_REVIEW])

    def may_add(self, request: HttpRequest) -> bool:
        return _has_role(request, (Kind.EDITOR,))

    def has_change_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        if obj is None:
            return _has_role(request, (Kind.EDITOR,))
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        # Only concepts go: a never-published product or a concept copy (discarding it).
        if obj is None:
            return _has_role(request, (Kind.EDITOR,))
        return obj.status == Status.CONCEPT and self.has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None):
        fields = [*super().get_readonly_fields(request, obj), *self.workflow_readonly_fields]
        if obj is not None:
            fields += ["organisation", "edition"]
        return tuple(dict.fromkeys(fields))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        user = request.user
        if db_field.name == "organisation":
            kwargs["queryset"] = access.organisations_with(user, (Kind.EDITOR,))
        elif db_field.name == "edition":
            kwargs["queryset"] = Edition.objects.filter(access.scope(user, (Kind.EDITOR,), unit="")).exclude(
                state=Edition.State.PUBLISHED
            )
        elif db_field.name == "unit":
            kwargs["queryset"] = access.units_with(user, (Kind.EDITOR,))
        elif db_field.name == "tier":
            kwargs["queryset"] = Tier.objects.filter(access.scope(user, (Kind.EDITOR,), unit=""))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Product | None = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ScopedForm(form):  # type: ignore[valid-type,misc]  # a subclass of the form the admin just built
            def clean(self) -> dict:
                cleaned = super().clean()
                unit, organisation = cleaned.get("unit"), cleaned.get("organisation") or self.instance.organisation
                moved = unit is not None and organisation is not None and self.instance.unit_id != unit.pk
                if moved and not access.may_create_product_in(user, organisation=organisation, unit=unit):
                    raise ValidationError({"unit": "U mag geen producten in deze eenheid zetten."})
                return cleaned

        return ScopedForm

    def save_model(self, request: HttpRequest, obj: Product, form, change: bool) -> None:
        # Nothing yet: save_related makes the whole change (fields and inlines) in one workflow operation.
        pass

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        """Save the form and its inlines through editorial.operations.products (version, status, editor, history)."""
        relations = inline_relations(formsets)
        product = form.instance
        fields = {name: getattr(product, name) for name in CONTENT_FIELDS if name in form.fields}
        if change:
            saved = editing.update_product(
                user=request.user,
                product=product,
                expected_version=form.cleaned_data.get("expected_version"),
                changes=fields,
                reason="Bewerkt in het beheer",
                **relations,
            )
        else:
            for name in ("title", "slug", "unit"):
                fields.pop(name, None)
            saved = editing.create_product(
                user=request.user,
                edition=product.edition,
                unit=product.unit,
                title=product.title,
                slug=product.slug,
                **{name: value or [] for name, value in relations.items()},
                **fields,
            )
        product.pk = saved.pk
        product._state.adding = False
        product.version, product.status = saved.version, saved.status
        for formset in formsets:  # read by construct_change_message; the operation wrote the rows
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def response_change(self, request: HttpRequest, obj: Product) -> HttpResponse:
        if "_indienen" not in request.POST:
            return super().response_change(request, obj)
        # "Indienen ter beoordeling" saves the form first (above), then submits what was saved.
        try:
            editing.submit_for_review(user=request.user, product=obj)
        except (editing.WorkflowError, PermissionDenied) as error:
            self.message_user(request, f"Opgeslagen, maar niet ingediend: {_message(error)}", messages.ERROR)
        else:
            self.message_user(request, "Opgeslagen en ingediend ter beoordeling.", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))

    def _changeform_view(self, request: HttpRequest, object_id, form_url, extra_context):
        if request.method == "POST" and object_id:
            # Inside the admin's transaction: lock the product before the form and its inlines are read and
            # checked, so a colleague's save cannot land between the version check and the inline rows.
            Product.objects.select_for_update().filter(pk=_int(object_id) or 0).values_list("pk").first()
        return super()._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]  # Django API, untyped in the stubs

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except editing.WorkflowError as error:
            # Checked by the form already; this is the rare race between its check and the save.
            self.message_user(request, f"Niet opgeslagen: {_message(error)}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request: HttpRequest, obj: Product) -> None:
        obj._history_user = request.user
        obj._change_reason = "Verwijderd in het beheer"
        super().delete_model(request, obj)

    # Buttons on the change form

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        obj = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if obj is not None:
            user = request.user
            draft = Product.objects.filter(draft_of=obj).first()
            context["workflow"] = {
                "draft": draft,
                "may_start_edit": obj.status == Status.PUBLISHED and access.may_edit_product(user, obj),
                "may_submit": obj.status == Status.CONCEPT and access.may_edit_product(user, obj),
                "may_review": obj.status == Status.IN_REVIEW and access.may_review_product(user, obj),
                "four_eyes_blocked": obj.last_edited_by_id == user.pk,
                "frozen": frozen_guidance(obj) if obj.edition.is_frozen else None,
            }
        return super().change_view(request, object_id, form_url, extra_context=context)

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("verlopen/", wrap(self.overdue_view), name=f"{prefix}_overdue"),
            path("<path:object_id>/bewerken/", wrap(self.start_edit_view), name=f"{prefix}_start_edit"),
            path("<path:object_id>/indienen/", wrap(self.submit_view), name=f"{prefix}_submit"),
            path("<path:object_id>/goedkeuren/", wrap(self.approve_view), name=f"{prefix}_approve"),
            path("<path:object_id>/afwijzen/", wrap(self.reject_view), name=f"{prefix}_reject"),
            path("<path:object_id>/versies/", wrap(self.versions_view), name=f"{prefix}_versions"),
            path("<int:pk>/voorbeeld/", wrap(ProductPreviewView.as_view()), name=f"{prefix}_preview"),
            path(
                "<path:object_id>/versies/<int:history_id>/herstellen/",
                wrap(self.restore_view),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def _visible_object(self, request: HttpRequest, object_id: str) -> Product:
        obj = self.get_object(request, object_id)  # within get_queryset: other organisations get a 404
        if obj is None:
            raise Http404("Dit product bestaat niet of u heeft er geen toegang toe.")
        return obj

    def _change_url(self, obj: Product) -> str:
        return reverse(f"{self.admin_site.name}:services_product_change", args=[obj.pk])

    def _workflow_step(self, request: HttpRequest, object_id: str, step, success: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None and not Product.objects.filter(pk=_int(object_id) or 0).exists():
            # A concept copy that a colleague approved or discarded a moment ago; say so instead of a 404.
            self.message_user(request, editing.GONE, messages.ERROR)
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:services_product_changelist"))
        if obj is None:
            raise Http404("Dit product bestaat niet of u heeft er geen toegang toe.")
        try:
            result = step(obj)
        except (editing.WorkflowError, PermissionDenied) as error:
            self.message_user(request, _message(error), messages.ERROR)
            return HttpResponseRedirect(self._change_url(obj))
        self.message_user(request, success, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(result))

    def start_edit_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._workflow_step(
            request,
            object_id,
            lambda obj: editing.start_edit(user=request.user, product=obj),
            "U bewerkt nu het concept; het publiek ziet de gepubliceerde tekst tot de goedkeuring.",
        )

    def submit_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._workflow_step(
            request,
            object_id,
            lambda obj: editing.submit_for_review(
                user=request.user, product=obj, expected_version=_int(request.POST.get("expected_version"))
            ),
            "Ingediend ter beoordeling.",
        )

    def approve_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._workflow_step(
            request,
            object_id,
            lambda obj: editing.approve(
                user=request.user, product=obj, expected_version=_int(request.POST.get("expected_version"))
            ),
            "Goedgekeurd en gepubliceerd.",
        )

    def reject_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        note = request.POST.get("note", "")
        return self._workflow_step(
            request,
            object_id,
            lambda obj: editing.reject(
                user=request.user, product=obj, note=note, expected_version=_int(request.POST.get("expected_version"))
            ),
            "Afgewezen; het concept staat weer open voor de redacteur.",
        )

    def versions_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """All versions of the product (and its concept copies), with a readable diff between two."""
        obj = self._visible_object(request, object_id)
        owner = obj.draft_of or obj
        versions = list(product_versions(owner))
        by_id = {v.history_id: v for v in versions}
        old = by_id.get(_int(request.GET.get("van")))
        new = by_id.get(_int(request.GET.get("naar")))
        own = [v for v in versions if v.id == obj.pk and v.history_type != "-"]
        headings = owner.organisation.section_headings()
        if old is None and new is None and len(own) >= 2:
            # By default: the two latest versions that differ (a submit or approve changes no section).
            new = own[0]
            old = next((v for v in own[1:] if compare(v, new, headings=headings)), own[1])
        changes = compare(old, new, headings=headings) if old and new else None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Versies van {owner}",
            "opts": self.model._meta,
            "original": obj,
            "owner": owner,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
            "may_restore": access.may_edit_product(request.user, obj),
        }
        return TemplateResponse(request, "admin/services/product/versions.html", context)

    def restore_view(self, request: HttpRequest, object_id: str, history_id: int) -> HttpResponse:
        return self._workflow_step(
            request,
            object_id,
            lambda obj: editing.restore_version(
                user=request.user,
                product=obj,
                history_id=history_id,
                expected_version=_int(request.POST.get("expected_version")),
            ),
            "De eerdere versie is teruggezet als concept; na goedkeuring is ze gepubliceerd.",
        )

    def overdue_view(self, request: HttpRequest) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Producten waarvan de herziening verlopen is",
            "opts": self.model._meta,
            "products": overdue_products(request.user),
        }
        return TemplateResponse(request, "admin/services/product/overdue.html", context)

    # Changelist actions

    def get_actions(self, request: HttpRequest) -> dict:
        found = super().get_actions(request)
        if not _has_role(request, (Kind.EDITOR,)):
            found.pop("submit_products", None)
            found.pop("delete_selected", None)
        if not _has_role(request, (Kind.REVIEWER,)):
            found.pop("approve_products", None)
        return found

    def _bulk(self, request: HttpRequest, queryset: QuerySet, step, done: str) -> None:
        succeeded = 0
        for product in queryset:
            try:
                step(product)
            except (editing.WorkflowError, PermissionDenied) as error:
                self.message_user(request, f"{product}: {_message(error)}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{succeeded} {done}.", messages.SUCCESS)

    @admin.action(description="Indienen ter beoordeling")
    def submit_products(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk(
            request,
            queryset,
            lambda p: editing.submit_for_review(user=request.user, product=p),
            "product(en) ingediend",
        )

    @admin.action(description="Goedkeuren en publiceren")
    def approve_products(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk(
            request, queryset, lambda p: editing.approve(user=request.user, product=p), "product(en) gepubliceerd"
        )


class ProductRowInlineAccess(_InlineBase):
    """Inlines of a product (tiers, legal bases, uptake): writable exactly when the product is."""

    def _parent_changeable(self, request: HttpRequest, obj: Product | None) -> bool:
        if obj is None:  # the add form
            return _has_role(request, (Kind.EDITOR,))
        return (
            access.editable_products(request.user)
            .filter(pk=obj.pk, status__in=[Status.CONCEPT, Status.IN_REVIEW])
            .exists()
        )

    def has_add_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        return self._parent_changeable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        return self._parent_changeable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        return self._parent_changeable(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        return obj is None or access.may_view_product(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "tier":
            kwargs["queryset"] = Tier.objects.filter(access.scope(request.user, unit=""))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProductRowAccessAdmin(RoleScopedAdmin):
    """A stand-alone admin of product rows (uptake, tiers, legal bases): the product's rules apply."""

    def visible(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(
            access.scope(request.user, organisation="product__organisation_id", unit="product__unit_id")
        )

    def changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(
            product__in=access.editable_products(request.user).filter(status__in=[Status.CONCEPT, Status.IN_REVIEW])
        )

    def may_add(self, request: HttpRequest) -> bool:
        return _has_role(request, (Kind.EDITOR,))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "product":
            kwargs["queryset"] = access.editable_products(request.user).filter(
                status__in=[Status.CONCEPT, Status.IN_REVIEW]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def inline_relations(formsets) -> dict[str, list | None]:
    """Tiers, legal bases and uptake as the product's inlines hold them after the POST (None: not on the form)."""
    from municipalities.models import Uptake
    from services.models import LegalBasis, ProductTier

    found: dict[str, list | None] = {"tiers": None, "legal_bases": None, "uptake": None}
    for formset in formsets:
        rows = [
            form.cleaned_data
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if formset.model is ProductTier:
            found["tiers"] = [row["tier"] for row in rows if row.get("tier")]
        elif formset.model is LegalBasis:
            ordered = sorted((row for row in rows if row.get("framework")), key=lambda row: row.get("order") or 0)
            found["legal_bases"] = [
                editing.Basis(row["framework"], row.get("article") or "", row.get("note") or "") for row in ordered
            ]
        elif formset.model is Uptake:
            found["uptake"] = [
                editing.Take(row["municipality"], row.get("note") or "") for row in rows if row.get("municipality")
            ]
    return found


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
