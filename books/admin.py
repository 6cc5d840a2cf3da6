"""Admin for the PDF books: the stored renders, and the book preview action on the editions list."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from books.models import BookRender
from books.operations import request_book
from books.selectors import organisation_book_spec
from editorial.admin.catalogue import EditionAdmin
from services.models import Edition


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


admin.site.register(BookRender, BookRenderAdmin)


class EditionWithBooksAdmin(EditionAdmin):
    """The editions list of the editorial admin, with the book preview action of this app."""

    actions = [*EditionAdmin.actions, make_book_preview]


admin.site.unregister(Edition)
admin.site.register(Edition, EditionWithBooksAdmin)
