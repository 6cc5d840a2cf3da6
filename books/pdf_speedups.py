"""One fix to a quadratic cost in pydyf that PDF/UA tagging hits, applied when the renderer is imported.

WeasyPrint's tagging (``weasyprint.pdf.tags``) reads ``pdf.page_references[page_number]`` once per
structure element, and pydyf (0.13) rebuilds that tuple of every page's reference on each read:
the cost of tagging grows with elements × pages, about 2 s of a 90-page book and minutes of a
1,000-page one. The references only change when a page is added, so they are cached per page count;
the result is the same tuple.
"""

import pydyf

_uncached = pydyf.PDF.page_references


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    count = pdf.pages["Count"]
    cached = pdf.__dict__.get("_catalogue_page_references")
    if cached is None or cached[0] != count:
        cached = (count, _uncached.fget(pdf))
        pdf.__dict__["_catalogue_page_references"] = cached
    return cached[1]


def apply() -> None:
    if isinstance(pydyf.PDF.page_references, property) and pydyf.PDF.page_references.fget is not _page_references:
        pydyf.PDF.page_references = property(_page_references)
