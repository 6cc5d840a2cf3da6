"""HTML to PDF with WeasyPrint, fetching nothing but the project's own static files.

The renderer is safe by construction: every URL the document mentions (stylesheets, images, fonts,
``<link rel="attachment">``, CSS ``url()``) goes through :class:`StaticOnlyFetcher`, which answers
only for files that Django's staticfiles finders know, looked up by path under a fixed base URL on the
reserved ``.invalid`` domain. Everything else (http, https to any other host, file:, data:, ftp:) is
refused without opening a connection, and no redirect is ever followed because nothing is ever
requested over the network.

``data:`` URLs are refused too: the print templates never need them, and accepting them would let a
text smuggle a decompression bomb or a huge image into a render.
"""

import contextlib
import gc
import mimetypes
import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from books import pdf_speedups
from books.rendered import RenderedPdf

pdf_speedups.apply()

# Python's cyclic garbage collector during a render (see fewer_collections): the youngest generation is
# collected after this many allocations instead of 700, the middle one after 50 of those instead of 10,
# and a full collection is left for after the render.
RENDER_GC_THRESHOLDS = (10_000, 50, 100)

# Relative URLs in the print templates resolve against this base; only it is served.
STATIC_BASE_URL = "https://static.catalogue.invalid/static/"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF for public bodies' accessibility duty


class FetchRefused(ValueError):
    """The renderer asked for something outside the project's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Deny by default: serve a URL only when it names a file found by the staticfiles finders."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self.static_path(url)
        if path is None:
            self.refused.append(url)
            raise FetchRefused(f"Niet toegestaan in een PDF: {url[:200]}")
        self.served.append(url)
        content_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type or "application/octet-stream"}
        )

    @staticmethod
    def static_path(url: str) -> Path | None:
        if not url.startswith(STATIC_BASE_URL):
            return None
        parts = urlsplit(url)
        relative = unquote(parts.path[len(urlsplit(STATIC_BASE_URL).path) :])
        normalised = posixpath.normpath(relative)
        if not relative or normalised.startswith(("/", "..")) or "\\" in relative or "\x00" in relative:
            return None
        found = finders.find(normalised)
        if not found:
            return None
        return Path(found)


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> RenderedPdf:
    """Render a complete HTML document to a tagged PDF/UA-1 file.

    The document's ``<title>``, ``<meta name="author">`` and ``<html lang>`` become the PDF metadata.
    Call this only in a short-lived process (a management command or the render child process):
    WeasyPrint keeps the memory it used.
    """
    fetcher = fetcher or StaticOnlyFetcher()
    with fewer_collections():
        document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
        return RenderedPdf(data=document.write_pdf(pdf_variant=PDF_VARIANT), pages=len(document.pages))


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while WeasyPrint works, as RENDER_GC_THRESHOLDS says.

    WeasyPrint allocates millions of short-lived objects and frees nearly all of them by reference
    counting; Python's default thresholds still make the collector walk the whole growing heap about
    twenty times in a 1,000-page book, a fifth of the render's time (bench/pdf.py). With these
    thresholds it never walks the whole heap during the render: the 12x bench book (1,165 pages) takes
    about 0.8x the CPU time and 1.2x the peak memory (1.3 GB: the cycles it leaves wait for the process
    to end), under the render child's address-space limit (CATALOGUE_BOOK_MEMORY_MB, 2,048). The thresholds
    are process-wide, so they are put back afterwards, also when the render fails.
    """
    before = gc.get_threshold()
    gc.set_threshold(*RENDER_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
