"""A minimal admin built from the access mixins, for testing them before the real admin is wired.

The real admin (services/admin.py, municipalities/admin.py) puts the same mixins first in its bases.
"""

from django.contrib import admin

from municipalities.models import Municipality, Uptake
from services.admin_access import (
    EditionAccessAdmin,
    OrganisationAccessAdmin,
    OrganisationRowAccessAdmin,
    ProductAccessAdmin,
    ProductRowAccessAdmin,
    ProductRowInlineAccess,
    ReferenceDataAccessAdmin,
    RoleAccessAdmin,
)
from services.models import Edition, LegalBasis, LegalFramework, Organisation, Product, ProductTier, Role, Tier, Unit

site = admin.AdminSite(name="admin")


class ProductTierInline(ProductRowInlineAccess, admin.TabularInline):
    model = ProductTier
    extra = 0


class LegalBasisInline(ProductRowInlineAccess, admin.TabularInline):
    model = LegalBasis
    extra = 0


class UptakeInline(ProductRowInlineAccess, admin.TabularInline):
    model = Uptake
    extra = 0


@admin.register(Product, site=site)
class ProductAdmin(ProductAccessAdmin):
    list_display = ("title", "organisation", "status")
    search_fields = ("title",)
    autocomplete_fields = ("unit", "edition")
    inlines = (ProductTierInline, LegalBasisInline, UptakeInline)


@admin.register(Edition, site=site)
class EditionAdmin(EditionAccessAdmin):
    search_fields = ("title",)


@admin.register(Unit, site=site)
class UnitAdmin(OrganisationRowAccessAdmin):
    search_fields = ("name",)


@admin.register(Tier, site=site)
class TierAdmin(OrganisationRowAccessAdmin):
    search_fields = ("name",)


@admin.register(Role, site=site)
class RoleAdmin(RoleAccessAdmin):
    pass


@admin.register(Organisation, site=site)
class OrganisationAdmin(OrganisationAccessAdmin):
    search_fields = ("name",)


@admin.register(LegalFramework, site=site)
class LegalFrameworkAdmin(ReferenceDataAccessAdmin):
    search_fields = ("name",)


@admin.register(Municipality, site=site)
class MunicipalityAdmin(ReferenceDataAccessAdmin):
    search_fields = ("name",)


@admin.register(Uptake, site=site)
class UptakeAdmin(ProductRowAccessAdmin):
    pass
