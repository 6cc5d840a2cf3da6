"""Admin pieces for the PDF books; services/admin.py wires them in:

from services.book_admin import BookRenderAdmin, make_book_preview
admin.site.register(BookRender, BookRenderAdmin)
class EditionAdmin(admin.ModelAdmin):
    actions = [make_book_preview]
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from services.book_operations import request_book
from services.book_selectors import organisation_book_spec
from services.models import BookRender, Edition


@admin.action(description="Productenboek maken (voorbeeld)", permissions=["view"])
def make_book_preview(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    """Queue a preview book (concept products included, marked CONCEPT) of each selected edition.

    With one edition the browser goes straight to its download page, which waits until the PDF is ready.
    """
    editions: list[Edition] = list(queryset.select_related("organisation").order_by("organisation__name", "-year"))
    urls = [
        reverse("books:preview", kwargs={"organisation": edition.organisation.slug, "year": edition.year})
        for edition in editions
    ]
    if len(editions) == 1:
        return HttpResponseRedirect(urls[0])
    for edition in editions:
        request_book(organisation_book_spec(edition.organisation.slug, edition.year, preview=True))
    modeladmin.message_user(
        request,
        format_html(
            "De voorbeeldboeken worden gemaakt: {}",
            format_html_join(
                ", ", '<a href="{}">{}</a>', ((url, str(e)) for url, e in zip(urls, editions, strict=True))
            ),
        ),
        messages.SUCCESS,
    )
    return None


class BookRenderAdmin(admin.ModelAdmin):
    """Read-only view of the stored books, to see what is queued, ready or failed."""

    list_display = ["filename", "kind", "year", "state", "page_count", "size", "preview", "created_at", "finished_at"]
    list_filter = ["state", "kind", "preview", "year"]
    search_fields = ["filename", "key", "fingerprint"]
    list_select_related = ["organisation", "municipality", "product"]
    readonly_fields = [field.name for field in BookRender._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: BookRender | None = None) -> bool:
        return False
