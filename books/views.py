"""Download views for the PDF books. Thin: resolve what is asked, then serve, queue or explain.

A fresh render is served from storage. Otherwise the book is queued for a worker and the visitor sees
a small page that refreshes itself until the PDF is there; the web process never runs WeasyPrint.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.shortcuts import render as render_template
from django.utils.http import http_date, parse_etags, quote_etag
from django.views.decorators.http import require_safe

from books.limits import BookLimitReached, BookQueueFull
from books.models import BookRender
from books.operations import request_book
from books.selectors import (
    BookNotFound,
    BookSpec,
    InvalidSelection,
    book_title,
    comparison_book_spec,
    last_render,
    municipality_book_spec,
    organisation_book_spec,
    product_book_spec,
    product_preview_book_spec,
    selection_book_spec,
)
from catalogue.proxies import client_ip
from editorial.access import preview_product, visible_organisations
from services.models import YEAR_MAX, YEAR_MIN

REFRESH_SECONDS = 3


@require_safe
def organisation_book(request: HttpRequest, organisation: str, year: int) -> HttpResponseBase:
    # ?wijzigingen=1 adds the changes since the previous edition as an appendix.
    changes = request.GET.get("wijzigingen") == "1"
    return _deliver(request, lambda: organisation_book_spec(organisation, year, changes=changes))


@staff_member_required
@require_safe
def preview_book(request: HttpRequest, organisation: str, year: int) -> HttpResponseBase:
    # Concepts are for the organisation's own staff only (editorial.access); others get "not found".
    if not visible_organisations(request.user).filter(slug=organisation).exists():
        raise Http404("Onbekende organisatie.")
    return _deliver(request, lambda: organisation_book_spec(organisation, year, preview=True))


@staff_member_required
@require_safe
def product_preview_book(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One product, concept included, as its book will print it; for the organisation's own staff."""
    product = preview_product(request.user, pk)
    if product is None:
        raise Http404("Dit product bestaat niet of u heeft er geen toegang toe.")
    return _deliver(request, lambda: product_preview_book_spec(product))


@require_safe
def municipality_book(request: HttpRequest, cbs_code: str, year: int) -> HttpResponseBase:
    return _deliver(request, lambda: municipality_book_spec(cbs_code, year))


@require_safe
def organisation_municipality_book(
    request: HttpRequest, organisation: str, year: int, cbs_code: str
) -> HttpResponseBase:
    return _deliver(request, lambda: municipality_book_spec(cbs_code, year, organisation_slug=organisation))


@require_safe
def product_book(request: HttpRequest, organisation: str, slug: str) -> HttpResponseBase:
    year = request.GET.get("jaar") or str(settings.CATALOGUE_CURRENT_YEAR)
    if not year.isdigit() or not YEAR_MIN <= int(year) <= YEAR_MAX:
        return _problem(request, "Ongeldig jaar", f"'{year[:10]}' is geen jaar zoals 2026.", status=400)
    return _deliver(request, lambda: product_book_spec(organisation, slug, int(year)))


@require_safe
def comparison_book(request: HttpRequest) -> HttpResponseBase:
    """``/gemeenten/vergelijk.pdf?gemeente=GM0546&gemeente=GM0537`` (``&verschillen=1``, ``&jaar=``)."""
    year = request.GET.get("jaar") or str(settings.CATALOGUE_CURRENT_YEAR)
    if not year.isdigit() or not YEAR_MIN <= int(year) <= YEAR_MAX:
        return _problem(request, "Ongeldig jaar", f"'{year[:10]}' is geen jaar zoals 2026.", status=400)
    return _deliver(
        request,
        lambda: comparison_book_spec(
            request.GET.getlist("gemeente"), int(year), only_differences=request.GET.get("verschillen") == "1"
        ),
    )


@require_safe
def selection_book(request: HttpRequest) -> HttpResponseBase:
    return _deliver(request, lambda: selection_book_spec(request.GET))


def _deliver(request: HttpRequest, resolve) -> HttpResponseBase:
    try:
        spec: BookSpec = resolve()
    except BookNotFound as error:
        return _problem(request, "Boek niet gevonden", str(error), status=404)
    except InvalidSelection as error:
        messages = [message for errors in error.errors.values() for message in errors]
        return _problem(request, "Ongeldige selectie", " ".join(messages), status=400)
    # Staff are not rate-limited (their previews are not counted against the queue either).
    client = None if request.user.is_staff else (client_ip(request) or "onbekend")
    try:
        render = request_book(spec, client=client)
    except BookLimitReached as limit:
        title = "Het is nu erg druk" if isinstance(limit, BookQueueFull) else "Even geduld"
        response = _problem(request, title, str(limit), status=503 if isinstance(limit, BookQueueFull) else 429)
        response["Retry-After"] = str(limit.retry_after)
        response["Cache-Control"] = "no-store"
        return response
    if render.state == BookRender.State.READY:
        return _serve(request, render)
    if render.state == BookRender.State.FAILED:
        detail = render.error if request.user.is_staff else ""
        response = _problem(
            request,
            "Het boek kon niet worden gemaakt",
            "Er ging iets mis bij het maken van de PDF. Probeer het over een paar minuten opnieuw.",
            status=503,
            detail=detail,
        )
        response["Retry-After"] = "300"
        return response
    response = render_template(
        request,
        "books/waiting.html",
        {
            "render": render,
            "title": book_title(spec),
            "previous": last_render(spec),
            "refresh": REFRESH_SECONDS,
            "url": request.get_full_path(),
        },
        status=202,
    )
    response["Retry-After"] = str(REFRESH_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _serve(request: HttpRequest, render: BookRender) -> HttpResponseBase:
    etag = quote_etag(f"{render.key[:16]}-{render.fingerprint[:16]}")
    response: HttpResponseBase
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            render.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=render.filename
        )
    response["ETag"] = etag
    if render.finished_at:
        response["Last-Modified"] = http_date(render.finished_at.timestamp())
    # Always revalidate: the same URL gets a new book as soon as the catalogue changes.
    response["Cache-Control"] = "private, no-cache" if render.preview else "public, no-cache"
    return response


def _problem(request: HttpRequest, title: str, message: str, *, status: int, detail: str = "") -> HttpResponse:
    return render_template(
        request, "books/problem.html", {"title": title, "message": message, "detail": detail}, status=status
    )
